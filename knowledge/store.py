"""Chroma: one collection per document type (a `where` filter at 100k chunks is 70× slower than a collection of its own).

Embedded ``PersistentClient`` by default, ``HttpClient`` when ``ZHITU_CHROMA_URL`` is set."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from core.errors import ConfigError, ZhituError
from core.settings import Settings
from ingest.records import DOC_TYPES, Chunk


def make_chroma_client(settings: Settings):
    """The one place the Chroma client kind is chosen."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.store.chroma_url:
        url = urlparse(settings.store.chroma_url)
        if not url.hostname:
            raise ConfigError(f"ZHITU_CHROMA_URL {settings.store.chroma_url!r} is not a URL like http://host:8000")
        try:
            return chromadb.HttpClient(host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https",
                                       settings=chroma_settings)
        except Exception as exc:
            raise ZhituError(f"cannot reach the Chroma server at {settings.store.chroma_url}: {exc}") from exc
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


_PAGE = 5000


@dataclass
class DenseHit:
    id: str
    score: float  # cosine similarity
    text: str
    metadata: dict


class VectorIndex:
    """The dense side of the knowledge base: add, delete and query chunks, by document type."""

    def __init__(self, client, prefix: str = "zhitu") -> None:
        self._client = client
        self._collections = {
            t: client.get_or_create_collection(f"{prefix}_{t}", embedding_function=None, metadata={"hnsw:space": "cosine"})
            for t in DOC_TYPES
        }
        # Sizes cached for queries (a count() is a round trip per collection per query); a writer in this process
        # goes through add/delete, and another process's write bumps the generation, which builds a new VectorIndex.
        self._sizes: dict[str, int] = {}

    def add(self, ids: list[str], chunks: list[Chunk], vectors: list[list[float]], extra: dict) -> None:
        self._sizes.clear()
        by_type: dict[str, list[int]] = {}
        for i, c in enumerate(chunks):
            by_type.setdefault(c.doc_type, []).append(i)
        for doc_type, idx in by_type.items():
            col = self._collections[doc_type]
            for start in range(0, len(idx), 1000):
                part = idx[start : start + 1000]
                col.add(
                    ids=[ids[i] for i in part],
                    embeddings=[vectors[i] for i in part],
                    documents=[chunks[i].text for i in part],
                    metadatas=[{**chunks[i].flat_metadata(), **extra} for i in part],
                )

    def delete(self, doc_type: str, where: dict) -> None:
        self._sizes.pop(doc_type, None)
        self._collections[doc_type].delete(where=where)

    def ids(self, doc_type: str, where: dict) -> list[str]:
        return self._collections[doc_type].get(where=where, include=[])["ids"]

    def get(self, doc_type: str, where: dict | None = None, documents: bool = True) -> list[tuple[str, str, dict]]:
        """(id, text, metadata) of every matching chunk, fetched in pages: one unpaged get() of a 100k-chunk
        collection fails in Chroma ("too many SQL variables"). ``documents=False`` leaves the texts out ("")."""
        col = self._collections[doc_type]
        include = ["documents", "metadatas"] if documents else ["metadatas"]
        out: list[tuple[str, str, dict]] = []
        offset = 0
        while True:
            got = col.get(where=where, include=include, limit=_PAGE, offset=offset)
            texts = got["documents"] if documents else [""] * len(got["ids"])
            out.extend(zip(got["ids"], texts, got["metadatas"]))
            if len(got["ids"]) < _PAGE:
                return out
            offset += _PAGE

    def iter_metadata(self, doc_type: str):
        """Every chunk's metadata, a page at a time (never the whole collection in memory)."""
        col = self._collections[doc_type]
        offset = 0
        while True:
            got = col.get(include=["metadatas"], limit=_PAGE, offset=offset)
            yield from got["metadatas"]
            if len(got["ids"]) < _PAGE:
                return
            offset += _PAGE

    def by_ids(self, doc_type: str, ids: list[str]) -> dict[str, tuple[str, dict]]:
        got = self._collections[doc_type].get(ids=ids, include=["documents", "metadatas"])
        return {i: (d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])}

    def count(self, doc_type: str) -> int:
        return self._collections[doc_type].count()

    def query(self, vector: list[float], doc_types: list[str], n: int, where: dict | None = None) -> list[DenseHit]:
        hits: list[DenseHit] = []
        for t in doc_types:
            col = self._collections[t]
            size = self._sizes.get(t)
            if size is None:
                size = self._sizes[t] = col.count()
            if not size:
                continue
            res = col.query(query_embeddings=[vector], n_results=min(n, size), where=where,
                            include=["documents", "metadatas", "distances"])
            for i, d, m, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]):
                hits.append(DenseHit(id=i, score=1.0 - float(dist), text=d, metadata=m))
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits
