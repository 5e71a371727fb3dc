"""Two-way matching: seeker → postings and posting → (anonymised) seekers, each result with its reasons.

A match score (0–100) is a weighted sum of six fits, each in [0, 1]:
skills (posting's listed skills, soft skills count less, skills named only in the description count 30 %),
occupation (the posting's occupation is the seeker's programme or stated aim), education, experience,
district and salary. ``pair_fit`` is the reference (used for explanations and for ranking seekers);
``PostingIndex`` computes the same numbers for thousands of postings at once with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.errors import NotFoundError
from core.masking import mask_pii
from matching.profiles import EDUCATION_NAMES, PostingProfile, SeekerProfile, posting_profile
from matching.skills import OccupationIndex, SkillDictionary, load_dictionary, load_occupations
from matching.training import TrainingCatalog

WEIGHTS = {"skill": 0.45, "occupation": 0.2, "education": 0.1, "experience": 0.07, "district": 0.1, "salary": 0.08}
EXTRA_FACTOR = 0.3  # skills named only in a description count this much of a listed skill
UNKNOWN = {"occupation": 0.3, "education": 0.7, "experience": 0.6, "district": 0.7, "salary": 0.7}


@dataclass(frozen=True)
class Fit:
    skill: float
    occupation: float
    education: float
    experience: float
    district: float
    salary: float
    matched: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def score(self) -> float:
        # numpy rounding, exactly as PostingIndex.scores does it
        return float(np.round(100 * sum(WEIGHTS[k] * getattr(self, k) for k in WEIGHTS), 1))


def education_fit(required: int | None, has: int | None) -> float:
    if required is None:
        return 1.0
    if has is None:
        return UNKNOWN["education"]
    return 1.0 if has >= required else 0.4 if required - has == 1 else 0.0


def experience_fit(required: int | None, has: int | None) -> float:
    if not required:
        return 1.0
    if has is None:
        return UNKNOWN["experience"]
    return 1.0 if has >= required else 0.7 * has / required


def district_fit(posting: str, wanted: str | None) -> float:
    if not wanted or not posting:
        return UNKNOWN["district"]
    return 1.0 if posting == wanted else 0.2


def salary_fit(offered: tuple[int, int] | None, expected: int | None) -> float:
    if not expected or offered is None:
        return UNKNOWN["salary"]
    top = offered[1]
    return 1.0 if top >= expected else max(0.0, 1.0 - 3.0 * (expected - top) / expected)


def pair_fit(seeker: SeekerProfile, posting: PostingProfile, dictionary: SkillDictionary) -> Fit:
    """How well one seeker fits one posting (the reference implementation)."""
    has = seeker.all_skills
    w = dictionary.weight
    den = sum(w(s) for s in posting.skills) + EXTRA_FACTOR * sum(w(s) for s in posting.extra_skills)
    num = sum(w(s) for s in posting.skills if s in has) + EXTRA_FACTOR * sum(
        w(s) for s in posting.extra_skills if s in has
    )
    if not seeker.occupations or posting.occupation is None:
        occ = UNKNOWN["occupation"]
    else:
        occ = 1.0 if posting.occupation in seeker.occupations else 0.0
    return Fit(
        skill=num / den if den else 0.5,
        occupation=occ,
        education=education_fit(posting.education, seeker.education),
        experience=experience_fit(posting.experience, seeker.experience),
        district=district_fit(posting.district, seeker.district),
        salary=salary_fit(posting.salary, seeker.expected_salary),
        matched=tuple(s for s in posting.skills if s in has),
        missing=tuple(s for s in posting.skills if s not in has),
    )


@dataclass
class Match:
    """One ranked posting for a seeker (or one ranked seeker for a posting, with ``id``/``title`` of the seeker)."""

    id: str
    title: str
    company: str
    score: float
    matched_skills: list[str]
    missing_skills: list[str]
    reasons: list[str]
    district: str = ""
    salary: str = ""
    training: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The JSON shape of `zhitu match` (DESIGN.md)."""
        return {
            "id": self.id, "title": self.title, "company": self.company, "score": self.score,
            "matched_skills": self.matched_skills, "missing_skills": self.missing_skills, "reasons": self.reasons,
        }


class PostingIndex:
    """Postings prepared once for fast ranking: numpy columns plus an inverted index from skill to postings."""

    def __init__(self, postings: list[PostingProfile], dictionary: SkillDictionary, occupations: OccupationIndex) -> None:
        self.postings = postings
        self.dictionary = dictionary
        self.by_id = {p.id: i for i, p in enumerate(postings)}
        n = len(postings)
        w = dictionary.weight
        nan = np.nan
        self.den = np.array(
            [sum(w(s) for s in p.skills) + EXTRA_FACTOR * sum(w(s) for s in p.extra_skills) for p in postings], dtype=float
        ).reshape(n)
        self.edu = np.array([nan if p.education is None else p.education for p in postings], dtype=float).reshape(n)
        self.exp = np.array([p.experience or 0 for p in postings], dtype=float).reshape(n)
        self.sal = np.array([nan if p.salary is None else p.salary[1] for p in postings], dtype=float).reshape(n)
        self._districts = {d: i for i, d in enumerate(sorted({p.district for p in postings if p.district}))}
        self.district = np.array([self._districts.get(p.district, -1) for p in postings], dtype=int).reshape(n)
        self._occs = {o: i for i, o in enumerate(occupations.names)}
        self.occ = np.array([self._occs.get(p.occupation, -1) if p.occupation else -1 for p in postings], dtype=int).reshape(n)
        listed: dict[str, list[int]] = {}
        extra: dict[str, list[int]] = {}
        for i, p in enumerate(postings):
            for s in p.skills:
                listed.setdefault(s, []).append(i)
            for s in p.extra_skills:
                extra.setdefault(s, []).append(i)
        self.listed = {s: np.array(ix, dtype=np.intp) for s, ix in listed.items()}
        self.extra = {s: np.array(ix, dtype=np.intp) for s, ix in extra.items()}

    def __len__(self) -> int:
        return len(self.postings)

    def scores(self, seeker: SeekerProfile) -> np.ndarray:
        """The match score (0–100) of every posting for ``seeker``, identical to ``pair_fit(...).score``."""
        n = len(self.postings)
        num = np.zeros(n)
        for s in seeker.all_skills:
            wt = self.dictionary.weight(s)
            if s in self.listed:
                num[self.listed[s]] += wt
            if s in self.extra:
                num[self.extra[s]] += EXTRA_FACTOR * wt
        with np.errstate(invalid="ignore", divide="ignore"):
            skill = np.where(self.den > 0, num / np.where(self.den > 0, self.den, 1), 0.5)
        codes = [self._occs[o] for o in seeker.occupations if o in self._occs]
        if not seeker.occupations:
            occ = np.full(n, UNKNOWN["occupation"])
        else:
            occ = np.where(self.occ < 0, UNKNOWN["occupation"], np.isin(self.occ, codes).astype(float))
        if seeker.education is None:
            edu = np.where(np.isnan(self.edu), 1.0, UNKNOWN["education"])
        else:
            gap = self.edu - seeker.education
            edu = np.where(np.isnan(self.edu) | (gap <= 0), 1.0, np.where(gap == 1, 0.4, 0.0))
        if seeker.experience is None:
            exp = np.where(self.exp == 0, 1.0, UNKNOWN["experience"])
        else:
            with np.errstate(invalid="ignore", divide="ignore"):
                exp = np.where((self.exp == 0) | (self.exp <= seeker.experience), 1.0, 0.7 * seeker.experience / self.exp)
        if not seeker.district:
            dist = np.full(n, UNKNOWN["district"])
        else:
            code = self._districts.get(seeker.district, -2)
            dist = np.where(self.district < 0, UNKNOWN["district"], np.where(self.district == code, 1.0, 0.2))
        if not seeker.expected_salary:
            sal = np.full(n, UNKNOWN["salary"])
        else:
            e = float(seeker.expected_salary)
            sal = np.where(np.isnan(self.sal), UNKNOWN["salary"],
                           np.where(self.sal >= e, 1.0, np.maximum(0.0, 1.0 - 3.0 * (e - self.sal) / e)))
        total = (WEIGHTS["skill"] * skill + WEIGHTS["occupation"] * occ + WEIGHTS["education"] * edu
                 + WEIGHTS["experience"] * exp + WEIGHTS["district"] * dist + WEIGHTS["salary"] * sal)
        return np.round(100 * total, 1)

    def top(self, seeker: SeekerProfile, k: int = 10) -> list[tuple[PostingProfile, float]]:
        scores = self.scores(seeker)
        k = min(k, len(scores))
        if k <= 0:
            return []
        cand = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        # Ties at the cut: take every posting scoring at least the k-th best, then order by score, then input order.
        cut = scores[cand].min()
        cand = np.flatnonzero(scores >= cut)
        order = cand[np.lexsort((cand, -scores[cand]))][:k]
        return [(self.postings[i], float(scores[i])) for i in order]


class Matcher:
    """Ranks postings for a seeker and seekers for a posting, and explains each result."""

    def __init__(self, postings: list[dict] | list[PostingProfile], seekers: list[SeekerProfile] | None = None,
                 catalog: TrainingCatalog | None = None, dictionary: SkillDictionary | None = None,
                 occupations: OccupationIndex | None = None) -> None:
        self.dictionary = dictionary or load_dictionary()
        self.occupations = occupations or load_occupations()
        profiles = [p if isinstance(p, PostingProfile) else posting_profile(p, self.dictionary, self.occupations)
                    for p in postings]
        self.index = PostingIndex(profiles, self.dictionary, self.occupations)
        self.seekers = list(seekers or [])
        self.catalog = catalog

    @property
    def postings(self) -> list[PostingProfile]:
        return self.index.postings

    @property
    def districts(self) -> list[str]:
        return sorted({p.district for p in self.postings if p.district})

    def posting(self, posting_id: str) -> PostingProfile:
        i = self.index.by_id.get(posting_id.strip())
        if i is None:
            raise NotFoundError(f"{posting_id}: no such posting")
        return self.postings[i]

    def match_seeker(self, seeker: SeekerProfile, k: int = 10, explain_training: bool = True) -> list[Match]:
        """The ``k`` best postings for ``seeker``, best first, with reasons and where to learn missing skills."""
        out = []
        for posting, _ in self.index.top(seeker, k):
            fit = pair_fit(seeker, posting, self.dictionary)
            training = self.training_for(fit.missing) if explain_training else {}
            reasons = self._posting_reasons(seeker, posting, fit)
            if explain_training:
                reasons += self._training_reasons(training, fit.missing, posting.district or seeker.district)
            out.append(Match(
                id=posting.id, title=posting.title, company=posting.company, score=fit.score,
                matched_skills=list(fit.matched), missing_skills=list(fit.missing),
                reasons=[mask_pii(r) for r in reasons], district=posting.district, salary=posting.salary_text,
                training=training,
            ))
        return out

    def match_posting(self, posting_id: str, k: int = 10, seekers: list[SeekerProfile] | None = None) -> list[Match]:
        """The ``k`` best of ``seekers`` (default: the matcher's pool) for a posting, anonymised (no name, no
        contact), best first."""
        posting = self.posting(posting_id)
        pool = self.seekers if seekers is None else seekers
        fits = [(pair_fit(s, posting, self.dictionary), i, s) for i, s in enumerate(pool)]
        fits.sort(key=lambda t: (-t[0].score, t[1]))
        return [
            Match(
                id=s.id, title=s.label, company="", score=fit.score, matched_skills=list(fit.matched),
                missing_skills=list(fit.missing), reasons=[mask_pii(r) for r in self._seeker_reasons(s, posting, fit)],
                district=s.district or "",
            )
            for fit, _, s in fits[:k]
        ]

    # ---- explanations -----------------------------------------------------------------------------------------
    def training_for(self, missing: tuple[str, ...] | list[str], limit: int = 3) -> dict[str, list[str]]:
        """For each missing skill (hard skills and certificates), where the knowledge base says it is taught."""
        if self.catalog is None:
            return {}
        out: dict[str, list[str]] = {}
        for skill in missing:
            if self.dictionary.kind(skill) == "soft":
                continue
            out[skill] = [o.describe() for o in self.catalog.options_for(skill, limit)]
        return out

    def _training_reasons(self, training: dict[str, list[str]], missing, district: str | None) -> list[str]:
        if self.catalog is None or not missing:
            return []
        lines = []
        for skill, options in training.items():
            if options:
                lines.append(f"学「{skill}」：{options[0]}")
            else:
                lines.append(f"「{skill}」：知识库中暂无教授它的专业课程，可向就业指导老师咨询培训渠道")
        if any(training.values()):
            for sub in self.catalog.subsidies_for(district, limit=1):
                lines.append(f"培训补贴：{sub.describe()}")
        return lines

    def _posting_reasons(self, seeker: SeekerProfile, p: PostingProfile, fit: Fit) -> list[str]:
        reasons = []
        if fit.matched:
            reasons.append(f"技能匹配{len(fit.matched)}/{len(p.skills)}：{'、'.join(fit.matched)}")
        elif p.skills:
            reasons.append(f"岗位要求的{len(p.skills)}项技能您暂未列出")
        if fit.missing:
            reasons.append(f"还缺：{'、'.join(fit.missing)}")
        if p.occupation:
            if p.occupation in seeker.occupations:
                reasons.append(f"岗位方向「{p.occupation}」与您的专业或意向对口")
            elif seeker.occupations:
                reasons.append(f"岗位方向「{p.occupation}」，与您的方向（{'、'.join(seeker.occupations)}）不同")
        reasons.append(_education_reason(p, seeker, fit))
        reasons.append(_experience_reason(p, seeker, fit))
        if p.district:
            if seeker.district == p.district:
                reasons.append(f"工作地点{p.district}，与意向区域一致")
            elif seeker.district:
                reasons.append(f"工作地点{p.district}，不在意向区域{seeker.district}")
            else:
                reasons.append(f"工作地点{p.district}")
        if p.salary_text:
            if seeker.expected_salary and p.salary:
                verdict = "达到" if fit.salary >= 1 else "低于"
                reasons.append(f"薪资{p.salary_text}，{verdict}期望{seeker.expected_salary}元")
            else:
                reasons.append(f"薪资{p.salary_text}")
        return [r for r in reasons if r]

    def _seeker_reasons(self, s: SeekerProfile, p: PostingProfile, fit: Fit) -> list[str]:
        reasons = []
        if fit.matched:
            reasons.append(f"具备岗位技能{len(fit.matched)}/{len(p.skills)}：{'、'.join(fit.matched)}")
        if fit.missing:
            reasons.append(f"尚缺：{'、'.join(fit.missing)}")
        if s.major:
            tail = "对口" if p.occupation and p.occupation in s.occupations else "方向不同"
            reasons.append(f"所学专业：{s.major}（{tail}）")
        reasons.append(_education_reason(p, s, fit, staff=True))
        reasons.append(_experience_reason(p, s, fit, staff=True))
        if s.district:
            same = "一致" if s.district == p.district else f"岗位在{p.district}"
            reasons.append(f"意向区域：{s.district}（{same}）")
        if s.expected_salary:
            reasons.append(f"期望薪资{s.expected_salary}元（岗位{p.salary_text}）")
        return [r for r in reasons if r]


def _education_reason(p: PostingProfile, s: SeekerProfile, fit: Fit, staff: bool = False) -> str:
    who = "求职者" if staff else "您"
    if p.education is None:
        return "学历不限"
    if s.education is None:
        return f"学历要求{p.education_text}（{who}未填写学历）"
    verdict = "符合" if fit.education >= 1 else "差一级" if fit.education > 0 else "不符合"
    return f"学历要求{p.education_text}，{who}为{EDUCATION_NAMES.get(s.education, '')}，{verdict}"


def _experience_reason(p: PostingProfile, s: SeekerProfile, fit: Fit, staff: bool = False) -> str:
    who = "求职者" if staff else "您"
    if not p.experience:
        return f"经验要求：{p.experience_text or '不限'}"
    if s.experience is None:
        return f"经验要求{p.experience_text}（{who}未填写工作年限）"
    verdict = "符合" if fit.experience >= 1 else "不足"
    return f"经验要求{p.experience_text}，{who}有{s.experience}年，{verdict}"
