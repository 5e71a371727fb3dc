"""Clause selection by fit: which sentence, list item or table row of the retrieved documents carries the kind of
fact the question asks for (an amount, a period, an age limit, a date …) about its subject.

A clause is ranked by lexical overlap with the question (synonyms folded), semantic similarity with the embedding
model at clause level (vectors cached by content hash, and in memory), and must pass a HARD check: it holds a fact
of the asked kind (the ``fact`` pattern of knowledge/data/asks.json). No passing clause → the documents don't state
it, and the answer says so instead of pasting neighbouring clauses."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np
from langchain_core.documents import Document

from assistant.lexicon import slots
from knowledge.lexical import terms
from knowledge.query import QueryAnalysis, ask_kinds

_SENTENCE = re.compile(r"(?<=[。！？!?])")
_SEMI = re.compile(r"(?<=[；;])")
_LEAD = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])\s*")
_HEADING_ONLY = re.compile(r"^[^。；！？]{1,30}[：:]$|^[^。；！？：:\d]{1,8}$")


@cache
def fact_pattern(kind: str) -> re.Pattern | None:
    pattern = ask_kinds().get(kind, {}).get("fact", "")
    return re.compile(pattern) if pattern else None


def holds(kind: str, text: str) -> bool:
    """The hard check: does ``text`` hold a fact of the asked kind (or sit under a field name of that kind)?"""
    pattern = fact_pattern(kind)
    return True if pattern is None else bool(pattern.search(text)) or labelled(kind, text)


def labelled(kind: str, text: str) -> bool:
    """The clause is written under a field name of the asked kind (申请渠道：…, 补贴标准：…)."""
    words = ask_kinds().get(kind, {}).get("labels", [])
    return any(w in m.group(1) for m in _LABEL.finditer(text[:40]) for w in words)


@dataclass
class Clause:
    """One sentence, list item or table row of a document, with the heading it sits under."""

    doc: Document
    text: str
    order: int  # position in its document (chunk order, then clause order)
    rank: int  # rank of its passage in retrieval
    score: float = 0.0

    @property
    def source(self) -> str:
        return self.doc.metadata.get("source", "")


_ENUM = re.compile(r"(?=[（(][一二三四五六七八九十]{1,3}[)）])|(?<![\d.])(?=\d{1,2}[.、．](?!\d))")
_LABEL = re.compile(r"([\u4e00-\u9fff]{2,6})[：:]")


def recurring_labels(texts: list[str], at_least: int = 3) -> set[str]:
    """Field labels a document repeats (政策内容：, 申请渠道：): each starts a clause even when the lines that
    held them were joined without punctuation. The label is the longest ending that recurs as often as its
    shorter endings (补贴政策内容： and 见习政策内容： share 政策内容)."""
    counts: dict[str, int] = {}
    for text in texts:
        for m in _LABEL.finditer(text):
            word = m.group(1)
            for i in range(len(word) - 1):
                counts[word[i:]] = counts.get(word[i:], 0) + 1
    frequent = {w: n for w, n in counts.items() if n >= at_least}
    # Drop an ending that only ever occurs inside a longer frequent one (内容 of 政策内容) …
    kept = {w for w, n in frequent.items() if not any(len(t) > len(w) and t.endswith(w) and m == n for t, m in frequent.items())}
    # … and a longer one whose own ending is a label already (补贴政策内容 when 政策内容 is kept).
    return {w for w in kept if not any(u != w and w.endswith(u) for u in kept)}


def split_clauses(doc: Document, labels: set[str] = frozenset()) -> list[str]:
    """Whole sentences, list items ((一) 1.), labelled fields and table rows; a very long sentence is cut at its
    semicolons. Never mid-sentence."""
    if doc.metadata.get("kind") == "table_row":
        return [doc.page_content.replace("\n", " ").strip()]
    text = doc.page_content
    if labels:
        text = re.sub("(" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + ")[：:]", "\n\\1：", text)
    out: list[str] = []
    for line in text.splitlines():
        for item in _ENUM.split(line):
            for sentence in _SENTENCE.split(item):
                sentence = sentence.strip()
                if not sentence or _HEADING_ONLY.match(sentence):
                    continue
                for part in (_SEMI.split(sentence) if len(sentence) > 160 else [sentence]):
                    out += _commas(part.strip()) if len(part.strip()) > 160 else [part.strip()]
    return [c for c in out if len(c) > 3]


def _commas(sentence: str, size: int = 90) -> list[str]:
    """A sentence too long to quote whole is quoted by its comma clauses, grouped up to ``size`` characters."""
    groups: list[str] = []
    for piece in re.split(r"(?<=[，,])", sentence):
        if groups and len(groups[-1]) + len(piece) <= size:
            groups[-1] += piece
        else:
            groups.append(piece)
    return [g.strip() for g in groups if g.strip()]


def clean(text: str) -> str:
    """A clause as quoted: the article/list number dropped (the citation names the section)."""
    return _LEAD.sub("", text).strip()


class ClauseVectors:
    """Clause vectors through the content-hash embedding cache, with an in-memory LRU in front of it."""

    def __init__(self, embeddings, size: int = 50_000) -> None:
        self.embeddings = embeddings
        self._mem: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._mem]
        if missing:
            vectors = self.embeddings.embed_documents(missing)
            with self._lock:
                for t, v in zip(missing, vectors):
                    a = np.asarray(v, dtype=np.float32)
                    self._mem[t] = a / (np.linalg.norm(a) or 1.0)
                while len(self._mem) > self._size:
                    self._mem.popitem(last=False)
        with self._lock:
            return np.stack([self._mem[t] for t in texts])

    def query(self, text: str) -> np.ndarray:
        a = np.asarray(self.embeddings.embed_query(text), dtype=np.float32)
        return a / (np.linalg.norm(a) or 1.0)


class ClauseRanker:
    """Ranks the clauses of candidate passages for one ask of an analysed question."""

    def __init__(self, vectors: ClauseVectors | None, semantic_pool: int = 24, semantic_weight: float = 0.5) -> None:
        self.vectors = vectors
        self.semantic_pool = semantic_pool
        self.semantic_weight = semantic_weight

    def clauses(self, docs: list[Document]) -> list[Clause]:
        by_source: dict[str, list[str]] = {}
        for doc in docs:
            by_source.setdefault(doc.metadata.get("source", ""), []).append(doc.page_content)
        labels = {src: recurring_labels(texts) for src, texts in by_source.items()}
        out = []
        for rank, doc in enumerate(docs):
            index = (doc.id or "").rsplit("::", 1)[-1]
            base = int(index) if index.isdigit() else 10_000 + rank
            for i, text in enumerate(split_clauses(doc, labels[doc.metadata.get("source", "")])):
                out.append(Clause(doc, text, order=base * 1000 + i, rank=rank))
        return out

    def rank(self, a: QueryAnalysis, kind: str | None, clauses: list[Clause], subject: str = "") -> list[Clause]:
        """Clauses that hold a fact of ``kind`` (all clauses when ``kind`` is None), best first."""
        stop = set(slots()["stopwords"])
        previous: dict[int, str] = {}
        for prev, c in pairwise(clauses):
            if prev.doc is c.doc:
                previous[id(c)] = prev.text
        wanted = {t for t in a.terms if t not in stop and (len(t) >= 2 or t.isdigit())}
        levels = [lv for lv in slots()["education"] if lv in a.text]
        pool: list[Clause] = []
        for c in clauses:
            if kind and not holds(kind, c.text):
                continue
            context = set(terms(f"{c.doc.metadata.get('title', '')}"))
            specific = (wanted - context) or wanted
            own = set(terms(c.text))
            heading = set(terms(c.doc.metadata.get("section", "")))
            before = set(terms(previous.get(id(c), ""))) - own  # the subject is often stated just before
            overlap = len(specific & own) + 0.8 * len(specific & before) + 0.5 * len(specific & (heading - own - before))
            score = overlap / max(len(specific), 1) * 3.0 + 0.3 / (c.rank + 1)
            if kind and labelled(kind, c.text):
                score += 1.0  # 申请渠道：… for "where do I apply", 补贴标准：… for "how much"
            if levels:  # 本科 asked: a clause about 本科 beats one about 硕士
                mentioned = [lv for lv in slots()["education"] if lv in c.text]
                score += 0.8 if any(lv in mentioned for lv in levels) else (-0.6 if mentioned else 0.0)
            c.score = score
            pool.append(c)
        pool.sort(key=lambda c: -c.score)
        pool = pool[: self.semantic_pool]
        if self.vectors is not None and len(pool) > 1:
            q = self.vectors.query(subject or a.text)
            sims = self.vectors.get([c.text for c in pool]) @ q
            lo, hi = float(sims.min()), float(sims.max())
            for c, s in zip(pool, sims):
                c.score += self.semantic_weight * ((float(s) - lo) / (hi - lo) if hi > lo else 0.0)
            pool.sort(key=lambda c: -c.score)
        return pool
