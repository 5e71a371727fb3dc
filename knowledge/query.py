"""Query understanding: which document type a question is about and which districts, programmes and roles it names.

Used as soft boosts only, so a misdetection can never hide the answer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

from knowledge.tokenize import DATA, normalise

_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


@cache
def type_words() -> dict[str, list[str]]:
    return json.loads((DATA / "query_types.json").read_text(encoding="utf-8"))


@dataclass
class Vocabulary:
    """Names found in the knowledge base: districts (with their short forms), programmes, codes, job titles, companies."""

    districts: dict[str, str] = field(default_factory=dict)  # alias → district
    programmes: dict[str, str] = field(default_factory=dict)  # alias → programme name
    titles: set[str] = field(default_factory=set)
    companies: set[str] = field(default_factory=set)
    colleges: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_metadata(cls, metas: list[dict]) -> Vocabulary:
        v = cls()
        for m in metas:
            d = m.get("district")
            if isinstance(d, str) and d.endswith("区") and 2 <= len(d) <= 5:
                v.districts[d] = d
                v.districts[d[:-1]] = d
            p = m.get("programme")
            if isinstance(p, str) and p:
                v.programmes[p] = p
            c = m.get("college")
            if isinstance(c, str) and c:
                v.colleges[c] = c
                short = re.sub(r"(职业技术学院|技师学院|职业学院|学院)$", "", c)
                if len(short) >= 2:
                    v.colleges[short] = c
            if m.get("doc_type") == "job":
                if isinstance(m.get("title"), str):
                    v.titles.add(m["title"])
                if isinstance(m.get("company"), str):
                    v.companies.add(m["company"])
        return v


@dataclass
class QueryAnalysis:
    text: str
    doc_types: list[str]  # most likely first; empty when unknown
    districts: list[str]
    programmes: list[str]
    codes: list[str]
    colleges: list[str]
    titles: list[str]


def analyse(question: str, vocab: Vocabulary) -> QueryAnalysis:
    q = normalise(question)
    scores = {t: sum(q.count(w) for w in words) for t, words in type_words().items()}
    types = [t for t, s in sorted(scores.items(), key=lambda kv: -kv[1]) if s > 0]
    districts = list(dict.fromkeys(d for alias, d in sorted(vocab.districts.items(), key=lambda kv: -len(kv[0])) if alias in q))
    programmes = list(dict.fromkeys(p for alias, p in vocab.programmes.items() if alias.lower() in q))
    colleges = list(dict.fromkeys(c for alias, c in vocab.colleges.items() if alias in q))
    titles = [t for t in vocab.titles if t.lower() in q]
    codes = _CODE.findall(q)
    if codes or programmes:
        types = ["programme"] + [t for t in types if t != "programme"]
    return QueryAnalysis(question, types, districts, programmes, codes, colleges, titles)
