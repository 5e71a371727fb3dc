"""Text normalisation and administrative places: the one module that owns both.

Everything that compares text or places (ingest, query analysis, refusal, extraction, matching, gaps) goes through
here, so `北京市海淀区`, `海淀区` and ` 海淀区 ` are one district everywhere.

Places are recognised by their administrative suffix (省/市/区/县/旗/新区/新片区/开发区/高新区/自贸片区 …, from
``core/data/place_words.json``) and a name of two or three characters before it. No place name is known in advance:
what a deployment knows comes from the documents it ingested. Generic words that end like a place (住在小区, 软件园区,
北京市区 → 市区, 本市, 全区) are never places; groups such as 城六区 are places of kind ``group``, never districts.
The one national fact read is which city a district or county is in (``cities_of``: the division list the ``cpca``
package ships), so that a district no document names finds its city's rules when some document is that city's.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

_DATA = PLACE_WORDS = Path(__file__).resolve().parent / "data" / "place_words.json"
_SPACE = re.compile(r"\s+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")

PlaceKind = Literal["province", "city", "district", "zone", "group", "area"]


def normalise_text(text: str) -> str:
    """NFKC (full-width letters and digits to half-width), whitespace collapsed to single spaces, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def fold_text(text: str) -> str:
    """The matching form of a text: NFKC and lower case (index and queries are tokenised from it)."""
    return unicodedata.normalize("NFKC", text).lower()


def compact_text(text: str, drop: str = "") -> str:
    """NFKC with every blank removed (and the characters in ``drop``): '1 000 元' and '１０００元' compare equal."""
    out = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return out.translate({ord(c): None for c in drop}) if drop else out


@dataclass(frozen=True)
class Place:
    """One administrative place mentioned in a text. ``name`` is canonical (the district's short form, without its
    city); ``city`` is the city it was written after (``北京市海淀区`` → name 海淀区, city 北京市)."""

    name: str
    kind: PlaceKind
    city: str | None = None

    @property
    def short(self) -> str:
        """The name without its suffix when two or more characters remain (海淀区 → 海淀), else the name."""
        return short_name(self.name)


@dataclass(frozen=True)
class _Words:
    suffixes: list[tuple[str, PlaceKind]]  # longest first
    not_places: frozenset[str]
    not_suffix_words: frozenset[str]
    deictic: frozenset[str]
    leading: list[str]  # longest first
    function_chars: frozenset[str]  # never the first character of a name (在宝安区 → 宝安区)
    conjunctions: frozenset[str]  # never the last of three or more characters before a suffix (甪陂和高新区)
    never_in_name: frozenset[str]  # never anywhere in a name (将在县, 以本区)
    groups: re.Pattern
    area_suffix: str
    area_not_places: frozenset[str]
    not_place_words: frozenset[str]
    zone_short_forms: dict[str, str]  # a zone's long suffix → the short form users write
    below_district: tuple[str, ...]  # endings of a place below a district (中关村, 西乡)
    zone_stem_sides: tuple[str, ...]  # words after a zone's bare stem that make it the zone (高新那边)
    zone_generic_forms: tuple[str, ...]  # a bare word for a zone of any kind (开发区)


@cache
def _words() -> _Words:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    suffixes = [(s, kind) for kind, items in data["suffixes"].items() for s in items]
    return _Words(
        suffixes=sorted(suffixes, key=lambda sk: -len(sk[0])),
        not_places=frozenset(data["not_places"]),
        not_suffix_words=frozenset(data["not_suffix_words"]),
        deictic=frozenset(data["deictic"]),
        leading=sorted(data["leading_words"], key=len, reverse=True),
        function_chars=frozenset(data["function_chars"]),
        conjunctions=frozenset(data["conjunctions"]),
        never_in_name=frozenset(data["never_in_name"]),
        groups=re.compile("|".join(f"(?:{g})" for g in data["groups"])),
        area_suffix=data["area_suffix"],
        area_not_places=frozenset(data["area_not_places"]),
        not_place_words=frozenset(data.get("not_place_words", [])),
        zone_short_forms={k: v for k, v in data.get("zone_short_forms", {}).items() if not k.startswith("_")},
        below_district=tuple(data.get("below_district", [])),
        zone_stem_sides=tuple(data.get("zone_stem_sides", [])),
        zone_generic_forms=tuple(data.get("zone_generic_forms", [])),
    )


def zone_short_forms() -> dict[str, str]:
    """A zone's long suffix → the short form users write (高新技术产业开发区 → 高新区), from place_words.json."""
    return _words().zone_short_forms


def zone_stem_sides() -> tuple[str, ...]:
    """Words after a zone's short form without its suffix that make it the zone (高新那边), from place_words.json."""
    return _words().zone_stem_sides


def zone_generic_forms() -> tuple[str, ...]:
    """Bare words users write for a zone of any kind (开发区), from place_words.json."""
    return _words().zone_generic_forms


def is_zone(place: str) -> bool:
    """``place`` is named as a zone (某某高新区, 某某经济技术开发区)."""
    return any(place.endswith(suffix) for suffix, kind in _words().suffixes if kind == "zone")


def zone_short(place: str) -> str:
    """A zone's name with its long suffix in the short form (某某高新技术产业开发区 → 某某高新区)."""
    forms = zone_short_forms()
    return next((place[: -len(long)] + short for long, short in forms.items() if place.endswith(long)), place)


def zone_names(place: str) -> set[str]:
    """The names a zone is written by: its own, its short form, its long form (某某高新区 ⇄ 某某高新技术产业开发区) and
    the bare zone word (高新区); {place} for a place that is no zone."""
    forms = zone_short_forms()
    return {place, zone_short(place), *(n for long, short in forms.items() if place.endswith((long, short))
                                        for n in (short, place.removesuffix(short) + long))}


def written_forms(place: str) -> set[str]:
    """The forms of two characters or more a user may write ``place`` by: its zone names and its short name."""
    return {n for n in (*zone_names(place), short_name(place)) if len(n) >= 2}


def city_zone(text: str, city: str) -> str:
    """The zone an address writes right after its city by a bare zone word (某市高新区科技路 → 某高新区), '' otherwise."""
    at = text.find(city)
    rest = text[at + len(city):] if at >= 0 else ""
    short = next((z for z in sorted(set(zone_short_forms().values()), key=len, reverse=True) if rest.startswith(z)), "")
    return f"{short_name(city)}{short}" if short and len(short_name(city)) >= 2 else ""


def function_char(char: str) -> bool:
    """A character that function words are made of (在, 的, 还, 就): no slip of a place name writes one for a name's
    character (时间上还来得及 holds no 上海)."""
    return char in _words().function_chars


def below_district(name: str) -> bool:
    """A place below a district (中关村, 西乡, 某某镇), by its ending (place_words.json ``below_district``)."""
    return name.endswith(_words().below_district)


def not_place_word(word: str) -> bool:
    """A generic word a general lexicon may tag as a place name that names no place (立马, 海鲜, 回国)."""
    return word in _words().not_place_words


def _suffix_at(run: str, pos: int) -> tuple[str, PlaceKind] | None:
    w = _words()
    for suffix, kind in w.suffixes:
        if run.startswith(suffix, pos):
            if any(run.startswith(word, pos) for word in w.not_suffix_words if word.startswith(suffix)):
                return None
            return suffix, kind
    return None


def _name_before(run: str, start: int, pos: int, strict: bool) -> str | None:
    """The place name in ``run[start:pos]`` (the text between the previous place and the suffix), or None.
    ``strict``: only a name that starts at a boundary (start of a phrase, after a place or a leading word)."""
    w = _words()
    seg = run[start:pos]
    stripped = True
    while stripped and len(seg) > 2:
        stripped = False
        for lead in w.leading:
            if seg.startswith(lead) and len(seg) - len(lead) >= 2:
                seg, stripped = seg[len(lead):], True
                break
    if seg in w.leading or (len(seg) >= 3 and seg[-1] in w.conjunctions):  # 甪陂和高新区: two places, no name
        return None
    if len(seg) == 3 and seg[0] in w.function_chars:
        seg = seg[1:]
    if len(seg) > 3:
        if strict:
            return None
        seg = seg[-2:]
    if len(seg) < 2 or seg in w.deictic or any(c in w.function_chars for c in seg[:1]):
        return None
    return seg


def place_mentions(text: str, *, areas: bool = False, strict: bool = False) -> list[Place]:
    """Every place ``text`` mentions, in order (repeats kept). ``areas``: also take ``X地区`` (titles only);
    ``strict``: only names that start at a phrase boundary (for running text of documents, where a name's start
    cannot be guessed)."""
    return list(_mentions(text, areas, strict))


@lru_cache(maxsize=65_536)
def _mentions(text: str, areas: bool, strict: bool) -> tuple[Place, ...]:
    """``place_mentions``, remembered: every turn asks about the same titles and scopes again (the hot path)."""
    w = _words()
    out: list[Place] = []
    for m in _CJK_RUN.finditer(normalise_text(text)):
        run = m.group(0)
        groups = [(g.start(), g.end()) for g in w.groups.finditer(run)]
        start, pos = 0, 0
        last: Place | None = None
        last_end = -1
        while pos < len(run):
            group = next((g for g in groups if g[0] == pos), None)
            if group:
                out.append(Place(run[group[0]:group[1]], "group"))
                start = pos = group[1]
                last = None
                continue
            hit = _suffix_at(run, pos)
            if areas and not hit and run.startswith(w.area_suffix, pos):
                name = run[max(start, pos - 2):pos]
                if len(name) == 2 and name not in w.area_not_places and name[0] not in w.function_chars:
                    out.append(Place(name + w.area_suffix, "area"))
                    start = pos = pos + len(w.area_suffix)
                    last = None
                    continue
            if not hit:
                pos += 1
                continue
            suffix, kind = hit
            end = pos + len(suffix)
            name = _name_before(run, start, pos, strict)
            if name is not None and len(name) == 2 and pos - start > 3 and (
                    longer := run[pos - 3:pos]) + suffix in _national_cities() and longer[0] not in w.function_chars:
                name = longer  # 家住甘井子区: a real three-character name (the national list) in a long run, not 井子区
            if name is not None and len(name) >= 3 and not is_national(name + suffix) and (
                    real := next((name[i:] for i in range(1, len(name) - 1) if is_national(name[i:] + suffix)), "")):
                name = real  # 想问：办北京市居住证: a verb before a real name (the national list) is not part of it
            if name is None:  # 本市, 各区, 在本市: a suffix with no name before it is used up
                start = pos = end
                last = None
                continue
            if _generic(name, suffix):
                start = pos = end
                last = None
                continue
            follows_city = last is not None and last.kind == "city" and start == pos - len(name) == last_end
            city = last.name if follows_city and kind in ("district", "zone") and last is not None else None
            place = Place(name + suffix, kind, city)
            out.append(place)
            last, last_end = place, end
            start = pos = end
    return tuple(out)


def _generic(name: str, suffix: str) -> bool:
    """住在小区, 软件园区, 北京市区: the characters before the suffix make a common word, not a place."""
    whole = name + suffix
    w = _words()
    if name[-1] in w.deictic or any(c in w.never_in_name for c in name) or whole.endswith("地区"):
        return True
    # 中山区 and 东城区 stay places although 山区/城区 are words: a one-character rest is the start of a name.
    return any(len(word) > len(suffix) and whole.endswith(word) and len(whole) - len(word) != 1
               for word in _words().not_places)


@lru_cache(maxsize=65_536)
def split_city(place: str) -> tuple[str | None, str]:
    """``北京市海淀区`` → (``北京市``, ``海淀区``); a bare district or a city alone comes back with no city."""
    place = compact_text(place)
    found = place_mentions(place)
    if len(found) == 2 and found[1].city == found[0].name and found[0].name + found[1].name == place:
        return found[0].name, found[1].name
    return None, place


def canonical_district(place: str) -> str:
    """The canonical name of a district: its short form without the city (``北京市海淀区`` → ``海淀区``)."""
    return split_city(place)[1]


@lru_cache(maxsize=65_536)
def short_name(place: str) -> str:
    """A place without its suffix when at least two characters remain: 海淀区 → 海淀, 北京市 → 北京, 临港新片区 → 临港."""
    w = _words()
    for suffix, _ in sorted(w.suffixes + [(w.area_suffix, "area")], key=lambda sk: -len(sk[0])):  # 地区 before 区
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


def same_place(a: str, b: str) -> bool:
    """海淀区 = 海淀 = 北京市海淀区; 北京市 = 北京."""
    a, b = canonical_district(a), canonical_district(b)
    return a == b or short_name(a) == short_name(b)


def find_places(text: str) -> list[str]:
    """Canonical names of the places a text mentions, in order of first mention (``北京市海淀区`` → ``海淀区``)."""
    return list(dict.fromkeys(p.name for p in place_mentions(text)))


def is_district(place: Place) -> bool:
    """A district-level unit (区/县/旗/新区/新片区/开发区 …): not a city, province or group."""
    return place.kind in ("district", "zone")


@lru_cache(maxsize=8192)
def _sound(char: str) -> str:
    """A character's reading without tone (止 and 芷 → zhi); a character that is not Chinese stands for itself."""
    from pypinyin import lazy_pinyin  # its dictionaries load on first use, never at import

    return lazy_pinyin(char)[0] if _CJK_RUN.fullmatch(char) else char


def sound(text: str) -> tuple[str, ...]:
    """The toneless reading of each character of ``text`` (one entry per character)."""
    return tuple(_sound(c) for c in text)


@lru_cache(maxsize=8192)
def _readings(char: str) -> tuple[str, ...]:
    """Every toneless reading of a character (珩: hang, heng); a character that is not Chinese stands for itself."""
    from pypinyin import Style, pinyin

    return tuple(dict.fromkeys(pinyin(char, style=Style.NORMAL, heteronym=True)[0])) if _CJK_RUN.fullmatch(char) else (char,)


@lru_cache(maxsize=1024)
def spellings(text: str) -> frozenset[str]:
    """The ways ``text`` is spelt in pinyin: in full (hengxu) and by initials (hx), any reading of each character."""
    full, initials = {""}, {""}
    for char in text:
        said = _readings(char)
        full = {f + r for f in full for r in said}
        initials = {i + r[0] for i in initials for r in said}
    return frozenset(full | initials)


def _suffix_of(place: str) -> str:
    name = short_name(place)
    return place[len(name):] if name != place else ""


def near_place(written: str, known: str) -> bool:
    """``written`` is a slip for ``known`` (another name, never the same place): both names have the same number of
    characters and either read the same by some reading of each (止岸区 for 芷岸区: a same-sounding wrong character),
    or they end in the same district-level suffix and at least half the characters of the name stand in place (童湾区 for 桐湾区). A city is
    near only by sound: 杭州市 is never taken for a corpus city that shares one character with it."""
    if same_place(written, known) or len(written) != len(known):
        return False
    if all(set(_readings(x)) & set(_readings(y)) for x, y in zip(written, known)):
        return True  # 成乔区 for 珹峤区: 峤 reads qiao as well as jiao
    suffix = _suffix_of(known)
    if not suffix or _suffix_of(written) != suffix or any(suffix == s for s, kind in _words().suffixes
                                                          if kind in ("city", "province")):
        return False
    a, b = short_name(written), short_name(known)
    return len(a) >= 2 and 2 * sum(x == y for x, y in zip(a, b)) >= len(a)


_MUNICIPALITY_PARTS = ("市辖区", "县")  # a municipality's districts are listed under these, not under a city


@cache
def _national_cities() -> dict[str, tuple[str, ...]]:
    """Each county-level name (朝阳区, 瓦房店市, 长海县) → the cities it is in (朝阳区 → 北京市 and 长春市), from
    the national division list of the ``cpca`` package (adcodes.csv: 12-digit codes, a county's city is its first four
    digits, a municipality's districts hang under its province code). Read on first use, without importing cpca."""
    spec = find_spec("cpca")
    if spec is None or spec.origin is None:
        return {}
    with open(Path(spec.origin).parent / "resources" / "adcodes.csv", encoding="utf-8") as f:
        rows = {r["adcode"]: r["name"] for r in csv.DictReader(f)}
    out: dict[str, set[str]] = {}
    for code, name in rows.items():
        if code[4:6] == "00" or code[6:] != "000000" or name in _MUNICIPALITY_PARTS:
            continue
        city = rows.get(code[:4] + "0" * 8, "")
        if not city or city in _MUNICIPALITY_PARTS:
            city = rows.get(code[:2] + "0" * 10, "")
        if city.endswith(("市", "州")):
            out.setdefault(name, set()).add(city)
    return {name: tuple(sorted(cities)) for name, cities in out.items()}


@cache
def _national_names() -> frozenset[str]:
    """Every county-level name of the national list and every city they are in (朝阳区, 北京市, 长春市)."""
    return frozenset(_national_cities()) | {c for cities in _national_cities().values() for c in cities}


def is_national(name: str) -> bool:
    """``name`` is a real county-level unit or city of the national division list (朝阳区, 大连市; not 桐屿市)."""
    return name in _national_names()


@cache
def _national_by_short() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name in _national_cities():
        if (short := short_name(name)) != name:
            out.setdefault(short, []).append(name)
    return {short: tuple(names) for short, names in out.items()}


def national_districts(short: str) -> tuple[str, ...]:
    """The real districts and counties a name written without its suffix may be (朝阳 → 朝阳区, 朝阳县), by the
    national division list."""
    return _national_by_short().get(short, ())


@cache
def districts_of(city: str) -> tuple[str, ...]:
    """The real districts and counties of ``city`` by the national division list (深圳市 → 宝安区, 福田区, …)."""
    return tuple(sorted(d for d, cities in _national_cities().items() if city in cities))


def cities_of(district: str) -> tuple[str, ...]:
    """The cities a real district or county of this name is in (朝阳区 → 北京市, 长春市; 甘井子区 → 大连市), by the
    national division list; () for a name it does not hold (a place only the documents know)."""
    return _national_cities().get(canonical_district(district), ())
