"""Scope checks on the analysed question: is the place or programme it names covered by some document, does a
passage belong to another place than the one asked about, and is it a personal case for a counsellor?"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from langchain_core.documents import Document

from assistant.clauses import (
    Clause,
    benefit_name,
    benefit_suffixes,
    fact_pattern,
    fragments,
    heading,
    next_passage,
    row_cells,
    stop_or_verbs,
    unaddressed,
    unaddressed_here,
    with_units,
    written_in,
    written_terms,
)
from assistant.lexicon import DATA, contains_any, slots, unset_marker
from core.places import (
    fold_text,
    is_national,
    place_mentions,
    same_place,
    short_name,
    written_forms,
    zone_short,
    zone_short_forms,
)
from knowledge.lexical import alternate_terms, surface_forms, synonyms, terms
from knowledge.query import (
    QueryAnalysis,
    Vocabulary,
    ask_cues_in,
    ask_kinds,
    asked_text,
    background,
    classify_asks,
    meta_places,
    question_parts,
    spelt_place,
    yes_no,
)
from knowledge.tokenize import (
    abroad,
    asking_form,
    boundaries,
    names_place,
    no_topic_words,
    place_names,
    side_names,
    tagged,
)


@cache
def scope_rules() -> dict:
    return json.loads((DATA / "scope.json").read_text(encoding="utf-8"))


def _level(place: str) -> str:
    """city, district, or group (城六区 names several districts at once: never the one district asked about)."""
    if place.endswith("市"):
        return "city"
    return "group" if any(p.kind == "group" for p in place_mentions(place)) else "district"


def other_place(meta: dict, a: QueryAnalysis, vocab: Vocabulary) -> bool:
    """The passage is about another place than the question names: it names a place of the same level (a city
    for a city, a district for a district) and none of the question's. A city-wide rule is not 'another place'
    for a question about one of its districts."""
    named = a.places_known(vocab)
    places = meta_places(meta)
    if not named or not places:
        return False
    if any(same_place(p, n) for p in places for n in named) or any(meta.get("source") in vocab.inside_of(n) for n in named):
        return False  # the document names the asked place in its text (北三市, a county-level city it lists)
    levels = {_level(n) for n in named}
    return any(_level(p) in levels for p in places)


def other_district(meta: dict, a: QueryAnalysis) -> bool:
    """The question names a district (covered or not: 茆川市青山区) and the passage is another district's own
    document: a city-wide rule may answer for its districts, a neighbouring district's may not."""
    asked = [p for p in a.places if _level(p) == "district"]
    scope = meta_places(meta)
    places = [p for p in scope if _level(p) == "district"]
    city_wide = any(_level(p) == "city" for p in scope)
    return bool(asked and places) and not city_wide and meta.get("doc_type") != "job" and not any(
        same_place(p, n) for p in places for n in asked)


def asked_places(a: QueryAnalysis, vocab: Vocabulary) -> list[str]:
    """The places the question asks about. Of several districts it names, the one an asking part names, else the
    one the user is in (我在X上班; here_markers in scope.json): 我在鸢湖新区上班…看沄江蓼屿都有租房补贴 我们新区有没有
    asks about 鸢湖新区 alone, and the others' documents never answer it. All the places when no one district stands
    out (a comparison of two asked in turn)."""
    districts = list(dict.fromkeys(p for p in a.places_known(vocab) if _level(p) == "district"))
    if len(districts) < 2:
        return a.places
    parts = question_parts(a.text)

    picked = [d for d in districts if any(_written(d, p) for p, asking in parts if asking)]
    if len(picked) != 1:
        markers = scope_rules()["here_markers"]
        picked = [d for d in districts if any(_written(d, p) and any(m in p for m in markers) for p, _ in parts)]
    if len(picked) != 1:
        return a.places
    return [p for p in a.places if _level(p) != "district" or same_place(p, picked[0])]


def in_scope(docs: list[Document], a: QueryAnalysis, vocab: Vocabulary) -> list[Document]:
    """The passages that may answer: none about another place; and when some passage names the very place asked
    about, only those that name it or no place at all (a question about one district is answered from that
    district's document, not from a neighbouring city-wide one)."""
    kept = [d for d in docs if _named_college(d.metadata, a)
            or not other_place(d.metadata, a, vocab) and not other_district(d.metadata, a)]
    named = a.places_known(vocab)
    own = [d for d in kept if any(same_place(p, n) for p in meta_places(d.metadata) for n in named)
           or any(d.metadata.get("source") in vocab.inside_of(n) for n in named)]
    if not own:
        return kept
    return [d for d in kept if d in own or not meta_places(d.metadata) or d.metadata.get("doc_type") == "job"
            or _named_college(d.metadata, a)]


def _named_college(meta: dict, a: QueryAnalysis) -> bool:
    """The passage is of the catalogue of a college the question names (我家在某区…想去某某职院读物流), the row of a
    programme it names, or of any college when the places the question names stand only in parts that ask nothing
    (…主要学什么课？我看高新区那边招机器人运维的工资挺高): students come from every district, so where the user lives or looks for work does not set
    the college's catalogue aside."""
    if meta.get("doc_type") != "programme":
        return False
    # a row of the programme the question names (工业机器人技术…跟高新区的厂有合作订单班是真的吗): the place is
    # where its graduates work, not where the college is
    return meta.get("college", "") in a.colleges or bool(meta.get("programme")) and meta["programme"] in a.programmes \
        or _places_in_story_only(a.text, tuple(a.places))


@lru_cache(maxsize=1024)
def _places_in_story_only(text: str, places: tuple[str, ...]) -> bool:
    """Every place the question names is written (by its name, its short form, or a zone's bare suffix: 高新区 of
    某某高新区) in parts that ask nothing, and only there. Read once per question, not once per passage."""
    parts = question_parts(text)
    forms = [{p, short_name(p), zone_short(p).removeprefix(short_name(p))} for p in places]
    told = [[asking for part, asking in parts if any(f in part for f in fs if len(f) >= 2)] for fs in forms]
    return bool(told) and all(t and not any(t) for t in told)


def uncovered_place(a: QueryAnalysis, vocab: Vocabulary) -> str:
    """A place the question asks about that no document covers, when it names no covered place, or when its asking
    parts name it and no covered place ('' otherwise). A place named only as background (a country studied in,
    where the user works in a story part) is no such place."""
    siblings = cache(lambda: vocab.sibling_districts(a.text))  # 龙岗 beside 宝安区: written without its suffix
    unknown = [p for p in a.places_unknown(vocab) if not background(a.text, p)
               and (names_place(a.text, p) or p in siblings() or spelt_place(p)) and not _zone_misread(p, vocab)]
    known = a.places_known(vocab)
    # 我表哥在杭州…跟咱这边比哪个高, 去大连还是青岛: a comparison with a place no document covers (even one named in
    # the story) is no question the covered place's figure answers
    story = [p for p in [*a.places_unknown(vocab), *_unwritten_places(a, vocab)]
             if not abroad(p) and names_place(a.text, p) and not any(p != q and p in q for q in a.places)]
    # 我在某市隔壁的某县上班…县里有没有租房补贴, 我妈户口在某县…县里也是这么补吗: the ask points back to the county by
    # its level, wherever the story names it
    if pointed := _pointed_level(a, vocab):
        return pointed
    if known and (compared := [p for p in story if _chooses(a.text, p) or not background(a.text, p) and _compares(a.text, p)]):
        return compared[0]
    # 我在甑岑县城一家公司上班，甑岑就在蘅坻边上…能申请蘅坻的租房补贴吗: the county where the user is, which no
    # document covers, is not in the covered city (a district of it asked about aside)
    if known and (counties := [p for p in a.places_unknown(vocab) if _county_here(a.text, p)]) and not any(
            _level(k) == "district" for k in known):
        return counties[0]
    if not known:
        if unknown:
            return unknown[0]
        # 我表姐在隔壁X市刚毕业，那边的租房补贴多少: the story names the place, the ask points back to it
        back = scope_rules()["moved"]["pointing_back"]
        if story and any(m in part for part, asks in question_parts(a.text) if asks for m in back):
            return story[0]
        return ""
    # 在杭州和汀澜之间选 杭州…有一次性生活补贴吗: the asking parts name only the uncovered place; the covered one is
    # the story's (a choice weighed, where the user was), and its documents never answer for the other
    markers = tuple(scope_rules()["ask_markers"])
    asking = [p for p, asks in question_parts(a.text) if asks or yes_no(p) or any(m in p for m in markers)]
    # a place written without its suffix (杭州) that no document writes at all is a place name too
    bare = _bare_places(a, vocab)
    named = [p for p in [*unknown, *bare] if any(_written(p, part, own=True) for part in asking)]
    # 茆川青苇区: a covered city written only before the uncovered district names where that district is; it answers
    # for it only with a city-wide rule of its own
    # (上海嘉定区: 上海市's only rule is 临港地区's, no rule of the whole city)
    asked = [k for k in known if not (_level(k) == "city" and not vocab.whole_city_policies(k)
                                      and _qualifies(k, named, a.text))]
    if named and not any(_written(k, part, own=True) for k in asked for part in asking):
        return named[0]
    # 搬去成都了，成都那边本科租房补贴能拿多少？这边的补贴还能接着领吗: the figure is asked of the uncovered place only
    # (the covered one is asked whether, not how much), and no document gives that place's figure
    figures = [part for part in asking if any(k and ask_kinds()[k].get("figure") for k in classify_asks(part))]
    own = [p for p in named if any(_written(p, part, own=True) for part in figures)]
    if own and not any(_written(k, part, own=True) for k in asked for part in figures):
        return own[0]
    return ""


def _county_here(text: str, place: str) -> bool:
    """``place`` is a county (county_suffixes in scope.json) that ``text`` writes as where the user is or would be."""
    return place.endswith(tuple(scope_rules()["county_suffixes"])) and user_here(text, place)


def user_here(text: str, place: str) -> bool:
    """``text`` writes ``place`` (or its short form: 高新区) as where the user is or would be: a part naming it also
    writes a here marker (我在, 住在) or a locative a few characters before it (户口和住的地方都在依岱县,
    要是去隔壁涔坂县的厂里上班; locatives of moved)."""
    rules = scope_rules()
    names = written_forms(place)  # (a zone by the bare 高新区)
    near = re.compile(f"(?:{'|'.join(rules['moved']['locatives'])})[\u4e00-\u9fff]{{0,2}}(?:{'|'.join(map(re.escape, names))})")
    return any(any(m in p for m in rules["here_markers"]) or near.search(p)
               for p, _ in question_parts(text) if any(n in p for n in names))


def _zone_misread(place: str, vocab: Vocabulary) -> bool:
    """跑去高新区: a covered zone's short form (高新区) with the words before it read into its name, when the last of
    them is no noun (跑去, 到): the covered zone, not another place's."""
    short = next((s for s in set(zone_short_forms().values()) if place.endswith(s) and place != s), "")
    if not short or not any(zone_short(k).endswith(short) for k in vocab.doc_places):
        return False
    return not tagged(place[: -len(short)])[-1][1].startswith("n")


def moved_place(a: QueryAnalysis, vocab: Vocabulary) -> str:
    """The place a follow-up's own message moves to (那枫岚呢 我们在枫岚还有个分厂…咋算) when no document covers it
    and the message names no covered place ('' otherwise): the rewritten question still carries the earlier
    turn's covered place, which must not answer for it."""
    if place := uncovered_place(a, vocab):
        return place
    if a.places_known(vocab):
        return ""
    asking = [p for p, asks in question_parts(a.text) if asks]
    if place := next((w for w in _bare_places(a, vocab) if any(_written(w, part, own=True) for part in asking)), ""):
        return place
    rules = scope_rules()["moved"]
    unknown = _unwritten_places(a, vocab)
    # 我闺蜜在X做物流的 她那边…给多少: the story names the place and the ask points back to it
    if unknown and any(m in part for part in asking for m in rules["pointing_back"]):
        return unknown[0]
    # 那X呢 我们在X还有个分厂: a word no document writes, asked after and written where the user is (the tokenizer
    # may tag it no place at all); or a place by its suffix (那柯渡区呢, which jieba may tag a common noun)
    for m in _moved_to().finditer(a.text):
        word = m.group(1)
        if not vocab.covers(word) and not (a.known and word in a.known) and (word in a.places or any(
                f"{w}{word}" in a.text for w in rules["locatives"])):
            return word
    # 那龙岗那边有没有类似的: a name the tokenizer reads (not a pronoun, not a common noun: 那孩子那边) before 那边
    return next((w for w in unwritten_side_names(a, vocab) if f"那{w}" in a.text), "")


def unwritten_side_names(a: QueryAnalysis, vocab: Vocabulary) -> list[str]:
    """Names written before 那边 (knowledge.tokenize.side_names; side and name_tags of moved in scope.json) that no
    document writes and no document's place is."""
    rules = scope_rules()["moved"]
    return [w for w in side_names(a.text, rules["side"], rules["name_tags"])
            if not vocab.covers(w) and not (a.known and w in a.known)]


@cache
def _moved_to() -> re.Pattern:
    """那X呢: 'before' X 'after' (moved in scope.json), X two to four characters."""
    rules = scope_rules()["moved"]
    before, after = ("|".join(map(re.escape, rules[k])) for k in ("before", "after"))
    return re.compile(rf"(?:^|[\s，,。])(?:{before})([\u4e00-\u9fff]{{2,4}}?)(?:{after})")


def _unwritten_places(a: QueryAnalysis, vocab: Vocabulary) -> list[str]:
    """Places written without a suffix (杭州) that no document writes at all."""
    return [w for w in place_names(a.text) if not vocab.covers(w) and not (a.known and w in a.known)]


def _pointed_level(a: QueryAnalysis, vocab: Vocabulary) -> str:
    """The place an asking part points back to by its level (县里 → the county named), when every place of that level
    the question names is one no document covers ('' otherwise)."""
    for part, asks in question_parts(a.text):
        for word, suffix in scope_rules()["level_words"].items():
            named = [p for p in a.places if p.endswith(suffix) and names_place(a.text, p)] if asks and word in part else []
            if named and not any(vocab.covers(p) for p in named):
                return named[0]
    return ""


def _asked_levels(a: QueryAnalysis) -> set[str]:
    """The levels the asking parts name by a level word (市里 → 市, 区里 → 区); a part weighing a figure already told
    (市里不是说1900吗) asks about the other level, not this one."""
    contrast = tuple(scope_rules()["level_contrast"])
    return {suffix for part, asks in question_parts(a.text) if asks and not re.search(r"\d", part)
            and not any(w in part for w in contrast) for word, suffix in scope_rules()["level_words"].items() if word in part}


def _written_form(place: str) -> str:
    """The shortest form a user writes a place in: without its suffix when two characters or more remain (杭州 of 杭州市)."""
    return short_name(place) if len(short_name(place)) >= 2 else place


def _chooses(text: str, place: str) -> bool:
    """``text`` chooses between another place and ``place`` (去大连还是青岛: choice in scope.json), wherever the story
    part stands."""
    short = _written_form(place)
    return any(re.search(f"{c}[去回在到]?{re.escape(short)}", text) for c in scope_rules()["comparison"]["choice"])


def _compares(text: str, place: str) -> bool:
    """``text`` weighs places against each other (comparison in scope.json: a cue anywhere, or one of 'each_cues' in a
    part writing ``place``)."""
    rules = scope_rules()["comparison"]
    short = _written_form(place)
    against = "|".join(map(re.escape, rules["against"]))
    return any(any(c in part for c in rules["cues"]) or re.search(f"(?:{against}).{{1,8}}{rules['against_verb']}", part)
               or short in part and any(c in part for c in rules["each_cues"]) for part, _ in question_parts(text))


def _bare_places(a: QueryAnalysis, vocab: Vocabulary) -> list[str]:
    """Of ``_unwritten_places``, those not inside a place the analysis found nor named only as background."""
    return [w for w in _unwritten_places(a, vocab) if not any(w in p for p in a.places) and not background(a.text, w)]


def _qualifies(city: str, places: list[str], text: str) -> bool:
    """Every time ``text`` writes ``city`` one of ``places`` follows it at once (茆川青苇区)."""
    forms = sorted({f for f in (city, short_name(city)) if len(f) >= 2}, key=len, reverse=True)
    after = [text[m.end():] for m in re.finditer("|".join(map(re.escape, forms)), text)] if forms else []
    return bool(after) and all(any(rest.startswith((p, short_name(p))) for p in places) for rest in after)


def _written(place: str, part: str, own: bool = False) -> bool:
    """``part`` writes ``place`` (or its short form of two characters or more); with ``own``, not only as a point of
    comparison (跟汀澜一样, 类似枫岚那种: compared in scope.json)."""
    forms = [f for f in (place, short_name(place)) if f == place or len(f) >= 2]
    spans = [(m.start(), m.end()) for f in forms for m in re.finditer(re.escape(f), part)]
    if not own:
        return bool(spans)
    rules = scope_rules()["compared"]
    reach = rules["reach"]
    return any(not any(b in part[max(0, s - reach - len(b)):s] for b in rules["before"])
               and not any(w in part[e:e + reach + len(w)] for w in rules["after"]) for s, e in spans)


def unknown_programme(a: QueryAnalysis, vocab: Vocabulary) -> str:
    """A programme named as «…专业» that the catalogue does not hold ('' when it names a known one or none). A short
    name whose characters stand in order in exactly one catalogue name (电商 of 电子商务) names that one."""
    rules = scope_rules()
    if a.programmes or a.codes or not vocab.programmes:
        return ""
    generic = _generic_tails(tuple(sorted(set(vocab.programmes.values()))))
    for m in re.finditer(r"([\u4e00-\u9fffA-Za-z]{2,12})" + re.escape(rules["programme_marker"]), a.text):
        name = _name_before(a.text, m.start(1), m.end(1), generic)
        for college in vocab.colleges:  # 某某学院数控专业 → 数控
            name = name.removeprefix(college)
        if len(name) < 2 or name in rules["not_programme_names"] or name.endswith("类"):
            continue  # 技术类专业, 医学类: a kind of programme, no programme's name
        if any(name in p or p in name for p in vocab.programmes) or len(vocab.abbreviated(name)) == 1:
            return ""
        return name
    return ""


def unknown_college(a: QueryAnalysis, vocab: Vocabulary) -> str:
    """A college the question names («…职业学院», «…大学»: college_suffixes in scope.json) that no document covers,
    when it names no covered college ('' otherwise): 芦汀卫生职业学院 is not the 芦汀职业技术学院 a catalogue holds."""
    rules = scope_rules()
    if a.colleges or not vocab.colleges:
        return ""
    for m in _college_names().finditer(a.text):
        name = _name_before(a.text, m.start(1), m.end(1))
        # a place written inside the name starts it (想问下芦汀卫生职业学院 → 芦汀卫生职业学院)
        start = min((name.find(p) for p in place_names(name) if p in name), default=0)
        name = name[start:]
        full = name + a.text[m.end(1):m.end()]
        if len(name) < 2 or name in rules["not_programme_names"] or background(a.text, full):
            continue
        if any(full in c or c in full for c in [*vocab.colleges, *vocab.colleges.values()]):
            return ""
        return full
    return ""


@cache
def _college_names() -> re.Pattern:
    """A name ending in one of college_suffixes (scope.json), the longest suffix first."""
    suffixes = "|".join(map(re.escape, sorted(scope_rules()["college_suffixes"], key=len, reverse=True)))
    return re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:" + suffixes + ")")


def _name_before(text: str, start: int, end: int, generic: frozenset[str] = frozenset()) -> str:
    """The name ``text[start:end]`` ends with: cut after its last function word (我想读…, 有没有…; name_breaks in
    scope.json), at a word boundary only (学前教育 keeps its 学); a cut leaving only a word many names end with
    (``generic``: 技术 after 口腔医学) is inside the name, the cut before it is taken."""
    name = text[start:end]
    words = {i - start for i in boundaries(text[:end])}
    breaks = scope_rules()["name_breaks"]
    cuts = sorted({f.end() for b in breaks for f in re.finditer(re.escape(b), name) if _breaks_at(name, f, words, breaks)},
                  reverse=True)
    return next((name[c:] for c in cuts if name[c:] not in generic), name)


@cache
def _generic_tails(names: tuple[str, ...]) -> frozenset[str]:
    """The words of two characters or more that end at least two of ``names`` and are none of them (技术, 管理)."""
    ends: dict[str, int] = {}
    for n in names:
        for i in range(1, len(n) - 1):
            ends[n[i:]] = ends.get(n[i:], 0) + 1
    return frozenset(e for e, k in ends.items() if k >= 2 and e not in names)


def _breaks_at(name: str, found: re.Match, words: set[int], breaks: list[str]) -> bool:
    """A break word found in ``name`` ends a word; ending the name, it is a word of its own or ends one made of
    break words only (你们): the 学 ending 口腔医学 is the name's own."""
    if found.end() not in words:
        return False
    if found.end() < len(name) or found.start() in words:
        return True
    last = name[max(max((i for i in words if i < found.end()), default=0), 0):found.end()]
    return bool(_only_breaks(tuple(breaks)).fullmatch(last))


@cache
def _only_breaks(breaks: tuple[str, ...]) -> re.Pattern:
    """A run of break words only (你们), compiled once per list."""
    return re.compile("(?:" + "|".join(map(re.escape, breaks)) + ")+")


def unpriced_benefit(a: QueryAnalysis, cited: list[Document], candidates: list[Document]) -> tuple[str, Document | None, bool]:
    """The benefit an amount question names (安家费, 购房补贴: a word of its asking parts ending in one of
    benefit_suffixes in scope.json) that no cited clause writes: (it, the passage naming it, False) when no sentence
    naming it states a figure (具体标准由…自行确定): the documents name it but state no amount, whatever another
    benefit's clause says; (it, None, True) when one does: the answer quotes another benefit, not the one that has a
    figure. ('', None, False) otherwise."""
    amount = ask_kinds()["amount"]
    asked = asked_text(a.text)
    if not any(c in asked for c in amount["cues"]):
        return "", None, False
    # each part's benefits, read once; one named only in a part asking whether it combines with another
    # (跟市里那个生活补贴能一起拿吗) is asked whether, not how much
    # (…最多能加多少？另外社保公积金这些能不能在临港就近办: a part after the last amount asked that asks another thing
    # names no benefit whose amount is asked)
    split = [p for p, _ in question_parts(asked)]
    last = max((i for i, p in enumerate(split) if any(c in p for c in amount["cues"])), default=len(split))
    split = [p for i, p in enumerate(split) if i <= last or not classify_asks(p)]
    parts = [(bool(contains_any(p, scope_rules()["combine_cues"])), asked_benefits(p)) for p in split]
    combined = {w for joins, found in parts if joins for w, _, _ in found} - {
        w for joins, found in parts if not joins for w, _, _ in found}
    for word, stem, _ in (b for _, found in parts for b in found):
        if word in combined:
            continue
        # a cited table row need not repeat its benefit's name: its title and heading say it; nor a list item whose
        # lead (按学历给予租房补贴：) ends the passage before it
        # (社保补贴 asked, 社会保险补贴 quoted: the stem by any word the synonym table folds with it)
        spellings = {stem, *surface_forms().get(synonyms().get(stem, stem), ())} if stem else {stem}
        if any(_names(d, s) or s in _lead_before(d, candidates) for d in cited for s in spellings):
            continue
        # the sentences naming the benefit by the longer name the question writes (一次性资金支持), else as asked
        # (专项安家费), else by its stem (安家补贴); a passage ending on the colon that opens the list of rates
        # (按学历给予租房补贴：) is read on into the passage after it
        for name in (_written_name(asked, word, candidates), word, stem):
            naming = [d for d in candidates if name and name in d.page_content]
            said = [f for d in naming if (f := _figure_by(_read_on(d, candidates), name, "。；;\n", 1)) is not None]
            if said:
                return (max(name, word, key=len), naming[0], False) if not any(said) else (word, None, True)
    return "", None, False


def answers_another(a: QueryAnalysis, cited: list[Document], word: str) -> bool:
    """Every cited passage names a benefit the question asks beside ``word`` (租房补贴每月多少…安家费能拿多少: the
    租房补贴 clauses answer their own ask, only 安家费 is not stated)."""
    others = [stem for w, stem, _ in asked_benefits(asked_text(a.text)) if w not in word]  # 一次性资金支持: 资金支持
    return bool(others and cited) and all(any(stem in f"{d.metadata.get('section', '')}{d.page_content}" for stem in others)
                                          for d in cited)


def unset_amount(a: QueryAnalysis, evidence: list[Document], candidates: list[Document]) -> tuple[str, Document] | None:
    """An amount asked of something a candidate sentence grants with its figure left to later (对认定为示范基地的单位，
    给予一次性奖励，具体标准另行制定: unset_markers in scope.json), when that sentence writes the end of the question (the
    ask and the part before it: 评区级就业见习示范基地 评上了能奖多少) in a longer run of the same characters than any
    quoted clause does: the documents name it but set no amount. (What it grants, in its own words; the passage) or
    None."""
    if "amount" not in a.asks or not evidence:
        return None
    unset = unset_marker()
    figure = fact_pattern("amount")
    figured = [bool(figure.search(with_units(d.page_content))) for d in evidence]  # (2600 under 元/月 is a figure)
    # 高级技师（一级）补多少 → the row quoted is 补贴标准：另行制定: what is quoted sets no amount and says so
    if not any(figured) and (said := next((d for d in evidence if unset.search(d.page_content)), None)):
        return _granted(said.page_content, r"[，,；;]", cells=True), said
    stems = {stem for _, stem, _ in asked_benefits(a.text) if stem}
    # 博士租房补贴多少: the row quoted writes 租房补贴（每人每月）：另行制定 — the asked column sets no amount, whatever
    # the row's other columns (生活补贴：3000元) give
    for d in evidence:
        asked = [(name, value) for name, value in row_cells(d.page_content) if any(s in name for s in stems)]
        if d.metadata.get("kind") == "table_row" and asked and all(unset.search(value) for _, value in asked):
            return asked[0][0], d  # (生活补贴和租房补贴各多少: 生活补贴：3000元 is stated, the row stands)
    # 安家费到底能给多少: the quoted clause on the 安家费 leaves its figure to later (具体标准…自行确定); a figure quoted
    # beside it about something else (每人一次性1000元 of the job-seeking subsidy) is no answer
    naming = [any(s in d.page_content for s in stems) for d in evidence]
    if (said := next((d for d, named in zip(evidence, naming) if named and unset.search(d.page_content)), None)) and not any(
            f and named for f, named in zip(figured, naming)):
        return _granted(said.page_content, r"[，,；;]", cells=True), said
    asked_parts = question_parts(a.text)
    # the last asking part and the one before it (能不能给个准数，我好跟厂里说: not what follows it); a pointer in the
    # asking parts ending there points back to the story naming it (这个证能补多少钱 after 考了个专项职业能力证书)
    last = max((i for i, (_, asks) in enumerate(asked_parts) if asks), default=len(asked_parts) - 1)
    amounts = [i for i, (p, asks) in enumerate(asked_parts) if asks and "amount" in classify_asks(p)]
    # (说紧缺专业还有额外补贴，额外补多少钱？是每个月加还是一次性给: from the part before the amount asked)
    amount = amounts[-1] if amounts else last
    first = last
    while first > 0 and asked_parts[first - 1][1]:
        first -= 1
    pointing = any(p in part for part, _ in asked_parts[first: last + 1] for p in slots()["pointers"] if len(p) > 1)
    end = "".join(p for p, _ in asked_parts[0 if pointing else max(0, min(amount, last) - 1): last + 1])
    # the user's own figure (听说技师补3000) is no sign a clause states the asked one; a year is (明年2026年)
    end = re.sub(r"\d+(?![\d年])", "#", end)
    # (a quoted clause leaving its figure to later and stating none is no answer: 高级技师（一级）补贴标准另行公布)
    quoted = max((_common_run(end, d.page_content, _title(d)) for d, f in zip(evidence, figured)
                  if f or not unset.search(d.page_content)), default=0)
    # a word of the part asking the amount that the quoted clauses write only cut short (出站博士后的生活补贴每个月
    # 多少钱 answered with the 博士 row): a sentence leaving its figure to later that writes it whole is about what is
    # asked
    # (only the clauses stating a figure: 博士后…生活补贴标准另行制定 quoted beside 博士研究生每人每月3200元 answers nothing)
    quoted_text = " ".join(d.page_content for d, f in zip(evidence, figured) if f)
    # (read with the story before it: 我博士后出站…安家补贴能拿多少)
    asking = a.text[: a.text.find(p) + len(p)] if amounts and (p := asked_parts[amounts[0]][0]) else ""
    cut_short = {t for t in terms(asking) if len(t) >= 3 and t not in quoted_text
                 and any(t[:k] in quoted_text for k in range(2, len(t)))}
    # a word of the story before the ask that no quoted clause writes (要入驻市级示范创业孵化基地了，场地租金能减免多少
    # answered with the 区级 基地's terms): a sentence leaving its figure to later that writes it, and the ask as
    # long a run as any quoted clause does, is about what is asked
    unquoted = {t for t in terms(asking) if len(t) >= 2 and t not in quoted_text and not t.isdigit()
                and not any(t in p for p in a.places)} - set(slots()["stopwords"])
    # a word of the ask the quoted clauses write (硕士 of 她的生活补贴一个月多少, quoted 硕士研究生每人每月1200元): a
    # sentence leaving another's figure to later (博士后…的生活补贴…另行制定) that does not write it is not about it
    quoted_words = {t for t in terms(asking) if len(t) >= 2 and t in quoted_text and not t.isdigit()} - set(
        slots()["stopwords"])
    best: tuple[int, str, Document] | None = None
    for d in candidates:
        for sentence in re.split(r"(?<=[。；;\n])", d.page_content):
            if unset.search(sentence):
                n = _common_run(end, sentence, title := _title(d))
                written = {t for t in unquoted | cut_short if t in sentence and t not in title}
                if not written and any(t not in sentence and t not in title for t in quoted_words):
                    continue
                # (育婴员培训…补贴是多少钱: the name the ask writes, which only this sentence writes, inside a run of
                # three characters or more the two share; not a word as common as 单位 or 比例)
                named = any(_run_around(t, end, sentence) >= _NAMED_RUN for t in written & unquoted)
                if (n >= _UNSET_RUN and (n >= quoted + 2 or n >= quoted and written & unquoted)
                        or written & cut_short or named) and (best is None or n > best[0]):
                    best = (n, sentence, d)
    if best is None:
        return None
    return _granted(best[1], r"[，,]"), best[2]


def _written_name(text: str, word: str, docs: list[Document]) -> str:
    """The longest run of ``text`` ending in ``word`` and at least two characters longer (一次性资金支持 of 资金支持) that
    one of ``docs`` writes; '' when none does."""
    at = text.find(word)
    end = at + len(word)
    for start in range(max(0, at - 6), at - 1):
        if (name := text[start:end]) and any(name in d.page_content for d in docs):
            return name
    return ""


def _granted(sentence: str, cut: str, cells: bool = False) -> str:
    """What a sentence leaving its amount to later grants, in its own words: its pieces (cut at ``cut``) without the
    one saying 另行制定; ``cells``: a table row's cells without their column names (证书等级：高级技师（一级） → 高级技师（一级）)."""
    kept = [p.split("：")[-1] if cells else p for p in re.split(cut, sentence) if p.strip() and not unset_marker().search(p)]
    # (**第五条** 取得专项职业能力证书的，补贴标准另行公布 → 取得专项职业能力证书)
    said = _ARTICLE_NUMBER.sub("", "，".join(kept).strip(" 。；;\n*")).removesuffix("的")
    if not said and (m := unset_marker().search(sentence)):  # （五）高级技师（一级）补贴标准另行公布 → 高级技师（一级）
        said = _UNSET_LEAD.sub("", _ARTICLE_NUMBER.sub("", sentence[: m.start()].strip(" *\n")))
    if len(said) > 40:  # (…对集成电路、生物医药、新一代信息技术等紧缺专业: from a piece's start)
        said = re.sub(r"^[^、，,]*[、，,]", "", said[-40:])
    return said or sentence.strip()[:40]


_UNSET_LEAD = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]|(?:的)?(?:具体)?(?:补贴)?标准$")  # （五）…补贴标准
_ARTICLE_NUMBER = re.compile(r"^\**第[一二三四五六七八九十百零〇\d]+条\**\s*")  # **第五条**


_UNSET_RUN = 4  # characters of the question's end a sentence leaving its amount to later must write in one run
_NAMED_RUN = 3  # characters of the question's end such a sentence writes in one run, with a name no quoted clause writes


def _run_around(word: str, a: str, b: str) -> int:
    """The longest run of characters around ``word`` where ``a`` writes it that ``b`` writes too (0 when ``a`` does
    not write it)."""
    best, at = 0, a.find(word)
    while at >= 0:
        start, end = at, at + len(word)
        while start > 0 and a[start - 1:end] in b:
            start -= 1
        while end < len(a) and a[start:end + 1] in b:
            end += 1
        best = max(best, end - start if a[start:end] in b else 0)
        at = a.find(word, at + 1)
    return best


def _common_run(a: str, b: str, title: str = "") -> int:
    """The longest run of characters ``a`` and ``b`` both write, not counting one ``title`` also writes (租金补贴 of
    《创业场地租金补贴实施办法》: every clause of that document is about it)."""
    best = 0
    for i in range(len(a)):
        j = i + best + 1
        while j <= len(a) and a[i:j] in b:
            j += 1
        if j - 1 - i > best and a[i:j - 1] not in title:
            best = j - 1 - i
    return best


def _title(doc: Document) -> str:
    """A passage's document title ('' when it has none)."""
    return str(doc.metadata.get("title", ""))


def _lead_before(doc: Document, candidates: list[Document]) -> str:
    """The colon-ended sentence the passage before ``doc`` ends on (按学历给予租房补贴：), its lead; '' otherwise."""
    before = next_passage(doc, candidates, -1)
    text = before.page_content.rstrip() if before is not None else ""
    return re.split(r"[。；;\n]", text)[-1] if text.endswith(("：", ":")) else ""


def _read_on(doc: Document, candidates: list[Document]) -> str:
    """The passage's text, with the next passage of its document after it when it ends on a colon (a list cut off)."""
    after = next_passage(doc, candidates) if doc.page_content.rstrip().endswith(("：", ":")) else None
    return doc.page_content + ("\n" + after.page_content if after is not None else "")


def _figure_by(text: str, name: str, cut: str, reach: int) -> bool | None:
    """Whether ``text`` states a figure by ``name``: in a piece (cut after one of ``cut``) naming it or the ``reach`` - 1
    pieces after it, or, for a piece ending in a colon, in the list that follows (按以下标准给予一次性创业补贴：（一）…
    每户10000元). None when no piece names it."""
    pieces = [p for p in re.split(f"(?<=[{cut}])", text) if p.strip()]
    hits = [i for i, p in enumerate(pieces) if name in p]
    if not hits:
        return None
    figure = fact_pattern("amount")
    return any(figure.search("".join(pieces[i:i + (4 if pieces[i].rstrip().endswith(("：", ":")) else _sentence_after(
        pieces, i) if _ARTICLE_HEAD.match(pieces[i]) else reach)])) for i in hits)


# an article's heading written as a sentence of its own (第三条 租房补贴。): the sentence after it is what it states
_ARTICLE_HEAD = re.compile(r"\s*(?:\*\*)?第[一二三四五六七八九十百零〇\d]+条\s*[^，,。；;：:]{1,16}[。.]\s*$")


def _sentence_after(pieces: list[str], i: int) -> int:
    """How many pieces from ``pieces[i]`` (a heading) to the end of the sentence after it."""
    end = next((j for j in range(i + 1, len(pieces)) if pieces[j].rstrip().endswith(("。", "；", ";", "\n"))), len(pieces) - 1)
    return end - i + 1


def asked_benefits(asked: str) -> list[tuple[str, str, str]]:
    """(benefit, stem, whole) of each benefit ``asked`` names: a word ending in one of benefit_suffixes (scope.json) and
    the stem before it (安家费 → 安家; 购房补贴 is two words, 购房 and 补贴: the stem is the word before a bare suffix);
    ``whole`` with a verb right before the stem that says which benefit (带动就业补贴; 申请, 给予 only grant one), else
    the benefit."""
    suffixes = sorted(scope_rules()["benefit_suffixes"], key=len, reverse=True)
    verbs = stop_or_verbs()
    payers = set(slots()["payer_words"])  # 政府补贴单位多少: who pays, not which benefit
    pairs = tagged(asked)
    words = [w for w, _ in pairs]
    found = []
    for i, word in enumerate(words):
        suffix = next((x for x in suffixes if word.endswith(x)), "")
        stem = word[:-len(suffix)] if suffix and word != suffix else words[i - 1] if suffix and i else ""
        j = i if word != suffix else i - 1
        # 额外补助: a word of such a kind (an attribute, an adverb; stem_tags in scope.json) says no benefit's name, nor
        # how the question asks (留下来有没有奖励, 还有没有奖励 cut 没有奖励)
        if len(stem) < 2 or stem in payers or stem in verbs or not re.fullmatch(r"[\u4e00-\u9fff]+", stem) or asking_form(stem) or (
                word == suffix and pairs[j][1].startswith(tuple(scope_rules()["benefit_match"]["no_stem_tags"]))):
            continue
        verb = words[j - 1] if j >= 1 and pairs[j - 1][1].startswith("v") and len(words[j - 1]) >= 2 \
            and words[j - 1] not in verbs and re.fullmatch(r"[\u4e00-\u9fff]+", words[j - 1]) else ""
        found.append((stem + suffix, stem, verb + stem + suffix))
    return found


# a figure right after a word (租金两千多, 房租1800): the user tells what it is, not asks
_OWN_FIGURE = re.compile(r"(?:是|有|才|大概|差不多|将近|快)?(?:\d{3,}|[\d一二两三四五六七八九十几]+(?:[千万百]|元|块))")


def other_benefit(a: QueryAnalysis, draft_lines: list[Document], candidates: list[Document],
                  similarity: Callable[[str, str], float] | None = None) -> str:
    """The benefit an amount question names (创业担保贷款, 安家费) that no candidate passage writes as such, while every
    benefit the answer's clauses are about (their heading, the benefit they grant, their document's title) is another
    one ('' otherwise): the documents don't deal with it, and another benefit's figure is no answer. Another means
    it shares no first character with the asked stem (租赁补贴 answers 租房补贴; 购房补贴 is not 租房补贴) or, with the
    embedding model, is further from it than benefit_match.similarity (scope.json). A stem that names no subject of
    the question (每月补贴, 一次性补贴 when the documents write 一次性) asks nothing of its own."""
    asked = asked_text(a.text)
    if "amount" not in a.asks or not draft_lines:
        return ""
    told = no_topic_words(a.text) | set(slots()["stopwords"])
    written = " ".join(f"{d.metadata.get('title', '')} {d.metadata.get('section', '')} {d.page_content}" for d in candidates)
    names = [n for d in draft_lines for n in (
        benefit_name(Clause(d, d.page_content, 0, 0, lead=str(d.metadata.get("section", "")))),
        benefit_name(Clause(d, _title(d), 0, 0))) if n]
    limit = scope_rules()["benefit_match"]["similarity"]
    quoted = " ".join(d.page_content for d in draft_lines)
    other = ""
    for word, stem, whole in asked_benefits(asked):
        if _OWN_FIGURE.match(asked[asked.find(whole) + len(whole):]):
            continue  # 一个月租金两千多: what the user pays, told with its figure, is no benefit asked
        core = whole.removesuffix(word[len(stem):])  # 带动就业 of 带动就业补贴
        # 带动就业补贴 asked, 吸纳就业补贴 written: another benefit when neither it nor its stem fits a cited one; a stem
        # the cited clauses write (企业补贴 asked of 补贴对象：中小微企业) is theirs; a stem that may stand for another
        # word (房租 of a shop: 租金) fits as that word too
        canonical = synonyms().get(stem, stem)  # 社保补贴 asked, 社会保险补贴 written
        spellings = list(dict.fromkeys([stem, canonical, *sorted(alternate_terms(stem, canonical))]))
        # 生活补助 asked, 生活补贴 written: the benefit's suffix by any word the synonym table folds with it
        suffix = word[len(stem):]
        suffixes = [suffix, *(w for w in surface_forms().get(synonyms().get(suffix, suffix), ()) if w != suffix)]
        for said, own, part, name in ((word.replace(stem, x)[:-len(suffix)] + y, x, core.replace(stem, x),
                                       whole.replace(stem, x)[:-len(suffix)] + y) for x in spellings for y in suffixes):
            fits = _heads(part, quoted) or any(s[0] in n and (similarity is None or similarity(w, n) >= limit)
                                               for w, s in {(said, own), (name, part)} for n in names)
            if fits or name in written or naming_passages(name, candidates):
                # a benefit asked is answered (or written, whole or as a grant around a few characters: 求职补贴 in
                # 求职创业补贴 — the other checks decide)
                return ""
        if not other and core not in told and names and not any(stem in p for p in a.places):
            other = whole
    return other


def _heads(word: str, text: str) -> bool:
    """``text`` writes ``word`` as what a phrase is about (补贴对象：中小微企业, 企业吸纳…), not only as a modifier of
    the noun after it (失业青年, 失业保险费 write 失业, not 失业金)."""
    if word not in text:
        return False
    words = tagged(text)
    for i, (w, _) in enumerate(words):
        if w.endswith(word):
            # the word after it, past a quantity (登记失业1年以上人员: 人员)
            j = next((j for j in range(i + 1, len(words)) if not words[j][1].startswith(_QUANTITY)), len(words))
            after = words[j] if j < len(words) else None
            label = j + 1 < len(words) and words[j + 1][0] in (":", "：")  # 证书类别：中级工 is the certificate's row
            if after is None or not after[1].startswith(_MODIFIED) or label:
                return True
    return not any(word in w for w, _ in words)  # written only across words (带动|就业): as before, written


# jieba's tags of a word that a word just before it only modifies (失业 of 失业青年, 失业保险费)
_MODIFIED = ("n", "t", "s", "j", "vn", "nz")
_QUANTITY = ("m", "eng", "q", "f")


def _names(doc: Document, stem: str) -> bool:
    """A cited passage names ``stem`` in its title or heading, or in its text with a figure right there (the phrase
    naming it or the next: 给予安家补贴，每人2万元); a table row stands for its table's subject, which its cells need not
    write (补贴标准：每月1200元 of a rent table): it may name whatever is asked. A list of benefits granted without a
    figure (可给予租房补贴、安家补贴、购房款减免…) names the asked one but states nothing of it."""
    md = doc.metadata
    if md.get("kind") == "table_row" or "表" in str(md.get("section", "")) or stem in f"{md.get('title', '')} {heading(doc)}":
        return True
    return bool(_figure_by(doc.page_content, stem, "，,。；;\n", 2))


def naming_passages(benefit: str, docs: list[Document]) -> list[Document]:
    """Those of ``docs`` that write a grant (补贴, 补助) around a few characters more than the question does (一次性求职
    创业补贴 for 求职补贴); [] for any other benefit (失业金 is no 失业保险金, 安家费 no 安家补贴)."""
    pattern = _benefit_pattern(benefit)
    if pattern is None or not benefit.endswith(benefit_suffixes()):
        return []
    return [d for d in docs if pattern.search(f"{d.metadata.get('section', '')} {d.page_content}")]


def _benefit_written(benefit: str, docs: list[Document]) -> bool:
    """``docs`` write the benefit's name (生活补贴), or its stem before a benefit suffix a few characters on (生活、租房
    补贴) — not its parts apart (基本生活费 … 见习补贴)."""
    pattern = _benefit_pattern(benefit)
    return pattern is None or any(pattern.search(f"{d.metadata.get('title', '')} {heading(d)} {d.page_content}")
                                  for d in docs)


@lru_cache(maxsize=512)
def _benefit_pattern(benefit: str) -> re.Pattern | None:
    """The benefit's stem, then up to four characters of the same phrase, then its suffix (补贴 or 补助 for any grant;
    费 only as itself: 生活费 is no 生活补贴). None for a bare suffix or a word with none."""
    suffix = next((s for s in sorted(scope_rules()["benefit_suffixes"], key=len, reverse=True) if benefit.endswith(s)), "")
    stem = benefit[: len(benefit) - len(suffix)]
    if not suffix or not stem:
        return None
    grants = slots()["benefit_names"]["suffixes"]
    ends = grants if suffix in grants else [suffix]
    return re.compile(f"{re.escape(stem)}[^\\s。；;，,：:！？]{{0,4}}?(?:{'|'.join(map(re.escape, ends))})")


def complex_case(a: QueryAnalysis) -> bool:
    """A personal case that asks to work out what applies across several rules (calculation wording): it says so
    (我俩分别, 能不能叠加, 哪几项, 这几样加起来), names several benefits (生活补贴和租房补贴) or a second person whose case
    counts too (我老婆…我们家总共能拿多少). One rule's total (算算每个见习生一共能拿多少补贴, asked by the employer's clerk)
    is the documents' to answer, and so is how one rule computes its figure (租金补贴怎么算: not a calculation wording)."""
    rules = scope_rules()["complex_case"]
    text = a.text
    personal = any(w in text for w in rules["personal"])
    if not (personal and len(text) >= rules["min_length"] and any(w in text for w in rules["calculation"])):
        return False
    benefits = {name for name, _, _ in asked_benefits(text)}
    return any(w in text for w in rules["several"]) or len(benefits) >= rules["min_benefits"]


@dataclass
class PlaceDocuments:
    """The passages that may answer a question about one district: its own documents when they write what is asked
    (never the city-wide rule then), else its city's city-wide documents (``city`` set: the answer
    says it is the city-wide rule; ``own``: whether the district has documents of its own)."""

    docs: list[Document]
    district: str = ""
    city: str = ""
    own: bool = True
    fallback: PlaceDocuments | None = None  # the city-wide documents, read when the district's own do not answer
    absent: list[str] = field(default_factory=list)  # the asked subject, written by no document of this place's scope


def place_documents(docs: list[Document], retrieved: list[Document], a: QueryAnalysis, vocab: Vocabulary,
                    chunks_of: Callable[[str], list[Document]]) -> PlaceDocuments:
    """``docs``: the in-scope passages; ``retrieved``: everything retrieved (the city-wide rule may have been set
    aside for the district's own document). A district with no policy of its own is answered from its city's
    city-wide rule; a district whose own documents deal with a neighbouring subject (asked 见习, they write 租房)
    from the city-wide rule on the asked subject when the city's documents write it; otherwise what was found stands
    (the refusal checks follow). Another district's document never answers."""
    asked = list(dict.fromkeys(p for p in a.places_known(vocab) if _level(p) == "district"))
    cities = list(dict.fromkeys(p for p in a.places_known(vocab) if _level(p) == "city"))
    if not asked and len(cities) == 1 and vocab.city_policies(cities[0]):
        return _city_documents(docs, a, vocab, cities[0], chunks_of)
    if len(asked) != 1:
        return PlaceDocuments(docs)
    district = asked[0]
    written = written_city(district, a)
    if written and not vocab.covers(written) and not is_national(written) and vocab.city_of(district):
        written = ""  # 倍景市容玉区: a city neither the documents nor the national list know is a slip of the district's
    city = written or vocab.city_of(district) or _told_city(a, vocab)
    if not city and vocab.own_policies(district) and (listed := vocab.listed_city(district)):
        # a district with documents of its own in a city the national division list gives (海淀区 of 北京市): they
        # answer as before; the city-wide rule only when they write nothing of what is asked or leave it unstated
        found = _district_documents(docs, retrieved, a, vocab, chunks_of, district, "")
        whole = _city_scope(retrieved, a, vocab.city_policies(listed), district, listed, True, chunks_of)
        if found.absent:  # what its own never write: the city-wide rule's when that rule writes it (团队), else refused
            written = written_terms(whole.docs)
            return whole if all(w in written or set(terms(w)) & written for w in found.absent) else found
        return replace(found, fallback=found.fallback or whole)
    return _district_documents(docs, retrieved, a, vocab, chunks_of, district, city)


def _city_scope(retrieved: list[Document], a: QueryAnalysis, city_sources: list[str], district: str, city: str,
                own: bool, chunks_of: Callable[[str], list[Document]]) -> PlaceDocuments:
    """The city-wide documents read for a district: those retrieval found first, then the passages it set aside for
    the district's own, those sharing most of the question's words first (the checks read the top passages)."""
    first = [d for d in retrieved if d.metadata.get("source") in city_sources]
    seen = {d.id for d in first}
    wanted = set(a.terms)
    rest = sorted((c for s in city_sources for c in chunks_of(s) if c.id not in seen), key=lambda c: -len(
        wanted & set(terms(f"{c.metadata.get('section', '')} {c.page_content}"))))
    return PlaceDocuments(first + rest, district, city, own=own)


def _district_documents(docs: list[Document], retrieved: list[Document], a: QueryAnalysis, vocab: Vocabulary,
                        chunks_of: Callable[[str], list[Document]], district: str, city: str) -> PlaceDocuments:
    """place_documents for one district asked about, ``city`` the city it is in ('' when unknown)."""
    city_sources = vocab.city_policies(city) if city else []
    own = vocab.own_policies(district)
    own_chunks = [c for s in own for c in chunks_of(s)]
    unwritten = unaddressed_here(a, own_chunks) if own else []
    city_chunks = [c for s in city_sources for c in chunks_of(s)]
    others = cache(lambda: [c for s in vocab.policy_scope if s not in own and s not in city_sources for c in chunks_of(s)])
    if unwritten and _own_title_asked(a, own_chunks, city_chunks + others()):
        # 区里给企业补多少钱…见习结束留下来的有没有奖励 of a district whose 就业见习 rule writes 见习单位: the rule the
        # question names by its title is asked; a word it does not write that the city-wide rule writes (企业) sends
        # it there only when a city-wide title has it as its subject (租房 of 租房补贴). A word the city-wide rule
        # does not write either (安家 of 海淀区留学回国人才引进有安家费吗) stays unwritten: the refusal checks follow.
        titles, written = _title_words(city_chunks), written_terms(city_chunks)
        unwritten = [w for w in unwritten if w in titles or w not in written]
    inherited = None  # the city-wide rule, when it writes what is asked about
    unheard: list[str] = []
    city_missing = unaddressed_here(a, city_chunks) if city_chunks else []
    # a benefit named whole that the city-wide rule writes and the district's write only in parts (生活补贴 beside a 见习
    # rule's 基本生活费 … 见习补贴): the city-wide rule's, whatever words of the story (合同) it does not write
    own_written = cache(lambda: written_terms(own_chunks))
    unnamed = [b for b, _, _ in asked_benefits(a.text) if own and city_chunks and not _benefit_written(b, own_chunks)
               and _benefit_written(b, city_chunks) and not alternate_terms(a.text, b) & own_written()]
    # 车工高级工证能补多少…员工要交够多久失业保险 asked of a district whose rule deals with 场地租金: the city-wide rule
    # writes all of it but a word of the story (员工) that no other place has as a subject either — it answers
    if city_chunks and (not city_missing or unnamed or set(city_missing) < set(unwritten) and not set(city_missing) & subject_terms(
            others(), rows=False)):
        inherited = _city_scope(retrieved, a, city_sources, district, city, bool(own), chunks_of)
    if inherited is not None and _asked_levels(a) == {"市"} and not any(
            asks and _written(district, part) for part, asks in question_parts(a.text)):
        # 现在在北屺区一个小厂干…市里的考证补贴能领多少: the district is the story, the city-wide rule is asked (not so
        # in 棂溪区见习补贴多少？能跟市里的一起拿吗, where a part asks of the district)
        return inherited
    if own and inherited is not None:
        # a word the tokenizer does not know (扩岗 of 扩岗补助) that the city-wide rule writes and the district's never do
        unheard = _only_in(a, city_chunks, own_chunks) + unnamed  # 留溍 of 留溍就业补贴, however much else the story writes
        unwritten = list(dict.fromkeys([*unwritten, *unheard]))
    if own and (told := _told_subject(a, own_chunks, city_chunks)):
        # 那我们在X的厂呢…按啥标准补 after a 见习 turn: the subject is the story's, not the ask's; the city-wide rule's
        # subject answers, another place's only (灵活就业 of a neighbouring district) is not covered here
        city_written, others_subjects = written_terms(city_chunks), subject_terms(others(), rows=False)
        if absent := [t for t in told if t not in city_written and t in others_subjects]:
            return _absent(absent, a, own, city_sources, docs, district, chunks_of)  # 安家 of 引进人才有安家费吗
        if inherited is not None and set(told) & subject_terms(city_chunks):
            return inherited
    if own and not unwritten:  # its own rule on the subject wins over the city-wide one (which may name every district)
        local = [d for d in docs if d.metadata.get("source") not in city_sources]
        return PlaceDocuments(local or docs, district, fallback=inherited)
    # a word the district's documents never write is its neighbour's subject only when the city-wide rule has it as
    # a subject of its own (its title, a heading, a caption, a table row's first cell: 高级工): 租场地 asked of a rule
    # writing 租金 is no such word; or when the district's documents write nothing of what the question is about
    # (灵活就业 asked of a district whose rule deals with 租房 and 见习): the district inherits the city-wide rule
    # (a word as the question writes it: 房租 of a 门面 read as 租房 is the district's 场地租金 still)
    neighbour = any(w in a.text and w in subject_terms(city_chunks) or w in unheard for w in unwritten) or bool(
        own and unaddressed(a, own_chunks))
    if inherited is not None and (not own or neighbour):
        return inherited
    absent: list[str] = []
    if inherited is None:
        # the asked subject is written neither by the district's documents nor by the city-wide rule, while another
        # place's document has it as its subject (租房补贴 asked of a district whose scope has only 场地租金): not
        # covered for this place, whatever a neighbouring district's document says
        missing = [w for w in (unaddressed_here(a, city_chunks) if city_chunks else unwritten)
                   if not own or w in unwritten]
        # named as a subject there (a title, a heading, a caption) before a table row's first cell (大专)
        absent = [w for w in missing if w in subject_terms(others(), rows=False)] if missing else []
        absent = absent or [w for w in missing if w in subject_terms(others())]
        if not own and not absent:  # a district with no rule of its own: what its asking part names (创业担保贷款, 担保)
            asking = {t for p, asks in question_parts(a.text) if asks for t in terms(p)}
            absent = [w for w in missing if w in asking]
        if absent and city_chunks and _answered_part(a, city_chunks, absent):
            absent = []  # 见习补贴一人一个月给多少 is answered whatever 招几个学生来见习 names: the city-wide rule stands
    if absent:
        return _absent(absent, a, own, city_sources, docs, district, chunks_of)
    return PlaceDocuments(docs, district, fallback=inherited)  # what was found stands, or the city-wide rule answers


def _answered_part(a: QueryAnalysis, chunks: list[Document], absent: list[str]) -> bool:
    """Some asking part of the question names a subject ``chunks`` have as one of their own (a caption, a heading:
    见习补贴) and none of the ``absent`` words: that part is answered there, so the question is not refused for a word
    another part writes."""
    generic = {*slots()["benefit_names"]["generic"], *slots()["benefit_names"]["suffixes"]}  # 补贴 names none
    subjects = subject_terms(chunks) - generic
    for part, asks in question_parts(a.text):
        words = set(terms(part))  # with the words it is folded to (找到工作 → 招聘)
        if asks and not any(w in part or w in words for w in absent) and any(len(w) >= 2 and w in subjects for w in words):
            return True
    return False


def _told_subject(a: QueryAnalysis, own: list[Document], city: list[Document]) -> list[str]:
    """When the question names none of the subjects the district's own documents have and the city-wide rule has not
    (桂浦单位招见习生…按啥标准补, 也能按这个领吗 after a 灵活就业 turn), the words it writes (its story, or the earlier
    turn it carries: 见习) that some document writes and the district's own documents never write: the question is
    about a subject they do not deal with. [] otherwise (the caller keeps those that some document has as a subject
    of its own: an article's caption, 就业见习补贴)."""
    # a verb jieba tags no topic (见习) is one here: a caption names it; who pays (政府, written by the city-wide
    # notice's issuer) is none
    stop = set(slots()["stopwords"]) | set(slots()["payer_words"])
    # how it asks (时间 of 多长时间, 电话) is no subject either
    cues = ask_cues_in(a.text)
    words = [t for t in dict.fromkeys(a.terms) if len(t) >= 2 and t in a.text and t not in stop
             and re.fullmatch(r"[\u4e00-\u9fff]+", t) and not any(t in p or p in t for p in a.places)
             and not any(t in c for c in cues)]
    if a.known is None or set(words) & (subject_terms(own, rows=False) - subject_terms(city, rows=False)):
        return []
    written = written_terms(own)
    return [t for t in words if t in a.known and not written_in(t, written)]  # 创业补贴 is in 一次性创业补贴


def _city_documents(docs: list[Document], a: QueryAnalysis, vocab: Vocabulary, city: str,
                    chunks_of: Callable[[str], list[Document]]) -> PlaceDocuments:
    """A question about a city (no district of it asked): when its asking parts name a subject (租房补贴) that none of
    the city's documents (its city-wide rules and its districts' own) writes while another place's document has it as
    a subject or names it as a benefit, the subject is not covered for that city, whatever unrelated clause of its
    documents retrieval found."""
    sources = [*vocab.city_policies(city), *(s for d in vocab.policy_districts if vocab.city_of(d) == city
                                             for s in vocab.own_policies(d))]
    own = [c for s in sources for c in chunks_of(s)]
    missing = unaddressed_here(a, own)
    if not missing:
        return PlaceDocuments(docs)
    subjects = subject_terms([c for s in vocab.policy_scope if s not in sources for c in chunks_of(s)])
    benefits = tuple(scope_rules()["benefit_suffixes"])  # a benefit named whole (租房补贴) is a subject of its own
    # 积分落户 of a city whose rules write 落户 but never 积分: a kind of what they deal with that they do not deal with
    kind_of = _kind_before(a.text, missing, subject_terms(own, rows=False))
    absent = [kind_of.get(w, w) for w in missing if w in subjects or w.endswith(benefits) and w not in benefits
              or w in kind_of]
    return _absent(absent, a, [], sources, docs, city, chunks_of) if absent else PlaceDocuments(docs)


def _kind_before(text: str, words: list[str], subjects: set[str]) -> dict[str, str]:
    """Those of ``words`` the question writes right before a subject of the documents read (积分 of 积分落户 when they
    deal with 落户): the word names a kind of that subject. Each with the two as written (积分 → 积分落户)."""
    folded, subjects = fold_text(text), sorted((t for t in subjects if len(t) >= 2), key=len)
    return {w: w + t for w in words for m in re.finditer(re.escape(w), folded)
            for t in subjects if folded.startswith(t, m.end())}  # the longest last


def written_city(district: str, a: QueryAnalysis) -> str:
    """The city the question writes right before ``district`` (茆川青苇区 → 茆川市; '' when none): the user says which
    city's district is asked, whatever other city a document names a district of that name in."""
    cities = [p for p in a.places if _level(p) == "city"]
    return next((c for c in cities if _qualifies(c, [district], a.text)), "")


def _told_city(a: QueryAnalysis, vocab: Vocabulary) -> str:
    """The one city with city-wide rules the question names, for a district no document places in a city (注册在X区…
    申请某市人才引进: the user says which city the district is in); '' when it names none or several."""
    cities = [p for p in a.places_known(vocab) if _level(p) == "city" and vocab.city_policies(p)]
    return cities[0] if len(cities) == 1 else ""


def _absent(absent: list[str], a: QueryAnalysis, own: list[str], city_sources: list[str], docs: list[Document],
            district: str, chunks_of: Callable[[str], list[Document]]) -> PlaceDocuments:
    """A refusal's scope: the subject named as the question writes it (the whole word it sits in: 担保 →
    创业担保贷款) and the documents checked (the district's own and the city-wide rule)."""
    absent = list(dict.fromkeys(max((t for t, _ in tagged(a.text) if w in t), key=len, default=w) for w in absent))
    checked = [c for s in [*own, *city_sources] for c in chunks_of(s)[:1]]
    return PlaceDocuments(checked or docs, district, absent=absent)


def _title_words(chunks: list[Document]) -> set[str]:
    """The words of the titles of ``chunks``' documents that name a subject (见习, 租房; not 补贴, 办法)."""
    return set().union(*(_title_subjects(t) for t in {_title(c) for c in chunks}))


@lru_cache(maxsize=1024)
def _title_subjects(title: str) -> frozenset[str]:
    """One title's words that name a subject, cut once (a title is read for every question of its district)."""
    generic = {*slots()["stopwords"], *slots()["benefit_names"]["generic"], *slots()["benefit_names"]["suffixes"]}
    return frozenset(t for t in terms(title) if len(t) >= 2 and t not in generic)


def _own_title_asked(a: QueryAnalysis, own: list[Document], others: list[Document]) -> bool:
    """The question writes a word of the district's own rule's title that no other rule's title writes (见习 of
    某区就业见习补贴管理办法; not 就业, which a neighbour's 灵活就业 rule writes too) in a part that asks, not a word of
    a place it names."""
    # in a part that asks (社保 of 社保一直交着 tells the story); 琅嵴 of 琅嵴区 names the place, not the rule
    asked = {t for p, asks in question_parts(a.text) if asks for t in terms(p) if not any(t in x for x in a.places)}
    return bool((_title_words(own) - _title_words(others)) & asked)


def _only_in(a: QueryAnalysis, chunks: list[Document], others: list[Document]) -> list[str]:
    """Words of the question the tokenizer does not know (runs of single characters: 扩岗), no place and not made
    only of characters that name no topic (最多), that some of ``chunks``
    write and none of ``others``."""
    def read(docs: list[Document]) -> str:  # the title names the benefit (留霁就业补贴) its articles may not repeat
        return " ".join(f"{c.metadata.get('title', '')} {heading(c)} {c.page_content}" for c in docs)

    text, other = read(chunks), read(others)
    # 最多 (最|多): how it asks, no subject; a character the lexicon knows only as part of words (霁, a morpheme) or
    # not at all (蕺) is a name's
    quiet = no_topic_words(a.text)
    told = {w for w, flag in tagged(a.text) if w in quiet and flag != "x" and not flag.endswith("g")}
    found = []
    for run in fragments(a.text):  # 领留蕺 of 还能领留蕺就业补贴: the longest stretch of it the documents write
        spans = sorted({run[i:j] for i in range(len(run)) for j in range(i + 2, len(run) + 1)}, key=len, reverse=True)
        found += [f for f in spans if not any(f in p or p in f for p in a.places) and not all(ch in told for ch in f)
                  and f in text and f not in other][:1]
    return found


# an article's caption: 【就业见习补贴】, or the short phrase that opens it (第五条 就业见习补贴。/ 三、租房补贴：/ a
# markdown bold heading **第六条 灵活就业社会保险补贴**)
_CAPTION = re.compile(r"【([^】]{2,20})】|(?:第[一二三四五六七八九十百零〇\d]+条|^[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])"
                      r"\**\s*([^。：:，,；;\s*]{2,16})(?:[。：:]|\*\*)", re.MULTILINE)  # **第五条** 灵活就业补贴。: markdown bold


def subject_terms(chunks: list[Document], rows: bool = True) -> set[str]:
    """The words documents name as their subjects: titles, section headings and the captions of articles (and,
    with ``rows``, the first cells of table rows)."""
    # a list item stating a condition (（二）离校2年内未就业的高校毕业生。) is no caption: a caption writes no figure
    text = " ".join(f"{c.metadata.get('title', '')} {c.metadata.get('section', '')} "
                    f"{' '.join(x for m in _CAPTION.findall(c.page_content) if not re.search(r'[0-9]', x := ''.join(m)))}"
                    for c in chunks)
    cells = " ".join(m.group(1) for c in chunks if rows and c.metadata.get("kind") == "table_row"
                     and (m := _FIRST_CELL.match(c.page_content)))
    # an item of a numbered list of tiers ((一)初级工，每人1000元；(二)中级工（四级）每本1500元；) names its tier as a
    # row's first cell does
    items = " ".join(m.group(1) for c in chunks if rows for m in _TIER_ITEM.finditer(c.page_content))
    return set(terms(f"{text} {cells} {items}"))


_TIER_ITEM = re.compile(r"^\s*[（(][一二三四五六七八九十\d]+[）)]\s*([^，,：:；;。\s（(“”\"《》]{2,12}(?:[（(][^）)\s]{1,6}[）)])?)"
                        r"(?:[，,：:]|(?<=[）)]))[^。；;\n]{0,12}\d", re.MULTILINE)


# a table row read as key/value (证书等级：高级工（三级）；补贴标准：2000元。): its first cell names what the row is about
_FIRST_CELL = re.compile(r"[^：:；;]{1,12}[：:]([^：:；;]{1,20})[；;]")
