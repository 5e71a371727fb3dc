"""The skill map (岗位能力图谱): which skills postings ask for, by occupation and district, how demand moves month
by month, and which demanded skills a programme's courses do not teach."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from matching.profiles import PostingProfile
from matching.skills import OccupationIndex, SkillDictionary
from matching.training import Programme


@dataclass(frozen=True)
class SkillDemand:
    skill: str
    kind: str
    postings: int
    share: float  # of the postings in the group


@dataclass
class SkillMap:
    overall: list[SkillDemand]
    by_occupation: dict[str, list[SkillDemand]]
    by_district: dict[str, list[SkillDemand]]
    trend: dict[str, dict[str, int]]  # skill -> month -> postings
    months: list[str]
    programme_gaps: list[dict] = field(default_factory=list)

    def to_dict(self, top: int = 15) -> dict:
        def rows(items):
            return [d.__dict__ for d in items[:top]]

        return {
            "overall": rows(self.overall),
            "by_occupation": {k: rows(v) for k, v in self.by_occupation.items()},
            "by_district": {k: rows(v) for k, v in self.by_district.items()},
            "months": self.months,
            "trend": {s: self.trend[s] for s in [d.skill for d in self.overall[:top]]},
            "programme_gaps": self.programme_gaps,
        }


def _demand(postings: list[PostingProfile], dictionary: SkillDictionary) -> list[SkillDemand]:
    counts = Counter(s for p in postings for s in set(p.skills))
    n = len(postings) or 1
    return [SkillDemand(s, dictionary.kind(s) if s in dictionary else "other", c, round(c / n, 3))
            for s, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def build_skill_map(postings: list[PostingProfile], dictionary: SkillDictionary, occupations: OccupationIndex,
                    programmes: list[Programme] = (), min_share: float = 0.2) -> SkillMap:
    """Aggregate the postings' listed skills. A programme gap lists the skills asked for by at least ``min_share``
    of the postings of the programme's occupation that none of its courses or certificates teach."""
    groups_occ: dict[str, list[PostingProfile]] = defaultdict(list)
    groups_dist: dict[str, list[PostingProfile]] = defaultdict(list)
    trend: dict[str, Counter] = defaultdict(Counter)
    for p in postings:
        groups_occ[p.occupation or "其他"].append(p)
        if p.district:
            groups_dist[p.district].append(p)
        if p.month:
            for s in set(p.skills):
                trend[s][p.month] += 1
    months = sorted({p.month for p in postings if p.month})
    by_occ = {k: _demand(v, dictionary) for k, v in sorted(groups_occ.items())}
    gaps = []
    for prog in programmes:
        occ = occupations.for_major(prog.name)
        demanded = [d for d in by_occ.get(occ or "", []) if d.share >= min_share and d.kind != "soft"]
        missing = [d.skill for d in demanded if d.skill not in prog.skills]
        gaps.append({
            "college": prog.college, "programme": prog.name, "code": prog.code, "occupation": occ,
            "source": prog.source, "demanded": [d.skill for d in demanded], "taught": sorted(prog.skills),
            "missing": missing,
        })
    return SkillMap(
        overall=_demand(postings, dictionary),
        by_occupation=by_occ,
        by_district={k: _demand(v, dictionary) for k, v in sorted(groups_dist.items())},
        trend={s: {m: c[m] for m in months} for s, c in trend.items()},
        months=months,
        programme_gaps=gaps,
    )
