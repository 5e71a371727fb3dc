"""Scope checks on the analysed question: is the place or programme it names covered by some document, does a
passage belong to another place than the one asked about, and is it a personal case for a counsellor?"""

from __future__ import annotations

import json
import re
from functools import cache

from langchain_core.documents import Document

from assistant.lexicon import DATA
from core.places import same_place
from knowledge.query import QueryAnalysis, Vocabulary, meta_places
from knowledge.tokenize import boundaries


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
    if any(same_place(p, n) for p in places for n in named):
        return False
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
    own = [d for d in kept if any(same_place(p, n) for p in meta_places(d.metadata) for n in named)]
    if not own:
        return kept
    return [d for d in kept if d in own or not meta_places(d.metadata) or d.metadata.get("doc_type") == "job"]


def uncovered_place(a: QueryAnalysis, vocab: Vocabulary) -> str:
    """A place the question names that no document covers, when it names no covered place ('' otherwise)."""
    unknown = a.places_unknown(vocab)
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
