"""Query understanding: one analysed record per question — its terms, the document type it is about, the places,
programmes and roles it names and what it asks for (amount, period, age, deadline …).

Built once per turn and passed to every later stage (route → retrieve → scope check → compose), so no stage
re-tokenises. The retriever uses it as soft boosts only, so a misdetection can never hide the answer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import pairwise

from core.places import (
    below_district,
    canonical_district,
    cities_of,
    districts_of,
    find_places,
    function_char,
    is_national,
    is_zone,
    national_districts,
    near_place,
    place_mentions,
    same_place,
    short_name,
    sound,
    spellings,
    zone_generic_forms,
    zone_short,
    zone_short_forms,
    zone_stem_sides,
)
from ingest.scope import doc_numbers
from knowledge.tokenize import (
    A_NOT_A,
    DATA,
    abroad,
    attributive,
    cut,
    data_rows,
    normalise,
    place_names,
    rare_place,
    reads_as_name,
)

_CODE = re.compile(r"(?<!\d)(\d{6}K?)(?!\d)")


@cache
def _types_data() -> dict:
    return json.loads((DATA / "query_types.json").read_text(encoding="utf-8"))


@cache
def type_words() -> dict[str, list[str]]:
    return {k: v for k, v in _types_data().items() if not k.startswith("_")}


def without_events(text: str) -> str:
    """The text without the events that write a job word and ask for no posting (参加几场招聘会)."""
    for w in _types_data()["_not_postings"]:
        text = text.replace(w, "")
    return text


@cache
def _asks_data() -> dict:
    return json.loads((DATA / "asks.json").read_text(encoding="utf-8"))


@cache
def ask_kinds() -> dict[str, dict]:
    """What a question can ask for: kind → {label, cues, fact} (knowledge/data/asks.json)."""
    return {k: v for k, v in _asks_data().items() if not k.startswith("_")}


@cache
def ask_qualifiers() -> list[dict]:
    """Words that narrow an ask (最多 → a clause stating 最高/不超过), from knowledge/data/asks.json."""
    return [q for q in _asks_data().get("_qualifiers", []) if q.get("cues") and q.get("clause")]


@cache
def question_endings() -> tuple[str, ...]:
    """Endings of a part of a question that asks something whatever its wording (吗, 呢), from asks.json."""
    return tuple(_asks_data().get("_question_endings", []))


_PARTS = re.compile(r"[，,。？?！!；;\s]+|(?<!\d)[:：]|[:：](?!\d)")  # 有没有时间要求：待多久以内 (not 12:00)
_PARTS_KEPT = re.compile(f"({_PARTS.pattern})")  # the same split, the marks kept: a part the writer ends with ？ asks
_COUNT = re.compile(r"^[一二两三四五六七八九十\d]+")  # 一年, 3个: a count, not a word of a name
_TRAILING = re.compile(r"[^\w]+$")  # an emoji or a tilde after the question ending (还算五年内吗😂)


@cache
def indefinite_words() -> tuple[str, ...]:
    """Words where a question word counts vaguely and asks nothing (实习了几个月, 好几年), and words holding a cue
    that mean something else (小程序), from asks.json."""
    return tuple(_asks_data().get("_indefinite", [])) + tuple(_asks_data().get("_other_words", []))


@cache
def _told_spans() -> tuple[re.Pattern, ...]:
    """What no cue is matched across: the indefinite words, a time written right before 开始 (今年年初开始跑外卖:
    when it began is told, not asked; '_told_when' in asks.json), one of several (我是几个创始人之一) and an errand
    told (我要办公积金的手续: what the user is doing, no materials asked; '_told')."""
    return (*(re.compile(re.escape(w)) for w in indefinite_words()),
            *(re.compile(p) for key in ("_told_when", "_told") for p in _asks_data().get(key, [])))


@cache
def _stated() -> list[tuple[str, re.Pattern]]:
    return [(k, re.compile(p)) for k, v in ask_kinds().items() for p in v.get("stated", [])]


def stated_kinds(text: str) -> list[str]:
    """The kinds of fact the asker states of themselves (今年31了, 我41岁 → age), by asks.json's 'stated' patterns."""
    return list(dict.fromkeys(k for k, pattern in _stated() if pattern.search(text)))


@cache
def story_markers() -> tuple[str, ...]:
    """Words of a part of a question that tells the user's own story (我, 老家, 毕业, 上班), from asks.json."""
    return tuple(_asks_data().get("_story_markers", []))


def story_part(part: str, asking: bool) -> bool:
    """A part of a question that asks nothing and tells the user's own story (我在美国读完硕士)."""
    return not asking and any(m in part for m in story_markers())


def asked_text(text: str) -> str:
    """The question without the parts that only tell the user's story (the whole question when every part does)."""
    parts = question_parts(text)
    kept = [p for p, asking in parts if not story_part(p, asking)]
    return " ".join(kept) if kept and len(kept) < len(parts) else normalise(text)


@cache
def asker_markers() -> tuple[str, ...]:
    """Words opening a story part that says who asks (我是, 我们是), from asks.json."""
    return tuple(_asks_data().get("_asker_markers", []))


@cache
def origin_markers() -> tuple[str, ...]:
    """Words of a story part that say where the user comes from or was before (老家, 毕业, 读), from asks.json."""
    return tuple(_asks_data().get("_origin_markers", []))


def background(text: str, place: str) -> bool:
    """``place`` is named only as background: a country abroad (在美国读完硕士), or only in parts of the question that
    ask nothing and say where the user comes from or was before (我河南的, 老家湖南株洲的, 在郑州读的本科, 从东莞跳槽), never in a
    part that asks or names a subject (杭州的租房补贴多少, 天津海河英才计划 本科条件是啥), nor where the user is now
    (我在杭州上班，有没有租房补贴: that is the place asked about)."""
    if abroad(place):
        return True
    short = short_name(place)
    parts = [(p, asking) for p, asking in question_parts(text) if place in p or (len(short) >= 2 and short in p)]
    # a place written right after 从 is one the user leaves (打算从东莞跳槽到西乡一家物流公司)
    left = {f"从{w}" for w in (place, short) if len(w) >= 2}
    return bool(parts) and all(not asking and (p.endswith(("的", "人")) or any(m in p for m in (*origin_markers(), *left)))
                               for p, asking in parts)


def question_parts(text: str) -> list[tuple[str, bool]]:
    """The parts of a question (between commas, stops and spaces), in order, each with whether it asks something —
    a question mark after it (哪个要叉车证？), a cue of an ask kind, a question ending (吗) or a verb-not-verb (利息是
    不是政府出) — or only tells the story (博士, 准备在某区买房)."""
    pieces = _PARTS_KEPT.split(normalise(text))  # part, the marks after it, part, …
    return [(p, "?" in mark or bool(classify_asks(p)) or _TRAILING.sub("", p).endswith(question_endings()) or yes_no(p))
            for p, mark in zip(pieces[::2], [*pieces[1::2], ""]) if p]


# a place written in pinyin, by the initials of its name or in full, then its suffix or a side word (xl区, gx那边,
# xinglan区); not inside a word
_INITIALS = re.compile(r"(?<![a-z0-9])([a-z]{2,16})(区|县|市|那边|这边|那里|这里)")
_SYLLABLE_GAP = re.compile(r"(?<=[a-z]) +(?=[a-z]+(?:区|县|市|那边|这边|那里|这里))")
_SPELT_IN_FULL = 4  # letters at least of a name spelt in full before its suffix (luotian县): no abbreviation
_SPELT = re.compile(rf"[a-z]{{{_SPELT_IN_FULL},16}}[区县市]")


def spelt_place(name: str) -> bool:
    """``name`` is a place written in pinyin in full before its suffix (luotian县), as ``initialled`` reads one."""
    return bool(_SPELT.fullmatch(name))
# an item marker of a numbered list of questions (1. 1、 1） （1） ①; 我想问1.留赭奖励…), not a figure (1.5万)
_ITEM_MARK = re.compile(r"(?<![\d.])\s*(?:[1-9][.、．)）](?![\d、])|[（(][1-9][)）]|[①②③④⑤])\s*")


def numbered_items(text: str) -> tuple[str, list[str]]:
    """(the story before the items, each item) of a message asking numbered questions (想问：1. 能补多少？2. 北屺那个
    恒锐精密招数控车工吗); (text, []) when it numbers fewer than two, or not 1, 2, … in order."""
    marks = list(_ITEM_MARK.finditer(text))
    numbers = [int(d) if (d := re.sub(r"\D", "", m.group(0))) else "①②③④⑤".find(m.group(0).strip()[0]) + 1
               for m in marks]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)):
        return text, []
    items = [text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)].strip() for i, m in enumerate(marks)]
    return (text[: marks[0].start()].strip(), items) if all(items) else (text, [])


def asks_for_limit(part: str) -> bool:
    """The part asks whether the rule sets a limit at all (有没有年龄限制, 年龄有要求吗), not what it is: asks.json
    '_limit_asked'."""
    return any(re.search(p, normalise(part)) for p in _asks_data().get("_limit_asked", []))


def asks_its_own(text: str) -> bool:
    """A part of ``text`` asks a yes/no question of its own (那我老婆孩子能一起迁过来吗, 给不给), not an elliptic one
    that carries the earlier question's ask to a new subject (那硕士呢: ``_elliptic_endings`` in asks.json)."""
    elliptic = tuple(_asks_data().get("_elliptic_endings", []))
    for part, asking in question_parts(text):
        ending = _TRAILING.sub("", part)
        if asking and (yes_no(part) or ending.endswith(question_endings()) and not ending.endswith(elliptic)):
            return True
    return False


def yes_no(part: str) -> bool:
    """``part`` holds a yes/no question written verb-not-verb (给不给, 有没有) wherever it stands in the part: it
    says what is asked about even when the fact asked comes in the next part (柯渡那边给不给住房补贴？多少钱)."""
    return bool(A_NOT_A.search(part))


@cache
def _cue_index(weak: bool = False) -> list[tuple[str, str]]:
    key = "weak_cues" if weak else "cues"
    return sorted(((cue, kind) for kind, v in ask_kinds().items() for cue in v.get(key, [])), key=lambda c: -len(c[0]))


def classify_asks(text: str) -> list[str]:
    """The kinds of fact a question asks for, in the order it asks them. Cues are matched longest first and a
    matched span is not matched again (多少岁 is an age, not an amount); a weak cue (a bare 多少) counts unless a
    cue ends just before it (电话是多少 asks for the number, not an amount)."""
    off = _unbound(text)
    return match_cues(text, [([c for c in _cue_index(weak) if c not in off] if off else _cue_index(weak), weak)
                             for weak in (False, True)])


def ask_cues_in(text: str) -> list[str]:
    """The ask wording ``text`` writes (多长时间, 电话), its weak cues (多少) aside."""
    return [cue for cue, _ in _cue_index(False) if cue in text]


@cache
def _bounds() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(kind, its bound cues, its bound words) of each kind with 'bound' cues (asks.json)."""
    return tuple((k, tuple(b["cues"]), tuple(b["words"])) for k, v in ask_kinds().items() if (b := v.get("bound")))


def _unbound(text: str) -> set[tuple[str, str]]:
    """The (cue, kind) pairs of a kind's bound cues when ``text`` writes none of the kind's bound words (职称咋算: no
    amount)."""
    return {(c, k) for k, cues, words in _bounds() if not any(w in text for w in words) for c in cues}


def match_cues(text: str, passes: list[tuple[list[tuple[str, str]], bool]]) -> list[str]:
    """The kinds whose cues ``text`` holds, in the order they first appear. Each pass is (cues longest first,
    whether a cue ending within three characters before one sets it aside); a span matched once is not matched
    again, in that pass or a later one, nor a span of a word that counts vaguely (了几个月)."""
    q = normalise(text)
    taken = [False] * len(q)
    for pattern in _told_spans():  # 实习了几个月 tells a span of time, it does not ask one
        for m in pattern.finditer(q):
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    found: dict[str, int] = {}
    for cues, guarded in passes:
        for cue, kind in cues:
            start = q.find(cue)
            while start >= 0:
                span = range(start, start + len(cue))
                near = guarded and any(taken[max(0, start - 3):start])
                if not near and not any(taken[i] for i in span):
                    for i in span:
                        taken[i] = True
                    found[kind] = min(found.get(kind, start), start)
                start = q.find(cue, start + 1)
    return [k for k, _ in sorted(found.items(), key=lambda kv: kv[1])]


def question_places(text: str) -> list[str]:
    """Places a text names (core.places.find_places: 我在广州市 → 广州市; 小区 and 社区 are no places)."""
    return find_places(text)


def place_stem(place: str) -> str:
    """海淀区 → 海淀, 北京市 → 北京 (for matching 海淀 written without its suffix)."""
    return short_name(place)


def meta_places(meta: dict) -> list[str]:
    """The places a document is about: its scope (when ingest recorded one), its district, and places in its title."""
    out: list[str] = []
    for key in ("scope_places", "places", "covers"):
        v = meta.get(key)
        if isinstance(v, str) and v:
            out += [x for x in re.split(r"[,，、;；\s]+", v) if x]
        elif isinstance(v, list):
            out += [str(x) for x in v if x]
    if isinstance(meta.get("district"), str) and meta["district"]:
        out.append(canonical_district(meta["district"]))
    if meta.get("doc_type") == "policy" and not out:  # a scope recorded at ingest wins; a college's name is no scope
        out += question_places(str(meta.get("title", "")))
    return list(dict.fromkeys(canonical_district(p) for p in out if p))


@dataclass
class Vocabulary:
    """Names found in the knowledge base: districts (with their short forms), programmes, codes, job titles, companies,
    and the places the policies apply to. Everything here was learnt from what was ingested."""

    districts: dict[str, str] = field(default_factory=dict)  # alias → district
    programmes: dict[str, str] = field(default_factory=dict)  # alias → programme name
    titles: set[str] = field(default_factory=set)
    companies: set[str] = field(default_factory=set)
    colleges: dict[str, str] = field(default_factory=dict)
    policy_districts: set[str] = field(default_factory=set)
    policy_places: set[str] = field(default_factory=set)  # every place a policy applies to or covers (cities too)
    places: set[str] = field(default_factory=set)  # every place any document names in its scope
    doc_places: dict[str, set[str]] = field(default_factory=dict)  # place a policy/programme covers → its sources

    cities: dict[str, str] = field(default_factory=dict)  # district → the city an ingested document places it in
    policy_scope: dict[str, tuple[str, str]] = field(default_factory=dict)  # policy source → (its district, its city)
    # a place a policy's own text names (a county-level city it lists, a group it sets a figure for: 北三市, a district
    # of its city) and no document has as its scope → the policies naming it: it is covered by them
    inside: dict[str, set[str]] = field(default_factory=dict)
    part_scoped: set[str] = field(default_factory=set)  # city policies scoped to a part of it (临港地区 of 上海市)

    def add_inside(self, named: dict[str, set[str]]) -> None:
        """Record the places policies name in their text (place → the policies naming it). A place some document
        already has as its scope keeps its own documents; a district named inside a city's policy is of that city."""
        for place, sources in named.items():
            if any(same_place(place, k) or place.endswith(k) for k in self.doc_places) or place in self.districts:
                continue  # its own documents answer it (持杉屏区 is 杉屏区 written after a verb)
            self.inside.setdefault(place, set()).update(sources)
            cities = {c for s in sources if (c := self.policy_scope.get(s, ("", ""))[1])}
            if len(cities) == 1 and not place.endswith(tuple(cities)):
                self.cities.setdefault(place, cities.pop())
            self.policy_places.add(place)

    def inside_of(self, place: str) -> set[str]:
        """The policies whose own text names ``place`` when no document has it as its scope (∅ otherwise)."""
        return {s for k, sources in self.inside.items() if same_place(place, k) for s in sources}

    def own_policies(self, district: str) -> list[str]:
        """The policies a district issued or that are about it alone (their district is this one)."""
        return sorted(s for s, (d, _) in self.policy_scope.items() if d and same_place(d, district))

    def city_policies(self, city: str) -> list[str]:
        """The city-wide policies of ``city`` (no district of their own)."""
        return sorted(s for s, (d, c) in self.policy_scope.items() if not d and c and same_place(c, city))

    def whole_city_policies(self, city: str) -> list[str]:
        """The city-wide policies of ``city`` that apply to the whole city (not 临港地区's, issued by 上海市)."""
        return [s for s in self.city_policies(city) if s not in self.part_scoped]

    def city_of(self, district: str) -> str:
        """The city an ingested document places ``district`` in; else the one city the national division list puts a
        district of that name in whose rules for the whole city were ingested (朝阳区 → 北京市 when a Beijing-wide rule
        was, not 长春市; 嘉定区 → '' when Shanghai's only rule is 临港地区's); '' when none."""
        return next((c for d, c in self.cities.items() if same_place(d, district)), "") or self._national_city(district)

    def _national_city(self, district: str) -> str:
        # the list first: a name it does not hold (every made-up district) costs one lookup, not a pass over the places
        if not cities_of(district) or any(same_place(district, p) for p in self.doc_places):
            return ""  # a district with documents of its own (海淀区) is answered from them as before
        return self.listed_city(district)

    def listed_city(self, district: str) -> str:
        """The one city of the national division list holding a district of that name whose rules for the whole city
        were ingested, whatever documents the district has of its own ('' when none or several)."""
        found = [c for c in cities_of(district) if self.whole_city_policies(c)]
        return found[0] if len(found) == 1 else ""

    def national_district(self, word: str) -> str:
        """The district a name written without its suffix is (朝阳 → 朝阳区) when exactly one of the real districts of
        that name is in a city whose rules for the whole city were ingested; '' otherwise."""
        found = [d for d in national_districts(word) if self._national_city(d)]
        return found[0] if len(found) == 1 else ""

    def sibling_districts(self, text: str) -> list[str]:
        """Real districts ``text`` writes by their short name (龙岗) in a city with no city-wide rule ingested, one of
        whose districts has policies of its own (深圳市 of 宝安区): another district of that city, which none of its
        documents covers. Names from the national division list; a place some document names is not one."""
        return [d for d, short in self._sibling_names if short in text and not self.covers(d)]

    @cached_property
    def _sibling_names(self) -> list[tuple[str, str]]:
        """(district, its short name) of every real district of a city with no city-wide rule ingested, one of whose
        districts has policies of its own: read once per knowledge base, not per question."""
        owned = {c for d, _ in self.policy_scope.values() if d and len(found := cities_of(d)) == 1 for c in found}
        return [(d, short) for c in sorted(owned) if not self.city_policies(c) for d in districts_of(c)
                if len(short := short_name(d)) >= 2]

    def covers(self, place: str) -> bool:
        """Does some document name this place (海淀 matches 海淀区; 北京市海淀区 matches 海淀区), or is it a district of a
        city whose own policies apply to all its districts (a city-wide rule)?"""
        stem = place_stem(canonical_district(place))
        return self.policy_covers(place) or bool(self.city_wide(place)) or bool(self.inside_of(place)) or any(
            stem == place_stem(k) or k.endswith(place) or place.endswith(k) or place_stem(k) in place for k in self.doc_places)

    def city_wide(self, place: str) -> str:
        """The city whose own policies apply to ``place``, a district some ingested document names that no policy of
        its own covers ('' otherwise). A city-wide document covers its districts unless it says otherwise."""
        district = canonical_district(place)
        if place_stem(district) == district or any(same_place(district, p) for p in self.doc_places):
            return ""
        city = self.city_of(district)
        # (not 上海市 for 浦东新区 when 上海市's only rule is 临港地区's)
        return city if city in self.policy_places and self.whole_city_policies(city) else ""

    def known_places(self) -> set[str]:
        """Every place an ingested document names: the places documents apply to and the districts of postings."""
        return set(self.doc_places) | self.places | set(self.districts.values()) | set(self.inside)

    def near(self, written: str, by_sound: bool = False) -> str:
        """The one ingested place ``written`` is a slip for (core.places.near_place: the same sound, or the same
        suffix and half the name's characters in place; ``by_sound``: the same sound only); '' when none or several
        are."""
        rests = self._rest_places()
        found = {rests.get(k, k) for k, name in self._slip_forms() if near_place(written, name)
                 and (not by_sound or sound(written) == sound(name))}
        return found.pop() if len(found) == 1 else ""

    def initialled(self, text: str) -> list[tuple[str, str]]:
        """Places ``text`` writes in pinyin, by the initials of their short name or in full (xl区 or xiluan区 for
        湑峦区, gx那边 for the city's 高新区): (as written, the one ingested place they spell, or '' when the letters
        spell none and are a whole name before 区/县/市: luotian县, a place no document covers), the suffix written
        kept with the letters."""
        text = _SYLLABLE_GAP.sub("", text)  # yu de县: the syllables of one name, written apart
        matches = list(_INITIALS.finditer(text))
        if not matches:  # no letters before a suffix: the known places are not read
            return []
        rests = self._rest_places()
        spelt = [(k, name, spellings(short_name(name))) for k, name in self._slip_forms()]
        out = []
        for m in matches:
            letters, after = m.groups()
            suffix = after if after in "区县市" else ""
            found = {rests.get(k, k) for k, name, ways in spelt if name.endswith(suffix) and letters in ways}
            if len(found) == 1:
                out.append((letters + suffix, found.pop()))
            elif not found and spelt_place(letters + suffix) and not (
                    m.start() and any(short_name(name).startswith(text[m.start() - 1]) for _, name, _ in spelt)):
                # (a name spelt whole: 珲miao区 is a place half written in characters, 去yingcen县 is not)
                out.append((letters + suffix, ""))
        return out

    def _rest_places(self) -> dict[str, str]:
        """A zone's rest and its short form → the zone: a posting's bare 高新区 and the zone it is the rest of (某某高新区,
        某某高新技术产业开发区) are one place."""
        rests = self.zone_rests()
        return {**{zone_short_forms().get(rest, rest): k for rest, k in rests.items()}, **rests}

    def _slip_forms(self) -> list[tuple[str, str]]:
        """(place, a form users write it in): each known place as it is, and each zone by its rest (``zone_rests``)."""
        return [(k, k) for k in self.known_places()] + [(k, rest) for rest, k in self.zone_rests().items()]

    def zone_rests(self) -> dict[str, str]:
        """A zone named after its city, by the rest of its name (高新区 → 岱泠高新区, when 岱泠市 is a known place): a
        user in it writes the rest, or a slip of it. Only a rest that one known place ends with."""
        known = self.known_places()
        cities = self.city_shorts()
        rests: dict[str, set[str]] = {}
        for k in known:
            for c in cities:
                rest = k[len(c):]
                if k.startswith(c) and len(short_name(rest)) >= 2 and not rest.startswith("市"):
                    rests.setdefault(rest, set()).add(k)
                    # 某某高新技术产业开发区 is written 高新区 too (zone_short_forms in place_words.json)
                    if (short := zone_short_forms().get(rest)) and short not in known:  # a posting's bare 高新区 stays
                        rests.setdefault(short, set()).add(k)
        # one zone written two ways (某某高新技术产业开发区 by its policy, 某某高新区 by a posting): the policy's name
        out = {rest: min(ks, key=lambda k: (k not in self.doc_places, k)) for rest, ks in rests.items()
               if len({zone_short(k) for k in ks}) == 1}
        zones = {zone_short(k) for k in out.values() if is_zone(k)}
        if len(zones) == 1:  # the city's only zone is 开发区 to its users, whatever its kind
            zone = next(k for k in out.values() if zone_short(k) in zones)
            out.update({w: zone for w in zone_generic_forms() if w not in known and w not in out})
        return out

    def city_shorts(self) -> set[str]:
        """The short names of the known cities (岱泠 of 岱泠市): what a user writing 岱泠 means, not the city's zone."""
        return {short_name(c) for c in self.known_places() if c.endswith("市") and len(short_name(c)) >= 2}

    def short_forms(self) -> list[tuple[str, str]]:
        """(a form users write a place in, the place): each district's aliases, each ingested place without its suffix
        (海淀 for 海淀区) and each zone by its rest (高新区 for 岱泠高新区)."""
        cities = self.city_shorts()
        stems = [(place_stem(p), p) for p in [*self.doc_places, *self.inside]]
        return [*self.districts.items(), *((a, p) for a, p in stems if _city_or_own(a, p, cities)), *self.zone_rests().items()]

    def sounds_like(self, written: str) -> bool:
        """``written`` reads exactly like some ingested place or its short form (云江 for 沄江区)."""
        heard = sound(written)
        return any(heard in (sound(k), sound(place_stem(k))) for k in self.known_places())

    def near_stem(self, text: str, taken: list[str]) -> list[tuple[str, str]]:
        """Places written by a slip of their short form, without a suffix (止岸 for 芷岸区): (written, place) for
        each stretch of ``text`` that reads like exactly one ingested place's short form, shares half its characters
        and is neither that short form nor inside a place already found (``taken``)."""
        heard = sound(text)
        out: list[tuple[str, str]] = []
        # a stem the city and its zone share (溍嵘 of 溍嵘市 and 溍嵘高新技术产业开发区) is the city's (city_shorts)
        stems: dict[str, str] = {}
        for k in sorted(self.known_places(), key=lambda k: k.endswith("市")):
            if len(place_stem(k)) >= 2 and place_stem(k) != k:
                stems[place_stem(k)] = k
        for stem, place in stems.items():
            n, target = len(stem), sound(stem)
            for i in range(len(text) - n + 1):
                window = text[i:i + n]
                # a function character read in place of the name's (宝按 of 宝安) only right before the place's suffix
                suffixed = text.startswith(place[len(stem):], i + n) and place != stem
                # half the characters in place, or every character read the same right before the suffix (要西区)
                if (window == stem or heard[i:i + n] != target or 2 * sum(a == b for a, b in zip(window, stem)) < n
                        and not suffixed
                        or any(window in t for t in taken)
                        or not suffixed and any(a != b and function_char(a) for a, b in zip(window, stem))):
                    continue
                if len({k for s, k in stems.items() if sound(s) == target}) == 1:
                    out.append((window, place))
        return list(dict.fromkeys(out))

    def covered_places(self) -> list[str]:
        return sorted(self.doc_places)

    @classmethod
    def from_metadata(cls, metas: list[dict]) -> Vocabulary:
        v = cls()
        college_names: set[str] = set()
        for m in metas:
            scope = [p for key in ("places", "covers") for p in str(m.get(key) or "").split("、") if p]
            if m.get("doc_type") != "job":  # postings name where a job is, not what a document covers
                for place in meta_places(m):
                    v.doc_places.setdefault(place, set()).add(str(m.get("source", "")))
            d = m.get("district")
            if isinstance(d, str) and d:
                d = canonical_district(d)
                scope.append(d)
                v.districts[d] = d
                v.districts[short_name(d)] = d
                if m.get("doc_type") == "policy":
                    v.policy_districts.add(d)
                if isinstance(m.get("city"), str) and m["city"]:
                    v.cities.setdefault(d, m["city"])
            if m.get("doc_type") == "policy" and m.get("source"):
                v.policy_scope.setdefault(str(m["source"]), (d or "", str(m.get("city") or "")))
                if any(p.kind in ("area", "zone") for p in place_mentions(str(m.get("places") or ""), areas=True)):
                    v.part_scoped.add(str(m["source"]))
            if m.get("doc_type") == "policy" and m.get("city") and not d:  # a city's rule names its districts
                for p in str(m.get("covers") or "").split("、"):
                    if p:
                        v.cities.setdefault(canonical_district(p), m["city"])
            v.places.update(scope)
            if m.get("doc_type") == "policy":
                v.policy_places.update(scope)
            p = m.get("programme")
            if isinstance(p, str) and p:
                v.programmes[p] = p
            c = m.get("college")
            if isinstance(c, str) and c:
                college_names.add(c)
            if m.get("doc_type") == "job":
                if isinstance(m.get("title"), str):
                    v.titles.add(m["title"])
                if isinstance(m.get("company"), str):
                    v.companies.add(m["company"])
        cities = {p for p in v.policy_places if any(m.kind == "city" and m.name == p for m in place_mentions(p))}
        if len(cities) == 1:  # one city: every district its documents name is one of its districts
            city = cities.pop()
            for d in set(v.districts.values()):
                v.cities.setdefault(d, city)
        # a city's own policies apply to every district of it that no policy of its own covers
        v.policy_places |= {d for d in set(v.districts.values()) if v.city_wide(d)}
        shorts: dict[str, set[str]] = {}
        for p in list(v.programmes):
            for alias in programme_aliases(p):
                shorts.setdefault(alias, set()).add(p)
        for alias, names in shorts.items():
            bases = {re.split(r"[（(]", n)[0] for n in names}
            # 数控 → 数控技术, not its bracketed variant; a short name a job title holds (数控车床操作工) names no programme
            # and one another programme's name holds (大数据 of 大数据技术, in 大数据与会计) names neither
            if len(bases) == 1 and alias not in v.programmes and not any(alias in t for t in v.titles) \
                    and not any(alias in p for p in v.programmes if re.split(r"[（(]", p)[0] not in bases):
                v.programmes[alias] = min(names, key=len)
        cities = v.city_shorts()
        v.districts = {a: d for a, d in v.districts.items() if _city_or_own(a, d, cities)}
        prefixes = {short_name(p) for p in v.places}
        for c in college_names:
            for alias in college_aliases(c, prefixes):
                v.colleges[alias] = c
        if len(college_names) == 1 and (only := next(iter(college_names))).endswith(("职业技术学院", "职业学院")):
            v.colleges.setdefault("职院", only)  # the one vocational college ingested: 职院的宿舍一年多少钱
        return v

    def programme_by_part(self, text: str) -> str:
        """The one programme a word of ``text`` is part of the name of (养老 → 智慧健康养老服务与管理, 五年 → 学前教育（五年
        一贯制）): each term that stands in exactly one programme's name, all naming the same one. A term of a generic
        ending (服务, 技术, 教育) or one several names share names none, nor one that is another name's abbreviation (电商
        stands in 网络营销与直播电商 and abbreviates 电子商务: its characters in order). '' when no term, or terms of two,
        name one."""
        found = self.programmes_by_parts(text)
        return found[0] if len(found) == 1 else ""

    def programmes_by_parts(self, text: str) -> list[str]:
        """Each programme a word of ``text`` names as ``programme_by_part`` reads it, in the order written (想学机器人或者
        电商: two)."""
        from knowledge.lexical import terms  # knowledge.lexical imports this module

        generic = _generic_endings()
        found: dict[str, None] = {}
        for t in terms(normalise(text)):
            if len(t) < 2 or any(t in g for g in generic):
                continue
            # a count (一年 of 学费一年多少) names a programme only as written in it (五年 of …（五年一贯制）), never
            # by its characters in order (一…年 of 机电一体化技术（五年一贯制）)
            holding = [n for n in self.abbreviated(t) if t in n or not _COUNT.match(t)]
            if len(holding) == 1:
                found[holding[0]] = None
        # two characters the tokenizer cut apart (托|育 of 就是托育那种) name the one programme that writes them together
        names = set(self.programmes.values())
        for x, y in pairwise(cut(normalise(text))):
            if len(x) == len(y) == 1 and _HAN.match(x + y) and len(holding := [n for n in names if x + y in n]) == 1:
                found[holding[0]] = None
        return list(found)

    def abbreviated(self, short: str) -> list[str]:
        """The catalogue's programme names whose characters hold ``short``'s in order (电商 → 电子商务)."""
        return sorted(n for n in set(self.programmes.values()) if abbreviates(short, n))

    def policy_covers(self, place: str) -> bool:
        """Does some policy apply to ``place`` (海淀区 = 海淀 = 北京市海淀区; a city's policy covers the districts it
        names)?"""
        return any(same_place(place, p) for p in self.policy_places)


def _city_or_own(alias: str, place: str, cities: set[str]) -> bool:
    """``alias`` may stand for ``place``: it is the place itself, no city's short name, or ``place`` is that city (岱泠
    is 岱泠市, not the 岱泠高新区 named after it)."""
    return alias == place or alias not in cities or place.endswith("市")


_HAN = re.compile(r"[\u4e00-\u9fff]{2}")


def abbreviates(short: str, name: str) -> bool:
    """``short``'s characters stand in ``name`` in order (电商 of 电子商务 and of 直播电商)."""
    rest = iter(name)
    return all(ch in rest for ch in short)


@cache
def _generic_endings() -> tuple[str, ...]:
    data = json.loads((DATA / "programme_names.json").read_text(encoding="utf-8"))
    return tuple(sorted(data["generic_endings"], key=len, reverse=True))


def programme_aliases(name: str) -> list[str]:
    """The short names people write for a programme: 数控 for 数控技术 and 数控技术（中高职贯通）, 学前 for 学前教育
    (without a generic ending, programme_names.json; at least two characters left)."""
    base = re.split(r"[（(]", name)[0].strip()
    for ending in _generic_endings():
        # (the word joining it to the ending goes with it: 老年保健与管理 → 老年保健)
        if base.endswith(ending) and len(short := base[: -len(ending)].rstrip("与和及")) >= 2:
            return [short]
    return []


def programme_written_at(text: str, name: str) -> int:
    """Where ``text`` (lower case) first names the programme ``name``: by its name or short name, else by a word of
    two characters or more standing in it in order and not a generic ending (机器人 of 工业机器人技术, 电商 of 电子商务);
    -1 when it does not."""
    from knowledge.lexical import terms  # knowledge.lexical imports this module

    base = re.split(r"[（(]", name)[0]
    at = [i for alias in [*programme_aliases(base), base] if (i := text.find(alias.lower())) >= 0]
    at = at or [text.find(t) for t in terms(text) if len(t) >= 2 and abbreviates(t, base)
                and not any(t in g for g in _generic_endings())]
    return min(at, default=-1)


def college_aliases(name: str, place_prefixes: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """北京工贸职业学院 → 北京工贸职业学院, 北京工贸, 北京工贸职院, 北京工贸学院 and, when 北京 is a place the knowledge
    base knows, 工贸, 工贸学院, 工贸职院 (a bare place name is never an alias)."""
    base = re.sub(r"(职业技术学院|技师学院|职业学院|学院)$", "", name)
    aliases = [name]
    if len(base) > 2:
        aliases.append(base)
    if len(base) >= 2:
        aliases += [base + "职院", base + "学院"]
    prefix = max((p for p in place_prefixes if len(p) >= 2 and base.startswith(p)), key=len, default="")
    rest = base[len(prefix):] if prefix else ""
    if len(rest) >= 2:
        aliases += [rest, rest + "学院", rest + "职院"]
    return list(dict.fromkeys(aliases))


@dataclass
class QueryAnalysis:
    text: str
    doc_types: list[str]  # most likely first; empty when unknown
    districts: list[str]
    programmes: list[str]
    codes: list[str]
    colleges: list[str]
    titles: list[str]
    doc_numbers: list[str] = field(default_factory=list)  # 文号 named in the question, e.g. 京人社毕发〔2021〕22号
    terms: list[str] = field(default_factory=list)  # index terms (jieba + synonyms), computed once
    asks: list[str] = field(default_factory=list)  # what is asked (asks.json kinds), in the order asked
    places: list[str] = field(default_factory=list)  # every place the question names (known to the KB or not)
    known: set[str] | None = None  # the question's terms some ingested document writes (None: not looked up)
    resolved: dict[str, str] = field(default_factory=dict)  # a place as written → the ingested place it is a slip for

    def resolved_text(self) -> str:
        """The question with each place written by a slip replaced by the ingested place it means."""
        text = normalise(self.text)
        for written, place in sorted(self.resolved.items(), key=lambda kv: -len(kv[0])):
            # 怀渚区 → 槐渚区, 高薪区 → 琨州高新区 (written with the place's suffix: the place); 怀渚 → 槐渚 (its stem)
            text = text.replace(written, place if written[-1] == place[-1] else place_stem(place))
        return text

    def places_known(self, vocab: Vocabulary) -> list[str]:
        return [p for p in self.places if vocab.covers(p)]

    def places_unknown(self, vocab: Vocabulary) -> list[str]:
        return [p for p in self.places if not vocab.covers(p)]


def analyse(question: str, vocab: Vocabulary) -> QueryAnalysis:
    q = normalise(question)
    worded = without_events(q)  # 参加招聘会 writes 招聘 and asks for no posting
    scores = {t: sum(worded.count(w) for w in words) for t, words in type_words().items()}
    if any(w in worded for w in ("岗位", "招聘", "在招", "招人")) or re.search(r"招(?!生|收)[\u4e00-\u9fff]{1,8}(吗|不|的)", q):
        scores["job"] += 3  # "…的岗位有吗", "有酒店招前台吗" are about postings whatever else they mention
    types = [t for t, s in sorted(scores.items(), key=lambda kv: -kv[1]) if s > 0]
    districts = list(dict.fromkeys(d for alias, d in sorted(vocab.districts.items(), key=lambda kv: -len(kv[0])) if alias in q))
    programmes = list(dict.fromkeys(p for alias, p in vocab.programmes.items() if alias.lower() in q))
    colleges = list(dict.fromkeys(c for alias, c in vocab.colleges.items() if alias in q))
    titles = [t for t in vocab.titles if t.lower() in q]
    codes = _CODE.findall(q)
    if codes or (programmes and "job" not in types) or colleges:
        types = ["programme"] + [t for t in types if t != "programme"]
    doc_numbers = doc_numbers_in(q)
    from knowledge.lexical import terms  # knowledge.lexical imports this module

    # a place no document covers must read as a name where the question writes it (直接找市人社局 names no 接找市)
    places = [p for p in question_places(question) if vocab.covers(p) or reads_as_name(question, p)]
    resolved = resolve_places(question, places, vocab)
    for written, place in vocab.initialled(q):
        if place:
            resolved.setdefault(written, place)
        elif written not in places:
            places.append(written)
    if not colleges:
        resolved.update(college_slips(q, vocab))
    known = vocab.short_forms()
    # a place's name inside a college's the question writes (某川职院) names the college, not a place asked about
    bare = q
    for alias in sorted((a for a, c in vocab.colleges.items() if c in colleges), key=len, reverse=True):
        bare = bare.replace(alias, " ")
    for alias, d in sorted(known, key=lambda kv: -len(kv[0])):  # a place written without its suffix (海淀 for 海淀区)
        if len(alias) >= 2 and alias in bare and not any(d in p or p in d or alias in p for p in places):
            places.append(d)
            if alias in zone_generic_forms():  # 开发区 is how the question writes the zone (as a slip is)
                resolved.setdefault(alias, d)
    for rest, zone in vocab.zone_rests().items():  # 高新那边 (高新 alone may be 高新技术企业): the zone
        stem = short_name(rest)
        if len(stem) >= 2 and any(f"{stem}{side}" in bare for side in zone_stem_sides()) and not any(
                zone in p or p in zone for p in places):
            places.append(zone)
    for d in vocab.sibling_districts(bare):  # 龙岗 beside an ingested 宝安区 (jieba reads 龙岗 as a person's name)
        if not any(d in p or p in d for p in places):
            places.append(d)
    for word in place_names(q):  # 朝阳 of a Beijing-wide rule: a real district of a city whose rules were ingested
        if (d := vocab.national_district(word)) and not vocab.covers(word) and not any(d in p or p in d for p in places):
            places.append(d)
    return QueryAnalysis(question, types, districts, programmes, codes, colleges, titles, doc_numbers,
                         terms=terms(question), asks=classify_asks(question), places=places, resolved=resolved)


@cache
def _nicknames() -> tuple[tuple[str, str], ...]:
    return tuple((row[0], row[1]) for row in data_rows("city_nicknames.tsv") if len(row) >= 2)


def nicknamed(text: str) -> dict[str, str]:
    """The cities ``text`` names by a nickname (帝都 → 北京市, 鹏城 → 深圳市), from knowledge/data/city_nicknames.tsv."""
    return {nick: city for nick, city in _nicknames() if nick in text}


def resolve_places(question: str, places: list[str], vocab: Vocabulary) -> dict[str, str]:
    """Places the question writes by a slip (止岸区 or 止岸 for 芷岸区, 童湾区 for 桐湾区), each mapped to the one
    ingested place it means; never a place a general lexicon knows (杭州, 西湖区), nor a district written after a
    city no document covers (杭州市滨湖区), nor anything when the question names such a city where the user is or asks
    about. A city named only as where the user was before (之前在长沙干了两年) hides no slip of where they are now.
    A city's nickname (帝都) is that city, ingested or not, when the question names no ingested place (鹏城宝安: 宝安
    says where)."""
    q = normalise(question)

    def nicknames() -> dict[str, str]:  # read only when no slip is resolved
        named = any(vocab.covers(p) for p in places) or any(len(alias) >= 2 and alias in q for alias, _ in vocab.short_forms())
        return {} if named else nicknamed(q)

    lexicon = set(place_names(q))
    mentions = place_mentions(q)
    written = [*places, *(m.name for m in mentions)]
    slips = vocab.near_stem(q, places)
    # 要西区 for 崾浠区: the general lexicon's 西区 is the end of the slip, not another place
    slipped = [w + p.removeprefix(place_stem(p)) for w, p in slips]
    # 鹏城宝按区: a place written right before an ingested place (or a slip for one) is where that place is
    # (鹏城保安区: a district the lexicon does not know, near an ingested one, too)
    after = [*(s for s, _ in slips), *(place_stem(k) for k in vocab.known_places() if len(place_stem(k)) >= 2),
             *(m.name for m in mentions if m.name not in lexicon and vocab.near(m.name))]
    cities = {w for w in lexicon if any(q.startswith(x, q.find(w) + len(w)) for x in after)}
    if any(not vocab.covers(w) and not abroad(w) and not below_district(w) and not any(w in p or p in w for p in written)
           and w not in cities and not attributive(q, w) and not any(w in x and x in q for x in slipped)
           and not (rare_place(w) and vocab.sounds_like(w)) and not _before_only(q, w) and not background(q, w)
           for w in lexicon):
        return nicknames()  # 我在杭州, 童湾区…: another real place is named, a slip cannot be told from it (总部在广州 is no such place)
    resolved: dict[str, str] = {}
    for mention in mentions:
        p = mention.name
        if vocab.covers(p) or p in vocab.districts or (
                mention.city and not vocab.covers(mention.city) and is_national(mention.city)):
            # a district only a posting names (苇北区) is written right, whatever policy district is near; so is one of
            # another real city (杭州市滨湖区), not one after a city nobody knows (若沃市辽现区: a slip of both)
            continue
        words = [w for w in (p, short_name(p)) if w in lexicon]
        if words and not all(rare_place(w) for w in words):
            continue  # a real place the lexicon knows well (杭州, 西湖区)
        # a name the lexicon hardly knows (云江) is a slip only when it reads exactly like the ingested place
        if near := vocab.near(p, by_sound=bool(words)):
            resolved[p] = near
    taken = [*places, *resolved]
    for written, place in (slips if not resolved else vocab.near_stem(q, taken)):
        if all(rare_place(w) for w in lexicon if written in w):
            resolved.setdefault(written, place)
    return resolved or nicknames()


def college_slips(text: str, vocab: Vocabulary) -> dict[str, str]:
    """An ingested college written by a slip: the same number of characters ending as its name ends (…学院), every
    character read the same (秦吾职业技术学院 for 溱浯职业技术学院) → that college."""
    found: dict[str, str] = {}
    for college in set(vocab.colleges.values()):
        end, at = college[-2:], text.find(college[-2:])
        while at >= 0:
            start = at + len(end) - len(college)
            written = text[start:at + len(end)] if start >= 0 else ""
            if written and written != college and sound(written) == sound(college):
                found[written] = college
            at = text.find(end, at + 1)
    return found


def _before_only(question: str, place: str) -> bool:
    """``place`` is named only as background (``background``: 之前在长沙干了两年) while the question names a district
    not written after it (现在回来在明城区上班): that district is where the user is, not somewhere inside ``place``."""
    return background(question, place) and any(not (m.city and same_place(m.city, place)) for m in place_mentions(question))


def doc_numbers_in(text: str) -> list[str]:
    """文号 in ``text``, with the brackets users type ([2025], (2025), 【2025】) read as 〔2025〕."""
    return doc_numbers(normalise(text))
