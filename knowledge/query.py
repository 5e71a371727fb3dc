"""Query understanding: one analysed record per question — its terms, the document type it is about, the places,
programmes and roles it names and what it asks for (amount, period, age, deadline …).

Built once per turn and passed to every later stage (route → retrieve → scope check → compose), so no stage
re-tokenises. The retriever uses it as soft boosts only, so a misdetection can never hide the answer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

from core.places import canonical_district, find_places
from knowledge.tokenize import DATA, normalise

_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号")
_YEAR_BRACKETS = re.compile(r"[\[(【〔]\s*(\d{4})\s*[\])】〕]")


@cache
def type_words() -> dict[str, list[str]]:
    return json.loads((DATA / "query_types.json").read_text(encoding="utf-8"))


@cache
def ask_kinds() -> dict[str, dict]:
    """What a question can ask for: kind → {label, cues, fact} (knowledge/data/asks.json)."""
    data = json.loads((DATA / "asks.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@cache
def _cue_index(weak: bool = False) -> list[tuple[str, str]]:
    key = "weak_cues" if weak else "cues"
    return sorted(((cue, kind) for kind, v in ask_kinds().items() for cue in v.get(key, [])), key=lambda c: -len(c[0]))


def classify_asks(text: str) -> list[str]:
    """The kinds of fact a question asks for, in the order it asks them. Cues are matched longest first and a
    matched span is not matched again (多少岁 is an age, not an amount); a weak cue (a bare 多少) counts unless a
    cue ends just before it (电话是多少 asks for the number, not an amount)."""
    q = normalise(text)
    taken = [False] * len(q)
    found: dict[str, int] = {}
    for weak in (False, True):
        for cue, kind in _cue_index(weak):
            start = q.find(cue)
            while start >= 0:
                span = range(start, start + len(cue))
                near = weak and any(taken[max(0, start - 3):start])
                if not near and not any(taken[i] for i in span):
                    for i in span:
                        taken[i] = True
                    found[kind] = min(found.get(kind, start), start)
                start = q.find(cue, start + 1)
    return [k for k, _ in sorted(found.items(), key=lambda kv: kv[1])]


@cache
def _place_guard() -> dict:
    return json.loads((DATA / "query_places.json").read_text(encoding="utf-8"))


def question_places(text: str) -> list[str]:
    """Places a question names (core.places), with leading words that are not part of a name dropped
    (我在广州市 → 广州市) and common nouns that end like a place (小区, 社区, 园区) left out."""
    guard = _place_guard()
    bad = set(guard["not_in_names"])
    out = []
    for place in find_places(text):
        suffix = next((s for s in guard["suffixes"] if place.endswith(s)), "")
        stem = place[: len(place) - len(suffix)] if suffix else place
        i = len(stem)
        while i > 0 and stem[i - 1] not in bad:
            i -= 1
        stem = stem[i:]
        if len(stem) > 4:
            stem = stem[-2:]
        if len(stem) >= 2 and stem + suffix not in guard["not_places"]:
            out.append(stem + suffix)
    return list(dict.fromkeys(out))


def place_stem(place: str) -> str:
    """云溪区 → 云溪, 北京市 → 北京 (for matching 云溪 written without its suffix)."""
    for s in _place_guard()["suffixes"]:
        if place.endswith(s) and len(place) - len(s) >= 2:
            return place[: -len(s)]
    return place


def meta_places(meta: dict) -> list[str]:
    """The places a document is about: its scope (when ingest recorded one), its district, and places in its title."""
    out: list[str] = []
    for key in ("scope_places", "places"):
        v = meta.get(key)
        if isinstance(v, str) and v:
            out += [x for x in re.split(r"[,，、;；\s]+", v) if x]
        elif isinstance(v, list):
            out += [str(x) for x in v if x]
    if isinstance(meta.get("district"), str) and meta["district"]:
        out.append(canonical_district(meta["district"]))
    if meta.get("doc_type") == "policy":  # a college's name (某某城市职业学院) is not a scope
        out += question_places(str(meta.get("title", "")))
    return list(dict.fromkeys(canonical_district(p) for p in out if p))


@dataclass
class Vocabulary:
    """Names found in the knowledge base: districts (with their short forms), programmes, codes, job titles, companies."""

    districts: dict[str, str] = field(default_factory=dict)  # alias → district
    programmes: dict[str, str] = field(default_factory=dict)  # alias → programme name
    titles: set[str] = field(default_factory=set)
    companies: set[str] = field(default_factory=set)
    colleges: dict[str, str] = field(default_factory=dict)
    policy_districts: set[str] = field(default_factory=set)
    places: dict[str, set[str]] = field(default_factory=dict)  # place a policy/programme covers → its sources

    def covers(self, place: str) -> bool:
        """Does some document name this place (云溪 matches 云溪区; 南江市云溪区 matches 云溪区)?"""
        stem = place_stem(canonical_district(place))
        return any(stem == place_stem(k) or k.endswith(place) or place.endswith(k) or place_stem(k) in place
                   for k in self.places)

    def covered_places(self) -> list[str]:
        return sorted(self.places)

    @classmethod
    def from_metadata(cls, metas: list[dict]) -> Vocabulary:
        v = cls()
        for m in metas:
            if m.get("doc_type") != "job":  # postings name where a job is, not what a document covers
                for place in meta_places(m):
                    v.places.setdefault(place, set()).add(str(m.get("source", "")))
            d = m.get("district")
            if isinstance(d, str) and d.endswith("区") and 2 <= len(d) <= 5:
                v.districts[d] = d
                v.districts[d[:-1]] = d
                if m.get("doc_type") == "policy":
                    v.policy_districts.add(d)
            p = m.get("programme")
            if isinstance(p, str) and p:
                v.programmes[p] = p
            c = m.get("college")
            if isinstance(c, str) and c:
                for alias in college_aliases(c):
                    v.colleges[alias] = c
            if m.get("doc_type") == "job":
                if isinstance(m.get("title"), str):
                    v.titles.add(m["title"])
                if isinstance(m.get("company"), str):
                    v.companies.add(m["company"])
        return v


def college_aliases(name: str) -> list[str]:
    """南江工贸职业学院 → 南江工贸职业学院, 南江工贸, 南江工贸职院, 工贸, 工贸学院, 工贸职院 (a bare city name is never an alias)."""
    base = re.sub(r"(职业技术学院|技师学院|职业学院|学院)$", "", name)
    aliases = [name]
    if len(base) > 2:
        aliases.append(base)
    if len(base) >= 2:
        aliases += [base + "职院", base + "学院"]
    rest = base[2:]
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
    doc_numbers: list[str] = field(default_factory=list)  # 文号 named in the question, e.g. 云人社规〔2025〕3号
    terms: list[str] = field(default_factory=list)  # index terms (jieba + synonyms), computed once
    asks: list[str] = field(default_factory=list)  # what is asked (asks.json kinds), in the order asked
    places: list[str] = field(default_factory=list)  # every place the question names (known to the KB or not)

    def places_known(self, vocab: Vocabulary) -> list[str]:
        return [p for p in self.places if vocab.covers(p)]

    def places_unknown(self, vocab: Vocabulary) -> list[str]:
        return [p for p in self.places if not vocab.covers(p)]


def analyse(question: str, vocab: Vocabulary) -> QueryAnalysis:
    q = normalise(question)
    scores = {t: sum(q.count(w) for w in words) for t, words in type_words().items()}
    if any(w in q for w in ("岗位", "招聘", "在招", "招人")) or re.search(r"招(?!生|收)[\u4e00-\u9fff]{1,6}(吗|不|的)", q):
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

    places = question_places(question)
    known = [(alias, d) for alias, d in vocab.districts.items()]
    known += [(place_stem(p), p) for p in vocab.places]
    for alias, d in sorted(known, key=lambda kv: -len(kv[0])):  # a place written without its suffix (云溪 for 云溪区)
        if len(alias) >= 2 and alias in q and not any(d in p or p in d or alias in p for p in places):
            places.append(d)
    return QueryAnalysis(question, types, districts, programmes, codes, colleges, titles, doc_numbers,
                         terms=terms(question), asks=classify_asks(question), places=places)


def doc_numbers_in(text: str) -> list[str]:
    """文号 in ``text``, with the brackets users type ([2025], (2025), 【2025】) read as 〔2025〕."""
    text = _YEAR_BRACKETS.sub(r"〔\1〕", normalise(text))
    return list(dict.fromkeys(DOC_NUMBER.findall(text)))
