"""Text normalisation and administrative places: the one module that owns both.

Everything that compares text or places (ingest, query analysis, refusal, extraction, matching, gaps) goes through
here, so `南江市云溪区`, `云溪区` and ` 云溪区 ` are one district everywhere.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
# A district-level unit written after its city: 某某市云溪区 → (某某市, 云溪区). The city part is 2–4 characters.
_CITY_DISTRICT = re.compile(r"^([\u4e00-\u9fff]{2,4}?市)([\u4e00-\u9fff]{1,6}(?:新区|区|县|旗))$")


def normalise_text(text: str) -> str:
    """NFKC (full-width letters and digits to half-width), whitespace collapsed to single spaces, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def split_city(place: str) -> tuple[str | None, str]:
    """``南江市云溪区`` → (``南江市``, ``云溪区``); a bare district or a city alone comes back with no city."""
    place = normalise_text(place).replace(" ", "")
    m = _CITY_DISTRICT.match(place)
    return (m.group(1), m.group(2)) if m else (None, place)


def canonical_district(place: str) -> str:
    """The canonical name of a district: its short form without the city (``南江市云溪区`` → ``云溪区``)."""
    return split_city(place)[1]


# A place mentioned in running text: a city, district, county, banner, new area, development or high-tech zone,
# free-trade sub-area. Finer recognition (groups such as 城六区, scope of documents) builds on this.
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自贸片区|开发区|高新区|新区|新片区|区|县|旗|市)")


def find_places(text: str) -> list[str]:
    """Canonical names of the places a text mentions, in order of first mention (``南江市云溪区`` → ``云溪区``)."""
    seen: dict[str, None] = {}
    for m in _PLACE.finditer(normalise_text(text)):
        seen.setdefault(canonical_district(m.group(0)))
    return list(seen)
