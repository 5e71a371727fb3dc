"""Supply–demand warnings (供需预警) per occupation and district.

openings = postings of the occupation in the district; seekers = seekers aiming at the occupation (their programme
or stated aim) who want to work in the district; gap = openings − seekers; ratio = openings / seekers (求人倍率).
A ratio at or above ``shortage_ratio`` is a shortage (紧缺), at or below ``surplus_ratio`` a surplus (过剩).
Openings with no seeker at all are a shortage with no ratio. A seeker with no preferred district counts only in the
occupation's city-wide row (district "全市"), which sums every posting and every seeker of the occupation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Literal

from matching.profiles import PostingProfile, SeekerProfile

CITY = "全市"
Flag = Literal["shortage", "surplus", "balanced"]
FLAG_NAMES = {"shortage": "紧缺", "surplus": "过剩", "balanced": "基本平衡"}


@dataclass(frozen=True)
class GapRow:
    occupation: str
    district: str
    openings: int
    seekers: int
    gap: int
    ratio: float | None
    flag: Flag

    def to_dict(self) -> dict:
        return asdict(self) | {"flag_name": FLAG_NAMES[self.flag]}


def flag_for(openings: int, seekers: int, shortage_ratio: float, surplus_ratio: float) -> tuple[float | None, Flag]:
    if seekers == 0:
        return None, ("shortage" if openings > 0 else "balanced")
    ratio = openings / seekers
    if ratio >= shortage_ratio:
        return ratio, "shortage"
    if ratio <= surplus_ratio:
        return ratio, "surplus"
    return ratio, "balanced"


def supply_demand(postings: list[PostingProfile], seekers: list[SeekerProfile], *, shortage_ratio: float,
                  surplus_ratio: float, by_district: bool = True) -> list[GapRow]:
    """One row per (occupation, district) that has openings or seekers, plus a 全市 row per occupation;
    sorted by occupation then district (全市 first). Postings with no recognised occupation are left out."""
    openings: Counter[tuple[str, str]] = Counter()
    supply: Counter[tuple[str, str]] = Counter()
    for p in postings:
        if p.occupation:
            openings[(p.occupation, CITY)] += 1
            if by_district and p.district:
                openings[(p.occupation, p.district)] += 1
    for s in seekers:
        for occ in s.occupations:
            supply[(occ, CITY)] += 1
            if by_district and s.district:
                supply[(occ, s.district)] += 1
    rows = []
    for key in sorted(set(openings) | set(supply), key=lambda k: (k[0], k[1] != CITY, k[1])):
        o, n = openings[key], supply[key]
        ratio, flag = flag_for(o, n, shortage_ratio, surplus_ratio)
        rows.append(GapRow(key[0], key[1], o, n, o - n, None if ratio is None else round(ratio, 2), flag))
    return rows
