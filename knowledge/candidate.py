"""The knowledge base as it would read if a candidate version of one document were live — without writing anything.

Used by the admin preview to ask the same questions of the old and the new version. Every other document is read
from the live indexes; the candidate's chunks live in memory (their vectors and a BM25 index rebuilt over the live
token lists with the document swapped). The view offers what ``HybridRetriever`` reads from a ``KnowledgeBase``
(``refresh``, ``embeddings``, ``vectors``, ``lexical``, ``is_live``, ``live_id``, ``chunks_of``), so the retriever and the
assistant run unchanged on it. Measured on the sample corpus: building a view takes well under a second once the
chunks are embedded (the embedding cache makes re-embedding an unchanged clause free).
"""

from __future__ import annotations

import uuid

import numpy as np

from ingest.records import Document
from knowledge.base import _index_words, _tags
from knowledge.lexical import LexicalIndex
from knowledge.store import DenseHit

CANDIDATE_VERSION = 0  # real versions start at 1, so version 0 is never live in the real knowledge base


def candidate_ids(doc: Document) -> list[str]:
    return [f"{doc.source}::v{CANDIDATE_VERSION}::{i}" for i in range(len(doc.chunks))]


class _Vectors:
    """Live Chroma for every other document, the candidate's chunks from memory."""

    def __init__(self, live, doc: Document, vectors: list[list[float]], hidden: int):
        self._live = live
        self._source = doc.source
        self._hidden = hidden  # chunks of the replaced version that the live query may return and the view drops
        ids = candidate_ids(doc)
        self._rows = {
            cid: (c.doc_type, c.text, {**c.flat_metadata(), "version": CANDIDATE_VERSION, "sha256": doc.sha256})
            for cid, c in zip(ids, doc.chunks)
        }
        m = np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1)
        self._matrix = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
        self._ids = ids

    def query(self, vector, doc_types, n, where=None) -> list[DenseHit]:
        hits = self._live.query(vector, doc_types, n + self._hidden, where)
        if len(self._ids):
            q = np.asarray(vector, dtype=np.float32)
            scores = self._matrix @ (q / max(float(np.linalg.norm(q)), 1e-12))
            for cid, score in zip(self._ids, scores):
                doc_type, text, meta = self._rows[cid]
                if doc_type in doc_types and _matches(meta, where):
                    hits.append(DenseHit(cid, float(score), text, meta))
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits

    def by_ids(self, doc_type, ids):
        mine = {i: self._rows[i][1:] for i in ids if i in self._rows and self._rows[i][0] == doc_type}
        rest = [i for i in ids if i not in self._rows]
        return {**(self._live.by_ids(doc_type, rest) if rest else {}), **mine}

    def iter_metadata(self, doc_type):
        for m in self._live.iter_metadata(doc_type):
            if m.get("source") != self._source:
                yield m
        yield from (m for dt, _t, m in self._rows.values() if dt == doc_type)

    def get(self, doc_type, where=None, documents: bool = True):
        rows = [r for r in self._live.get(doc_type, where, documents=documents) if r[2].get("source") != self._source]
        return rows + [(cid, t if documents else "", m) for cid, (dt, t, m) in self._rows.items()
                       if dt == doc_type and _matches(m, where)]


def _matches(meta: dict, where: dict | None) -> bool:
    """The subset of Chroma's ``where`` the retriever uses: equality clauses, optionally under ``$and``."""
    if not where:
        return True
    if "$and" in where:
        return all(_matches(meta, w) for w in where["$and"])
    return all(meta.get(k) == v for k, v in where.items())


class CandidateView:
    """Read-only view of ``kb`` with ``doc`` (embedded as ``vectors``) in place of the live version of its source."""

    def __init__(self, kb, doc: Document, vectors: list[list[float]]):
        kb.refresh()
        self._kb = kb
        self.doc = doc
        current = kb.registry.get(doc.source)
        self.vectors = _Vectors(kb.vectors, doc, vectors, current.chunks if current else 0)
        self.lexical = _swapped_lexical(kb.lexical, doc)
        self.generation = f"candidate-{uuid.uuid4().hex}"  # the retriever caches its vocabulary per generation

    @property
    def embeddings(self):
        return self._kb.embeddings

    @property
    def registry(self):
        return self._kb.registry

    def refresh(self) -> None:
        """The view is a snapshot: it does not follow later changes of the live knowledge base."""

    def chunks_of(self, source: str) -> list[tuple[str, str, dict]]:
        if source == self.doc.source:
            return [(cid, t, m) for cid, (_dt, t, m) in self.vectors._rows.items()]
        return self._kb.chunks_of(source)

    def is_live(self, metadata: dict) -> bool:
        if metadata.get("source") == self.doc.source:
            return metadata.get("version") == CANDIDATE_VERSION
        return self._kb.is_live(metadata)

    def live_id(self, chunk_id: str) -> bool:
        if chunk_id.partition("::v")[0] == self.doc.source:
            return chunk_id.startswith(f"{self.doc.source}::v{CANDIDATE_VERSION}::")
        return self._kb.live_id(chunk_id)


def _swapped_lexical(live: LexicalIndex, doc: Document) -> LexicalIndex:
    """A BM25 index over the live token lists with ``doc``'s entries replaced (so IDF is as it will be after apply)."""
    lex = live.copy()  # the copied entries are term ids of the live vocabulary
    lex.remove(lex.ids_of(doc.source))
    lex.add(candidate_ids(doc), [c.index_text for c in doc.chunks], doc.source, [_tags(c) for c in doc.chunks],
            words=_index_words(doc))
    return lex
