"""Where to learn a missing skill: programmes, courses and certificates in the knowledge base, and the
training subsidies that pay for it — each with the file it comes from.

The lookup reads plain passages through a one-method interface (``PassageSource``): the knowledge base
(``KbPassages``), the only source the app has (tests may parse files directly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from core.places import place_mentions, same_place
from matching.skills import SkillDictionary, load_dictionary

_FIELD = re.compile(r"(核心课程|主要课程|专业课程|课程|可考证书|职业证书|证书)[:：]([^；;\n]+)")
_ITEMS = re.compile(r"[、,，]")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万)?元")
_COLLEGE = re.compile(r"\d{4}年?.*$")


@dataclass(frozen=True)
class Passage:
    """One citable passage (a programme section, a policy article)."""

    source: str
    title: str
    doc_type: str
    section: str
    text: str
    district: str = ""


class PassageSource(Protocol):
    def passages(self, doc_type: str) -> list[Passage]:
        """Every live passage of one document type ("programme" or "policy")."""
        ...


class KbPassages:
    """Passages read from the knowledge base's live chunks (what admins have ingested)."""

    def __init__(self, kb) -> None:
        self.kb = kb

    def passages(self, doc_type: str) -> list[Passage]:
        out: list[Passage] = []
        for rec in self.kb.documents():
            if rec.doc_type != doc_type:
                continue
            for _, text, meta in self.kb.chunks_of(rec.source):
                out.append(Passage(rec.source, rec.title, doc_type, str(meta.get("section", "")), text,
                                   str(meta.get("district", ""))))
        return out


@dataclass(frozen=True)
class TrainingOption:
    """A programme that teaches a skill, through a course or a certificate it prepares for."""

    skill: str
    college: str
    programme: str
    via: str  # 课程 | 证书
    item: str
    source: str

    def describe(self) -> str:
        return f"{self.college}·{self.programme}（{self.via}：{self.item}）〔{self.source}〕"


@dataclass(frozen=True)
class Subsidy:
    """A policy article that pays for training or for a skill certificate."""

    source: str
    title: str
    section: str
    district: str
    text: str

    def describe(self) -> str:
        return f"{self.title}{self.section}：{_shorten(self.text)}〔{self.source}〕"


@dataclass(frozen=True)
class Programme:
    college: str
    name: str
    code: str
    courses: tuple[str, ...]
    certificates: tuple[str, ...]
    source: str
    skills: frozenset[str]


def _shorten(text: str, limit: int = 120) -> str:
    text = re.sub(r"^第[一二三四五六七八九十百]+条\s*", "", text.strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_programme(p: Passage, dictionary: SkillDictionary) -> tuple[Programme, dict[str, list[tuple[str, str]]]] | None:
    """A programme section → the programme and, per skill it teaches, the (via, item) pairs that teach it."""
    m = re.match(r"(.+?)（专业代码[:：]\s*(\d{6})）", p.section)
    if not m:
        return None
    courses: list[str] = []
    certs: list[str] = []
    for label, value in _FIELD.findall(p.text):
        items = [i.strip() for i in _ITEMS.split(value) if i.strip()]
        (certs if "证书" in label else courses).extend(items)
    teaches: dict[str, list[tuple[str, str]]] = {}
    for via, items in (("课程", courses), ("证书", certs)):
        for item in items:
            for skill in (s for s in dictionary.extract_all(item) if dictionary.kind(s) != "soft"):
                teaches.setdefault(skill, []).append((via, item))
    college = _COLLEGE.sub("", p.title).strip() or p.title
    prog = Programme(college, m.group(1).strip(), m.group(2), tuple(courses), tuple(certs), p.source, frozenset(teaches))
    return prog, teaches


class TrainingCatalog:
    """Answers "where can I learn X, and who pays for it?" from programme and policy passages."""

    def __init__(self, source: PassageSource, dictionary: SkillDictionary | None = None) -> None:
        self.source = source
        self.dictionary = dictionary or load_dictionary()
        self._programmes: list[Programme] | None = None
        self._teaches: dict[str, list[TrainingOption]] = {}
        self._subsidies: list[Subsidy] | None = None

    def _load(self) -> None:
        if self._programmes is not None:
            return
        programmes: list[Programme] = []
        for p in self.source.passages("programme"):
            parsed = parse_programme(p, self.dictionary)
            if not parsed:
                continue
            prog, teaches = parsed
            programmes.append(prog)
            for skill, pairs in teaches.items():
                for via, item in pairs:
                    self._teaches.setdefault(skill, []).append(
                        TrainingOption(skill, prog.college, prog.name, via, item, prog.source)
                    )
        self._programmes = programmes

    @property
    def programmes(self) -> list[Programme]:
        self._load()
        return list(self._programmes or [])

    def options_for(self, skill: str, limit: int = 3) -> list[TrainingOption]:
        """Programmes whose courses or certificates teach ``skill`` (one per programme, courses first)."""
        self._load()
        seen: set[tuple[str, str]] = set()
        out: list[TrainingOption] = []
        for opt in sorted(self._teaches.get(skill, []), key=lambda o: (o.via != "课程", o.college, o.programme)):
            key = (opt.college, opt.programme)
            if key not in seen:
                seen.add(key)
                out.append(opt)
        return out[:limit]

    def subsidies(self) -> list[Subsidy]:
        """Policy articles that pay individuals for training or certificates (amounts included)."""
        if self._subsidies is None:
            out = []
            for p in self.source.passages("policy"):
                t = re.sub(r"\s+", "", p.text)
                if "附表" in t or not p.section.startswith("第") or not _AMOUNT.search(t) or "补贴" not in t:
                    continue
                if re.search(r"给予企业|对企业|企业培训补贴|企业一次性", t):
                    continue
                if not re.search(r"培训|技能", p.title):
                    continue
                out.append(Subsidy(p.source, p.title, p.section, p.district, t))
            self._subsidies = out
        return self._subsidies

    def subsidies_for(self, district: str | None, limit: int = 2) -> list[Subsidy]:
        """Training subsidies open to someone working in ``district``: the district's own first, then city-wide."""
        subs = self.subsidies()
        local = [s for s in subs if district and s.district and same_place(s.district, district)]
        city = [s for s in subs if not s.district or any(p.kind in ("city", "province") for p in place_mentions(s.district))]
        return (local[:1] + city + local[1:])[:limit]
