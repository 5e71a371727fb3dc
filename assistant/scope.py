"""Scope checks on the analysed question: is the place or programme it names covered by some document, does a
passage belong to another place than the one asked about, and is it a personal case for a counsellor?"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from langchain_core.documents import Document

from assistant.clauses import unaddressed_here
from assistant.lexicon import DATA
from core.places import same_place
from knowledge.lexical import terms
from knowledge.query import QueryAnalysis, Vocabulary, background, meta_places
from knowledge.tokenize import boundaries, names_place


@cache
def scope_rules() -> dict:
    return json.loads((DATA / "scope.json").read_text(encoding="utf-8"))


def _level(place: str) -> str:
    return "city" if place.endswith("市") else "district"


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
    """The question names a district (covered or not: 澄川市青山区) and the passage is another district's own
    document: a city-wide rule may answer for its districts, a neighbouring district's may not."""
    asked = [p for p in a.places if _level(p) == "district"]
    scope = meta_places(meta)
    places = [p for p in scope if _level(p) == "district"]
    city_wide = any(_level(p) == "city" for p in scope)
    return bool(asked and places) and not city_wide and meta.get("doc_type") != "job" and not any(
        same_place(p, n) for p in places for n in asked)


def in_scope(docs: list[Document], a: QueryAnalysis, vocab: Vocabulary) -> list[Document]:
    """The passages that may answer: none about another place; and when some passage names the very place asked
    about, only those that name it or no place at all (a question about one district is answered from that
    district's document, not from a neighbouring city-wide one)."""
    kept = [d for d in docs if not other_place(d.metadata, a, vocab) and not other_district(d.metadata, a)]
    named = a.places_known(vocab)
    own = [d for d in kept if any(same_place(p, n) for p in meta_places(d.metadata) for n in named)
           or any(d.metadata.get("source") in vocab.inside_of(n) for n in named)]
    if not own:
        return kept
    return [d for d in kept if d in own or not meta_places(d.metadata) or d.metadata.get("doc_type") == "job"]


def uncovered_place(a: QueryAnalysis, vocab: Vocabulary) -> str:
    """A place the question asks about that no document covers, when it names no covered place ('' otherwise). A
    place named only as background (a country studied in, where the user works in a story part) is no such place."""
    unknown = [p for p in a.places_unknown(vocab) if not background(a.text, p) and names_place(a.text, p)]
    return unknown[0] if unknown and not a.places_known(vocab) else ""


def unknown_programme(a: QueryAnalysis, vocab: Vocabulary) -> str:
    """A programme named as «…专业» that the catalogue does not hold ('' when it names a known one or none)."""
    rules = scope_rules()
    if a.programmes or a.codes or not vocab.programmes:
        return ""
    breaks = sorted(rules["name_breaks"], key=len, reverse=True)
    for m in re.finditer(r"([\u4e00-\u9fffA-Za-z]{2,12})" + re.escape(rules["programme_marker"]), a.text):
        name = m.group(1)
        # cut after the last function word (我想读…, 有没有…), at a word boundary only: 学前教育 keeps its 学
        words = {i - m.start(1) for i in boundaries(a.text[:m.end(1)])}
        cut = max((f.end() for b in breaks for f in re.finditer(re.escape(b), name) if f.end() in words), default=0)
        name = name[cut:]
        for college in vocab.colleges:  # 某某学院数控专业 → 数控
            name = name.removeprefix(college)
        if len(name) < 2 or name in rules["not_programme_names"]:
            continue
        if any(name in p or p in name for p in vocab.programmes):
            return ""
        return name
    return ""


def complex_case(a: QueryAnalysis) -> bool:
    """A personal case that asks to work out what applies across several rules (calculation wording)."""
    rules = scope_rules()["complex_case"]
    text = a.text
    personal = any(w in text for w in rules["personal"])
    return personal and len(text) >= rules["min_length"] and any(w in text for w in rules["calculation"])


@dataclass
class PlaceDocuments:
    """The passages that may answer a question about one district: its own documents when they write what is asked
    (never the city-wide rule then), else its city's city-wide documents (``city`` set: the answer
    says it is the city-wide rule; ``own``: whether the district has documents of its own)."""

    docs: list[Document]
    district: str = ""
    city: str = ""
    own: bool = True


def place_documents(docs: list[Document], retrieved: list[Document], a: QueryAnalysis, vocab: Vocabulary,
                    chunks_of: Callable[[str], list[Document]]) -> PlaceDocuments:
    """``docs``: the in-scope passages; ``retrieved``: everything retrieved (the city-wide rule may have been set
    aside for the district's own document). A district with no policy of its own is answered from its city's
    city-wide rule; a district whose own documents deal with a neighbouring subject (asked 见习, they write 租房)
    from the city-wide rule on the asked subject when the city's documents write it; otherwise what was found stands
    (the refusal checks follow). Another district's document never answers."""
    asked = list(dict.fromkeys(p for p in a.places_known(vocab) if _level(p) == "district"))
    if len(asked) != 1:
        return PlaceDocuments(docs)
    district = asked[0]
    city = vocab.city_of(district)
    city_sources = vocab.city_policies(city) if city else []
    own = vocab.own_policies(district)
    own_chunks = [c for s in own for c in chunks_of(s)]
    unwritten = unaddressed_here(a, own_chunks) if own else []
    if own and not unwritten:  # its own rule on the subject wins over the city-wide one (which may name every district)
        local = [d for d in docs if d.metadata.get("source") not in city_sources]
        return PlaceDocuments(local or docs, district)
    city_chunks = [c for s in city_sources for c in chunks_of(s)]
    # a word the district's documents never write is its neighbour's subject only when the city-wide rule has it as
    # a subject of its own (its title, a heading, a caption): 租场地 asked of a rule writing 租金 is no such word
    neighbour = any(w in subject_terms(city_chunks) for w in unwritten)
    if city_chunks and (not own or neighbour) and not unaddressed_here(a, city_chunks):
        first = [d for d in retrieved if d.metadata.get("source") in city_sources]
        seen = {d.id for d in first}
        return PlaceDocuments(first + [c for c in city_chunks if c.id not in seen], district, city, own=bool(own))
    return PlaceDocuments(docs, district)  # no city-wide rule on it: what was found stands (a refusal follows from it)


# an article's caption: 【就业见习补贴】, or the short phrase that opens it (第五条 就业见习补贴。/ 三、租房补贴：)
_CAPTION = re.compile(r"【([^】]{2,20})】|(?:第[一二三四五六七八九十百零〇\d]+条|^[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])"
                      r"\s*([^。：:，,；;\s]{2,16})[。：:]", re.MULTILINE)


def subject_terms(chunks: list[Document]) -> set[str]:
    """The words documents name as their subjects: titles, section headings and the captions of articles."""
    text = " ".join(f"{c.metadata.get('title', '')} {c.metadata.get('section', '')} {' '.join(''.join(m) for m in _CAPTION.findall(c.page_content))}"
                    for c in chunks)
    return set(terms(text))
