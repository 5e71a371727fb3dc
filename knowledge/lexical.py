"""BM25 over jieba tokens, with a synonym table folding 补助/津贴 into 补贴 and so on.

The index lives in memory only: each process (each replica) builds it from the chunks Chroma holds for the live
versions, and on a change copies it and swaps exactly the changed documents' entries (knowledge/base.py). The scoring
matrix is rebuilt from the stored term ids (no re-tokenising of unchanged documents)."""

from __future__ import annotations

import threading
from functools import cache, lru_cache

import numpy as np
from scipy import sparse

from knowledge.query import doc_numbers_in
from knowledge.tokenize import add_words, cut, data_rows

K1, B = 1.2, 0.75


@cache
def synonyms() -> dict[str, str]:
    """token → canonical token, from knowledge/data/synonyms.tsv (one group per line, canonical first)."""
    table: dict[str, str] = {}
    for words in data_rows("synonyms.tsv"):
        if len(words) < 2:
            continue
        for w in words:
            table[w.lower()] = words[0].lower()
    return table


@cache
def surface_forms() -> dict[str, tuple[str, ...]]:
    """canonical term → the words the synonym table folds into it, itself among them (社会保险 ← 社保; 补贴 ← 补助, 津贴…)."""
    out: dict[str, list[str]] = {}
    for word, canonical in synonyms().items():
        out.setdefault(canonical, []).append(word)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _alternates() -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((row[0].lower(), frozenset(synonyms().get(w.lower(), w.lower()) for w in row[1:]))
                 for row in data_rows("alternates.tsv") if len(row) >= 2)


def alternate_terms(text: str, term: str) -> frozenset[str]:
    """The other terms a word ``text`` writes may stand for where the synonym table folds it into ``term`` (房租 →
    租房, also 租金), from knowledge/data/alternates.tsv; none when ``text`` writes ``term`` itself (租房子住，房租补贴
    is the rent of a home)."""
    low = text.lower()
    if term in low:
        return frozenset()
    return frozenset().union(*(alts for word, alts in _alternates() if word in low and synonyms().get(word, word) == term))


@lru_cache(maxsize=256)
def alternates_in(text: str) -> frozenset[str]:
    """Every other term the words ``text`` writes may stand for (``alternate_terms`` of each: 房租 → 租金)."""
    low = text.lower()
    return frozenset().union(*(alternate_terms(text, synonyms().get(word, word)) for word, _ in _alternates() if word in low))


def folded_parts(text: str) -> set[str]:
    """The search-mode parts of the words ``text`` writes that the synonym table folds into another (大学, 学生 of
    大学生 → 应届): the word is asked by its canonical form, its parts ask nothing by themselves."""
    low = text.lower()
    return {t for word, parts in _folded_words() if word in low for t in parts}


@cache
def _folded_words() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each word of three characters or more the synonym table folds into another, with its own search-mode parts
    (cut once, not per question)."""
    return tuple((w, frozenset(t for t in _terms(w) if t not in (canonical, w) and t in w))
                 for w, canonical in synonyms().items() if w != canonical and len(w) > 2)


def terms(text: str) -> list[str]:
    """Index/query terms: jieba tokens folded through the synonym table, plus each 文号 as one whole term
    (jieba splits 京人社毕发〔2021〕22号 into pieces that 京人社毕发〔2021〕23号 shares, all but one digit)."""
    return list(_terms(text))


@lru_cache(maxsize=50_000)
def _terms(text: str) -> tuple[str, ...]:
    # Passages are scored against many questions; tokenise each text once. add_words() clears this cache.
    syn = synonyms()
    return tuple([syn.get(t, t) for t in cut(text)] + doc_numbers_in(text))


class LexicalIndex:
    """BM25 with an in-memory CSR matrix of precomputed term weights (query = sum of a few columns)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        # chunk id → (term ids, source, tags: doc_type/district/code). Term ids index self._terms: a few bytes per
        # token instead of a Python string each (100k passages fit in tens of MB, not hundreds).
        self._docs: dict[str, tuple[np.ndarray, str, dict]] = {}
        self._terms: dict[str, int] = {}
        self._words: list[str] = []
        self._dirty = True
        self._ids: list[str] = []
        self._df: np.ndarray = np.zeros(0, dtype=np.float32)
        self._matrix: sparse.csc_matrix | None = None

    def copy(self) -> LexicalIndex:
        """A new index with the same entries (the term-id arrays are shared, never mutated), to change and swap in
        while readers keep using this one."""
        other = LexicalIndex()
        with self._lock:
            other._docs = dict(self._docs)
            other._terms = dict(self._terms)
            other._words = list(self._words)
        return other

    def add(self, ids: list[str], texts: list[str], source: str, tags: list[dict], words: list[str] = ()) -> None:
        known = set(self._words)
        new_words = [w for w in dict.fromkeys(words) if w not in known]
        if new_words:
            add_words(new_words)
            _terms.cache_clear()
        toks = [terms(t) for t in texts]
        with self._lock:
            self._words.extend(new_words)
            for i, t, tag in zip(ids, toks, tags):
                self._docs[i] = (self._ids_of(t), source, tag)
            self._dirty = True

    def _ids_of(self, tokens: list[str]) -> np.ndarray:
        vocab = self._terms
        return np.fromiter((vocab.setdefault(x, len(vocab)) for x in tokens), dtype=np.int32, count=len(tokens))

    def remove(self, ids: list[str]) -> None:
        with self._lock:
            for i in ids:
                self._docs.pop(i, None)
            self._dirty = True

    def ids_of(self, source: str) -> list[str]:
        return [i for i, (_, s, _t) in self._docs.items() if s == source]

    def tags(self, chunk_id: str) -> dict:
        return self._docs[chunk_id][2]

    def __len__(self) -> int:
        return len(self._docs)

    def _build(self) -> None:
        ids = list(self._docs)
        n_terms = max(len(self._terms), 1)
        arrays = [self._docs[i][0] for i in ids]
        lengths = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
        if arrays and lengths.sum():
            flat = np.concatenate(arrays).astype(np.int64)
            doc_of = np.repeat(np.arange(len(ids), dtype=np.int64), lengths)
            keys, tf = np.unique(doc_of * n_terms + flat, return_counts=True)  # (doc, term) pairs and their counts
            rows_a, cols_a = keys // n_terms, keys % n_terms
        else:
            rows_a = cols_a = np.zeros(0, dtype=np.int64)
            tf = np.zeros(0, dtype=np.int64)
        n = max(len(ids), 1)
        tf = tf.astype(np.float32)
        df = np.bincount(cols_a, minlength=n_terms).astype(np.float32)
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        avg = float(lengths.mean()) if len(ids) else 1.0
        norm = K1 * (1 - B + B * lengths[rows_a] / max(avg, 1e-9))
        weights = (idf[cols_a] * tf * (K1 + 1) / (tf + norm)).astype(np.float32)
        self._matrix = sparse.csc_matrix((weights, (rows_a, cols_a)), shape=(len(ids), n_terms), dtype=np.float32)
        self._ids, self._df, self._dirty = ids, df, False

    def _column(self, term: str) -> int | None:
        c = self._terms.get(term)
        return c if c is not None and c < len(self._df) and self._df[c] > 0 else None

    def knows(self, term: str) -> bool:
        """Whether ``term`` (already folded) occurs anywhere in the index."""
        with self._lock:
            if self._dirty:
                self._build()
            return self._column(term) is not None

    def search(self, query: str, n: int, allowed=None) -> list[tuple[str, float]]:
        """Top ``n`` (chunk id, BM25 score); ``allowed(id)`` filters (e.g. current versions, a type)."""
        query_terms = list(dict.fromkeys(terms(query)))
        with self._lock:
            if self._dirty:
                self._build()
            cols = [c for c in (self._column(t) for t in query_terms) if c is not None]
            if not cols or self._matrix is None or not self._ids:
                return []
            scores = np.asarray(self._matrix[:, cols].sum(axis=1)).ravel()
            ids = self._ids
        k = min(len(scores), max(n * 4, n + 50))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top])]
        out = []
        for r in top:
            if scores[r] <= 0:
                break
            if allowed is None or allowed(ids[r]):
                out.append((ids[r], float(scores[r])))
                if len(out) >= n:
                    break
        return out
