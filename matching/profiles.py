"""Typed profiles of job seekers and postings, parsed from JSON, plain-text résumés and posting dicts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.errors import ZhituError
from core.places import canonical_district
from knowledge.tokenize import normalise
from matching.skills import OccupationIndex, SkillDictionary, load_dictionary, load_occupations

# Education ladder shared by postings and seekers (higher is more).
EDUCATION_LEVELS: list[tuple[str, int]] = [
    ("博士", 6), ("硕士", 5), ("研究生", 5), ("本科", 4), ("学士", 4), ("大专", 3), ("专科", 3), ("高职", 3),
    ("中专", 2), ("中职", 2), ("技校", 2), ("职高", 2), ("高中", 2), ("初中", 1),
]
EDUCATION_NAMES = {6: "博士", 5: "硕士", 4: "本科", 3: "大专", 2: "中专/高中", 1: "初中"}

_SALARY = re.compile(r"(\d+(?:\.\d+)?)\s*([kK千万]?)\s*(?:元)?\s*(?:[-~至到—]\s*(\d+(?:\.\d+)?)\s*([kK千万]?))?")
_YEARS = re.compile(r"(\d+)\s*(?:-\s*\d+\s*)?年")
_CN_YEARS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0}
_DISTRICT = re.compile(r"([\u4e00-\u9fff]{2})区")
_LABEL = re.compile(r"^\s*[【\[]?([\u4e00-\u9fffA-Za-z/ ]{2,8})[】\]]?\s*[:：]\s*(.+?)\s*$")


class ProfileError(ZhituError):
    """A profile file or form could not be understood."""


def education_level(text: str | None) -> int | None:
    """The level of an education phrase ("大专及以上" → 3); None when unrestricted or unknown ("学历不限")."""
    if not text:
        return None
    t = normalise(text)
    if "不限" in t:
        return None
    for word, level in EDUCATION_LEVELS:
        if word in t:
            return level
    return None


def experience_years(text: str | float | None) -> int | None:
    """Years of experience asked for or offered ("1-3年" → 1, "应届毕业生可投" → 0); None when unknown."""
    if text is None or text == "":
        return None
    if isinstance(text, int | float):
        return int(text)
    t = normalise(str(text))
    if "不限" in t or "应届" in t or "无经验" in t or "零经验" in t:
        return 0
    m = _YEARS.search(t)
    if m:
        return int(m.group(1))
    for ch, n in _CN_YEARS.items():
        if f"{ch}年" in t:
            return n
    return None


def parse_salary(text: str | float | None) -> tuple[int, int] | None:
    """Monthly salary range in yuan ("6000-8000元/月", "8k-12k", "7千") or None ("面议")."""
    if text is None or text == "":
        return None
    if isinstance(text, int | float):
        return int(text), int(text)
    m = _SALARY.search(normalise(str(text)))
    if not m:
        return None

    def value(num: str, unit: str, fallback_unit: str = "") -> int:
        unit = unit or fallback_unit
        mult = {"k": 1000, "千": 1000, "万": 10000}.get(unit, 1)
        return int(float(num) * mult)

    low = value(m.group(1), m.group(2), m.group(4) or "")
    high = value(m.group(3), m.group(4)) if m.group(3) else low
    if "年" in str(text) and "月" not in str(text):
        low, high = low // 12, high // 12
    return (low, high) if low <= high else (high, low)


@dataclass(frozen=True)
class PostingProfile:
    """A posting as the matcher sees it: canonical skills, occupation, levels and numbers."""

    id: str
    title: str
    company: str
    district: str
    salary: tuple[int, int] | None
    salary_text: str
    education: int | None
    education_text: str
    experience: int | None
    experience_text: str
    skills: tuple[str, ...]
    extra_skills: tuple[str, ...]
    occupation: str | None
    posted_at: date | None
    source: str = ""

    @property
    def month(self) -> str | None:
        return self.posted_at.strftime("%Y-%m") if self.posted_at else None


def posting_profile(row: dict, dictionary: SkillDictionary | None = None,
                    occupations: OccupationIndex | None = None) -> PostingProfile:
    """Build a posting profile from a posting dict (the canonical columns of the corpus)."""
    dictionary = dictionary or load_dictionary()
    occupations = occupations or load_occupations()
    skills = dictionary.parse_list(str(row.get("skills") or ""))
    extra = [s for s in dictionary.extract(str(row.get("description") or "")) if s not in skills]
    try:
        posted = date.fromisoformat(str(row.get("posted_at") or "")[:10])
    except ValueError:
        posted = None
    title = str(row.get("title") or "")
    return PostingProfile(
        id=str(row.get("id") or ""),
        title=title,
        company=str(row.get("company") or ""),
        district=canonical_district(str(row.get("district") or "")),
        salary=parse_salary(row.get("salary")),
        salary_text=str(row.get("salary") or ""),
        education=education_level(row.get("education")),
        education_text=str(row.get("education") or ""),
        experience=experience_years(row.get("experience")),
        experience_text=str(row.get("experience") or ""),
        skills=tuple(skills),
        extra_skills=tuple(extra),
        occupation=occupations.for_title(title),
        posted_at=posted,
        source=str(row.get("source") or ""),
    )


@dataclass(frozen=True)
class SeekerProfile:
    """A job seeker. ``name`` and ``contact`` are never shown to employers; ``label`` is the anonymised view."""

    id: str
    major: str = ""
    education: int | None = None
    certificates: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    district: str | None = None
    expected_salary: int | None = None
    experience: int | None = None
    occupations: tuple[str, ...] = ()
    target: str = ""
    name: str = ""
    contact: str = ""
    text: str = ""
    shortlist: tuple[str, ...] = field(default=(), compare=False)

    @property
    def all_skills(self) -> frozenset[str]:
        return frozenset(self.skills) | frozenset(self.certificates)

    @property
    def label(self) -> str:
        """An anonymised one-line description: id, education, programme, district — no name, no contact."""
        parts = [EDUCATION_NAMES.get(self.education or 0, ""), self.major, self.district or ""]
        return f"求职者{self.id}（{'·'.join(p for p in parts if p)}）"


_KEYS = {
    "id": ("id", "编号"),
    "name": ("name", "姓名"),
    "contact": ("contact", "phone", "mobile", "电话", "手机"),
    "major": ("major", "programme", "program", "专业", "所学专业"),
    "education": ("education", "degree", "学历"),
    "certificates": ("certificates", "certs", "证书", "资格证书"),
    "skills": ("skills", "技能", "专业技能"),
    "district": ("district", "location", "意向区域", "期望地区", "期望工作地点", "工作地点", "区域"),
    "expected_salary": ("expected_salary", "salary", "期望薪资", "期望月薪", "期望工资"),
    "experience": ("experience", "experience_years", "工作经验", "经验"),
    "target": ("target", "target_title", "求职意向", "意向岗位", "期望岗位"),
    "text": ("text", "resume", "summary", "自我评价", "简历", "自我介绍", "经历"),
    "shortlist": ("shortlist",),
}


def _pick(data: dict, field_name: str):
    for key in _KEYS[field_name]:
        if key in data and data[key] not in (None, "", []):
            return data[key]
    return None


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[、,，;；/\n]+", value) if v.strip()]
    return [str(v) for v in value]


def _district(text: str, districts: list[str] | None) -> str | None:
    if districts:
        hits = [(text.find(d.removesuffix("区")), d) for d in districts if d.removesuffix("区") in text]
        return min(hits)[1] if hits else None
    m = _DISTRICT.search(text)
    return m.group(0) if m else None


def seeker_from_dict(data: dict, *, dictionary: SkillDictionary | None = None,
                     occupations: OccupationIndex | None = None, districts: list[str] | None = None,
                     default_id: str = "S000") -> SeekerProfile:
    """A seeker profile from a JSON object (English or Chinese keys); free text is mined for more skills."""
    dictionary = dictionary or load_dictionary()
    occupations = occupations or load_occupations()
    if not isinstance(data, dict):
        raise ProfileError("a profile must be a JSON object")
    text = str(_pick(data, "text") or "")
    major = str(_pick(data, "major") or "")
    target = str(_pick(data, "target") or "")
    if not major and text:
        found = occupations.majors_in(text)
        major = found[0] if found else ""
    cert_items = _as_list(_pick(data, "certificates"))
    certificates = [c for c in dictionary.parse_list(cert_items)]
    skills = dictionary.parse_list(_as_list(_pick(data, "skills")))
    for s in dictionary.extract(text):
        if s not in skills and s not in certificates:
            (certificates if dictionary.kind(s) == "cert" else skills).append(s)
    # A certificate listed under skills is still a certificate.
    certificates += [s for s in skills if dictionary.kind(s) == "cert" and s not in certificates]
    skills = [s for s in skills if s not in certificates]
    district_raw = _pick(data, "district")
    if district_raw and "不限" not in str(district_raw):
        district = _district(str(district_raw), districts) or str(district_raw)
    else:
        district = None if district_raw else _district(text, districts)
    salary = parse_salary(_pick(data, "expected_salary"))
    exp = _pick(data, "experience")
    education = _pick(data, "education")
    occs = []
    for source in (target, major):
        occ = occupations.for_title(source) if source is target else occupations.for_major(source)
        if occ and occ not in occs:
            occs.append(occ)
    if not occs and text:
        occ = occupations.for_title(text)
        if occ:
            occs.append(occ)
    return SeekerProfile(
        id=str(_pick(data, "id") or default_id),
        name=str(_pick(data, "name") or ""),
        contact=str(_pick(data, "contact") or ""),
        major=major,
        education=education_level(str(education)) if education else education_level(text),
        certificates=tuple(certificates),
        skills=tuple(skills),
        district=district,
        expected_salary=salary[0] if salary else None,
        experience=experience_years(exp) if exp is not None else experience_years(_experience_phrase(text)),
        occupations=tuple(occs),
        target=target,
        text=text,
        shortlist=tuple(_as_list(_pick(data, "shortlist"))),
    )


def _experience_phrase(text: str) -> str | None:
    m = re.search(r"(应届|无经验|零经验|[\d一两二三四五六七八九十半]+\s*年[^，。,;；\n]{0,8}经验|工作\s*[\d一两二三四五六七八九十]+\s*年)", text)
    return m.group(0) if m else None


def seeker_from_text(text: str, **kwargs) -> SeekerProfile:
    """A seeker profile from a plain-text résumé: labelled lines ("专业：数控技术") plus the whole text for skills."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        m = _LABEL.match(line)
        if not m:
            continue
        label, value = m.group(1).strip(), m.group(2)
        for name, keys in _KEYS.items():
            if label in keys and name not in ("text", "shortlist"):
                fields.setdefault(name, value)
    fields["text"] = text
    if "expected_salary" not in fields:
        m = re.search(r"期望(?:薪资|月薪|工资|待遇)?\s*[:：]?\s*([\d.kK千万\-~至到元 ]+)", text)
        if m:
            fields["expected_salary"] = m.group(1)
    return seeker_from_dict(fields, **kwargs)


def load_profile_file(path: Path, **kwargs) -> SeekerProfile:
    """Read FILE for `zhitu match --profile`: a JSON object or a plain-text résumé (UTF-8 or GB18030)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(f"{path.name}: cannot read ({exc.strerror})") from exc
    if not raw.strip():
        raise ProfileError(f"{path.name}: the profile is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ProfileError(f"{path.name}: not UTF-8 or GB18030 text") from exc
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ProfileError(f"{path.name}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
        return seeker_from_dict(data, **kwargs)
    return seeker_from_text(text, **kwargs)


def load_seekers(path: Path, **kwargs) -> list[SeekerProfile]:
    """The labelled seeker pool (JSON Lines, one profile per line)."""
    seekers = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ProfileError(f"{path.name}:{lineno}: {exc.msg}") from exc
        seekers.append(seeker_from_dict(data, default_id=f"S{lineno:03d}", **kwargs))
    return seekers
