"""Supply–demand warnings (供需预警) per occupation and district, from the deployment's own postings and seekers.

openings = the postings' 招聘人数 (1 when a posting does not say); seekers = the ingested registrations plus the
profiles seekers chose to count on the 岗位匹配 tab; gap = openings − seekers; ratio = openings / seekers (求人倍率).
A ratio at or above ``shortage_ratio`` is a shortage (紧缺), at or below ``surplus_ratio`` a surplus (过剩).

Every posting and every seeker counts in exactly one occupation (``其他`` when none fits) and exactly one district
(its canonical short form through ``core.places``, or ``未注明``), so the district rows of an occupation add up to
its city-wide row (district ``全市``). With no registrations at all the flag is ``unknown``: openings are reported
with seekers 0, and nothing is called a shortage for want of data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Literal

from core.places import canonical_district
from matching.profiles import PostingProfile, SeekerProfile
from matching.skills import OccupationIndex

CITY = "全市"
OTHER = "其他"
NO_DISTRICT = "未注明"
Flag = Literal["shortage", "surplus", "balanced", "unknown"]
FLAG_NAMES = {"shortage": "紧缺", "surplus": "过剩", "balanced": "基本平衡", "unknown": "无求职登记数据"}

Count = tuple[str, str, str | None, int]  # (occupation, district, month or None, how many)


@dataclass(frozen=True)
class GapRow:
    occupation: str
    district: str
    openings: int
    seekers: int
    gap: int
    ratio: float | None
    flag: Flag
    month: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self) | {"flag_name": FLAG_NAMES[self.flag]}
        if self.month is None:
            del d["month"]
        return d


def flag_for(openings: int, seekers: int, shortage_ratio: float, surplus_ratio: float) -> tuple[float | None, Flag]:
    if seekers == 0:
        return None, ("shortage" if openings > 0 else "balanced")
    ratio = openings / seekers
    if ratio >= shortage_ratio:
        return ratio, "shortage"
    if ratio <= surplus_ratio:
        return ratio, "surplus"
    return ratio, "balanced"


def count_gaps(demand: Iterable[Count], supply: Iterable[Count], *, shortage_ratio: float, surplus_ratio: float,
               by_district: bool = True, by_month: bool = False, has_supply: bool = True) -> list[GapRow]:
    """One row per (occupation, district) with openings or seekers plus a 全市 row per occupation (per month too
    with ``by_month``; items without a month are left out of the monthly rows). Sorted by month, occupation,
    district (全市 first)."""
    openings: Counter[tuple[str | None, str, str]] = Counter()
    seekers: Counter[tuple[str | None, str, str]] = Counter()
    for counter, items in ((openings, demand), (seekers, supply)):
        for occ, district, month, n in items:
            if by_month and not month:
                continue
            m = month if by_month else None
            counter[(m, occ, CITY)] += n
            if by_district:
                counter[(m, occ, district or NO_DISTRICT)] += n
    rows = []
    for key in sorted(set(openings) | set(seekers), key=lambda k: (k[0] or "", k[1], k[2] != CITY, k[2])):
        o, n = openings[key], seekers[key]
        ratio, flag = flag_for(o, n, shortage_ratio, surplus_ratio) if has_supply else (None, "unknown")
        rows.append(GapRow(key[1], key[2], o, n, o - n, None if ratio is None else round(ratio, 2), flag, key[0]))
    return rows


def openings_of(value) -> int:
    """招聘人数 of a posting: a positive whole number where given ("3", "3人", "若干" → 1), else 1."""
    digits = "".join(ch for ch in str(value or "").strip().split("-")[0] if ch.isdigit())
    return int(digits) if digits and int(digits) > 0 else 1


def month_of(value) -> str | None:
    text = str(value or "")[:10]
    try:
        return date.fromisoformat(text).strftime("%Y-%m") if len(text) == 10 else None
    except ValueError:
        return None


class Classifier:
    """Occupation and district of postings and seekers, memoised: real data repeats the same titles, aims,
    programmes and district spellings, so 100k registrations cost a few thousand look-ups."""

    def __init__(self, occupations: OccupationIndex) -> None:
        self.occupations = occupations
        self._names = set(occupations.names)
        self._titles: dict[str, str] = {}
        self._seekers: dict[tuple[str, str], str] = {}
        self._aims: dict[str, str | None] = {}
        self._majors: dict[str, str | None] = {}
        self._districts: dict[str, str] = {}

    def posting_occupation(self, title: str) -> str:
        if title not in self._titles:
            self._titles[title] = self.occupations.for_title(title) or OTHER
        return self._titles[title]

    def seeker_occupation(self, intent: str, major: str) -> str:
        """The stated aim (求职意向) first, then the programme studied; ``其他`` when neither names an occupation."""
        key = (intent, major)
        if key not in self._seekers:
            occ = self._aim(intent) if intent else None
            self._seekers[key] = occ or (self._programme(major) if major else None) or OTHER
        return self._seekers[key]

    def _aim(self, intent: str) -> str | None:
        if intent not in self._aims:
            self._aims[intent] = intent if intent in self._names else self.occupations.for_title(intent)
        return self._aims[intent]

    def _programme(self, major: str) -> str | None:
        if major not in self._majors:
            self._majors[major] = self.occupations.for_major(major) or self.occupations.for_title(major)
        return self._majors[major]

    def district(self, place: str | None) -> str:
        place = place or ""
        if place not in self._districts:
            self._districts[place] = canonical_district(place) if place.strip() else NO_DISTRICT
        return self._districts[place]

    def demand(self, postings: Iterable[dict]) -> list[Count]:
        """(occupation, district, month, openings) of each posting dict (the knowledge base's canonical fields)."""
        return [(self.posting_occupation(str(p.get("title") or "")), self.district(p.get("district")),
                 month_of(p.get("posted_at")), openings_of(p.get("openings"))) for p in postings]

    def supply(self, groups) -> list[Count]:
        """(occupation, district, month, count) of stored registration groups (``knowledge.seekers.SeekerGroup``)."""
        return [(self.seeker_occupation(g.intent, g.major), self.district(g.district), g.month or None, g.count)
                for g in groups]


def supply_demand(postings: list[PostingProfile], seekers: list[SeekerProfile], *, shortage_ratio: float,
                  surplus_ratio: float, by_district: bool = True) -> list[GapRow]:
    """The same figures from matcher profiles: a posting's own occupation (``其他`` if none), a seeker's first
    occupation (aim before programme)."""
    demand = [(p.occupation or OTHER, canonical_district(p.district) if p.district else NO_DISTRICT, p.month, 1)
              for p in postings]
    supply = [(s.occupations[0] if s.occupations else OTHER,
               canonical_district(s.district) if s.district else NO_DISTRICT, None, 1) for s in seekers]
    return count_gaps(demand, supply, shortage_ratio=shortage_ratio, surplus_ratio=surplus_ratio,
                      by_district=by_district, has_supply=bool(seekers))
