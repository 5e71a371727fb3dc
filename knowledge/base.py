"""The knowledge base: the registry, the dense index (Chroma) and the lexical index (BM25), changed together.

A new version of a document is parsed and embedded completely, its chunks are written beside the old ones under a
new version number, and only then does the registry commit switch readers over; the old chunks are removed last.
Readers only see chunks whose version is the registry's, so a failure at any step leaves the old version answering.
One writer at a time across processes (file lock): embedded Chroma is not process-safe."""

from __future__ import annotations

import logging
import os
import re
import threading
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock
from langchain_core.embeddings import Embeddings
from sqlalchemy.engine import Engine

from core.errors import IngestError, NotFoundError, ZhituError
from core.settings import Settings
from ingest.pipeline import iter_files, parse_document
from ingest.records import DOC_TYPES, DocType, Document
from knowledge.lexical import LexicalIndex
from knowledge.registry import DocRecord, Registry, now
from knowledge.seekers import SeekerStore
from knowledge.store import VectorIndex, make_chroma_client

log = logging.getLogger(__name__)
SAFE_NAME = re.compile(r"^[^/\\\x00]{1,200}$")


@dataclass
class IngestResult:
    source: str
    status: str  # added | updated | unchanged | failed
    version: int = 0
    chunks: int = 0
    doc_type: str = ""
    message: str = ""


@dataclass
class IngestReport:
    results: list[IngestResult] = field(default_factory=list)

    @property
    def failed(self) -> list[IngestResult]:
        return [r for r in self.results if r.status == "failed"]


class KnowledgeBase:
    def __init__(self, settings: Settings, engine: Engine, embeddings: Callable[[], Embeddings]) -> None:
        self.settings = settings
        self.home = settings.home_dir
        self.registry = Registry(engine)
        self.seekers = SeekerStore(engine)
        self._embeddings = embeddings
        self._file_lock = FileLock(str(self.home / "kb.lock"), timeout=600)
        self._thread_lock = threading.RLock()
        self._generation_file = self.home / "kb.generation"
        self._seen_generation: str | None = None
        self._vectors: VectorIndex | None = None
        self._lexical: LexicalIndex | None = None
        self._live: dict[str, int] = {}
        self._postings: list[dict] | None = None
        self._chunks: dict[str, list[tuple[str, str, dict]]] = {}

    # ---- readers -------------------------------------------------------------------------------------------
    @property
    def embeddings(self) -> Embeddings:
        return self._embeddings()

    def _generation(self) -> str:
        try:
            return self._generation_file.read_text()
        except FileNotFoundError:
            return ""

    def refresh(self) -> None:
        """Reload the indexes if another writer (another process, or this one) changed the knowledge base."""
        gen = self._generation()
        if gen == self._seen_generation and self._vectors is not None:
            return
        with self._thread_lock:
            if gen == self._seen_generation and self._vectors is not None:
                return
            if self._vectors is not None and not self.settings.store.chroma_url:
                # An embedded client caches segments per process; start a fresh one to see another process's writes.
                from chromadb.api.client import SharedSystemClient

                SharedSystemClient.clear_system_cache()
            self._vectors = VectorIndex(make_chroma_client(self.settings))
            if self._lexical is None:
                self._lexical = LexicalIndex(self.home / "lexical" / "bm25.pkl")
            else:
                self._lexical.load()
            self._live = self.registry.versions()
            self._postings = None
            self._chunks = {}
            self._seen_generation = gen

    @property
    def generation(self) -> str:
        """Changes whenever any writer changes the knowledge base (caches key on it)."""
        self.refresh()
        return self._seen_generation or ""

    @contextmanager
    def write_lock(self):
        """Hold the writer locks (this process's threads and other processes) around a multi-step change."""
        with self._thread_lock, self._file_lock:
            yield

    @property
    def vectors(self) -> VectorIndex:
        self.refresh()
        return self._vectors

    @property
    def lexical(self) -> LexicalIndex:
        self.refresh()
        return self._lexical

    def is_live(self, metadata: dict) -> bool:
        return self._live.get(metadata.get("source")) == metadata.get("version")

    def live_id(self, chunk_id: str) -> bool:
        source, _, rest = chunk_id.partition("::v")
        version = rest.split("::", 1)[0]
        return version.isdigit() and self._live.get(source) == int(version)

    def documents(self) -> list[DocRecord]:
        return self.registry.all()

    def postings(self) -> list[dict]:
        """Every live job posting as a dict of its fields (cached until the knowledge base changes)."""
        self.refresh()
        if self._postings is None:
            rows = [m for _, _, m in self._vectors.get("job", documents=False) if self.is_live(m)]
            keys = ("id", "title", "company", "district", "salary", "education", "experience", "skills", "description",
                    "posted_at", "openings")
            self._postings = [{k: str(m.get(k, "")) for k in keys} | {"source": m["source"]} for m in rows]
            self._postings.sort(key=lambda p: p["id"])
        return self._postings

    def chunks_of(self, source: str) -> list[tuple[str, str, dict]]:
        """The live passages of one document, in order (cached until the knowledge base changes)."""
        self.refresh()
        if source not in self._chunks:
            rec = self.registry.get(source)
            if rec is None:
                raise NotFoundError(f"{source}: no such document")
            if rec.doc_type not in DOC_TYPES:  # registrations have no passages
                return []
            rows = [c for c in self._vectors.get(rec.doc_type, {"source": source}) if c[2].get("version") == rec.version]
            rows.sort(key=lambda c: int(c[0].rsplit("::", 1)[-1]))
            self._chunks[source] = rows
        return self._chunks[source]

    # ---- writers -------------------------------------------------------------------------------------------
    def ingest_paths(self, paths: list[Path], doc_type: DocType | None = None, progress=None) -> IngestReport:
        """Ingest files and folders; each failure is recorded (one line) and the others still go in."""
        report = IngestReport()
        files = iter_files([Path(p) for p in paths])
        for path in files:
            try:
                if not path.exists():
                    raise IngestError(f"{path.name}: no such file")
                report.results.append(self.ingest_bytes(path.name, path.read_bytes(), doc_type))
            except ZhituError as exc:
                report.results.append(IngestResult(path.name, "failed", message=str(exc)))
            if progress is not None:
                progress(path.name)
        return report

    def prepare(self, name: str, data: bytes, doc_type: DocType | None = None) -> Document:
        """Parse and embed a file without changing anything (used for previews and before apply)."""
        if not SAFE_NAME.match(name) or name in (".", ".."):
            raise IngestError(f"{name!r}: invalid file name")
        return parse_document(name, data, doc_type)

    def ingest_bytes(self, name: str, data: bytes, doc_type: DocType | None = None, uploaded_by: str = "cli") -> IngestResult:
        doc = self.prepare(name, data, doc_type)
        current = self.registry.get(name)
        if current and current.sha256 == doc.sha256 and (doc_type is None or doc_type == current.doc_type):
            return IngestResult(name, "unchanged", current.version, current.chunks, current.doc_type)
        return self.apply(doc, data, uploaded_by)

    def apply(self, doc: Document, data: bytes, uploaded_by: str = "cli") -> IngestResult:
        """Make ``doc`` the live version of its source, atomically. Embeds outside the lock."""
        if doc.doc_type == "seeker":
            return self._apply_registrations(doc, uploaded_by)
        try:
            vectors = self.embeddings.embed_documents([c.index_text for c in doc.chunks])
        except Exception as exc:
            raise IngestError(f"{doc.source}: embedding failed ({exc})") from exc
        with self._thread_lock, self._file_lock:
            self.refresh()
            current = self.registry.get(doc.source)
            version = (current.version + 1) if current else 1
            # A version number already used by a crashed attempt would collide: skip past any leftovers.
            while self._vectors.ids(doc.doc_type, {"$and": [{"source": doc.source}, {"version": version}]}):
                version += 1
            ids = [f"{doc.source}::v{version}::{i}" for i in range(len(doc.chunks))]
            extra = {"version": version, "sha256": doc.sha256}
            try:
                self._vectors.add(ids, doc.chunks, vectors, extra)
                self._lexical.add(ids, [c.index_text for c in doc.chunks], doc.source, [_tags(c) for c in doc.chunks],
                                  words=_index_words(doc))
                self._store_file(doc.source, version, data)
                self._lexical.save()
                rec = DocRecord(doc.source, doc.title, doc.doc_type, len(doc.chunks), doc.sha256, version, now(), uploaded_by)
                with self.registry.engine.begin() as conn:
                    self.registry.put(conn, rec)
            except Exception as exc:
                self._discard(doc.doc_type, doc.source, version, ids)
                if isinstance(exc, ZhituError):
                    raise
                raise IngestError(f"{doc.source}: could not be stored ({type(exc).__name__}: {exc})") from exc
            if current:  # the new version is live; the old one goes
                self._drop_version(current.doc_type, current.source, current.version)
            self._bump()
        status = "updated" if current else "added"
        return IngestResult(doc.source, status, version, len(doc.chunks), doc.doc_type)

    def _apply_registrations(self, doc: Document, uploaded_by: str) -> IngestResult:
        """Registrations are rows in the database, not chunks: the rows and the registry entry change in one
        transaction. Only the anonymised form is kept on disk (``doc.stored_bytes``), never the upload."""
        with self._thread_lock, self._file_lock:
            self.refresh()
            current = self.registry.get(doc.source)
            version = (current.version + 1) if current else 1
            self._store_file(doc.source, version, doc.stored_bytes or b"")
            rec = DocRecord(doc.source, doc.title, doc.doc_type, len(doc.seekers), doc.sha256, version, now(), uploaded_by)
            try:
                with self.registry.engine.begin() as conn:
                    self.seekers.replace(conn, doc.source, doc.seekers)
                    self.registry.put(conn, rec)
            except Exception as exc:
                (self.home / "files" / doc.source / f"v{version}{Path(doc.source).suffix}").unlink(missing_ok=True)
                raise IngestError(f"{doc.source}: could not be stored ({type(exc).__name__}: {exc})") from exc
            if current and current.doc_type != "seeker":
                self._drop_version(current.doc_type, current.source, current.version)
            self._bump()
        return IngestResult(doc.source, "updated" if current else "added", version, len(doc.seekers), doc.doc_type)

    def delete(self, source: str) -> DocRecord:
        with self._thread_lock, self._file_lock:
            self.refresh()
            current = self.registry.get(source)
            if current is None:
                raise NotFoundError(f"{source}: no such document")
            with self.registry.engine.begin() as conn:
                self.registry.delete(conn, source)
                self.seekers.delete(conn, source)
            if current.doc_type == "seeker":
                self._bump()
                return current
            self._vectors.delete(current.doc_type, {"source": source})
            self._lexical.remove(self._lexical.ids_of(source))
            self._lexical.save()
            self._bump()
            return current

    def _drop_version(self, doc_type: str, source: str, version: int) -> None:
        if doc_type == "seeker":  # the file is now another kind of document: its registrations go
            with self.registry.engine.begin() as conn:
                self.seekers.delete(conn, source)
            return
        try:
            self._vectors.delete(doc_type, {"$and": [{"source": source}, {"version": version}]})
            self._lexical.remove([i for i in self._lexical.ids_of(source) if f"::v{version}::" in i])
            self._lexical.save()
        except Exception:
            log.exception("could not remove old chunks of %s v%s", source, version)

    def _discard(self, doc_type: str, source: str, version: int, ids: list[str]) -> None:
        try:
            self._vectors.delete(doc_type, {"$and": [{"source": source}, {"version": version}]})
        except Exception:
            log.exception("could not discard partial chunks of %s v%s", source, version)
        self._lexical.remove(ids)

    def _store_file(self, source: str, version: int, data: bytes) -> None:
        folder = self.home / "files" / source
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".v{version}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, folder / f"v{version}{Path(source).suffix}")

    def stored_file(self, source: str, version: int | None = None) -> Path:
        """The bytes of a stored version (default: the live one)."""
        if version is None:
            rec = self.registry.get(source)
            if rec is None:
                raise NotFoundError(f"{source}: no such document")
            version = rec.version
        path = self.home / "files" / source / f"v{version}{Path(source).suffix}"
        if not path.exists():
            raise NotFoundError(f"{source}: version {version} is not stored")
        return path

    def stored_versions(self, source: str) -> list[int]:
        folder = self.home / "files" / source
        return sorted(int(p.stem[1:]) for p in folder.glob("v*") if p.stem[1:].isdigit()) if folder.exists() else []

    def _bump(self) -> None:
        tmp = self._generation_file.with_suffix(".tmp")
        tmp.write_text(uuid.uuid4().hex)
        os.replace(tmp, self._generation_file)

    def is_empty(self) -> bool:
        return not self.registry.all()

    def close(self) -> None:
        self._vectors = None
        if not self.settings.store.chroma_url:
            from chromadb.api.client import SharedSystemClient

            SharedSystemClient.clear_system_cache()

def _tags(chunk) -> dict:
    tags = {"doc_type": chunk.doc_type}
    for key in ("district", "programme_code"):
        if chunk.metadata.get(key):
            tags[key] = chunk.metadata[key]
    return tags


def _index_words(doc: Document) -> list[str]:
    """Words the tokenizer must keep whole: programme names, job titles, districts, codes."""
    words = set()
    for c in doc.chunks:
        for key in ("programme", "title", "district", "college", "company"):
            v = c.metadata.get(key)
            if isinstance(v, str) and 1 < len(v) <= 12:
                words.add(v)
                if key == "district" and v.endswith("区") and len(v) >= 3:
                    words.add(v[:-1])
        if isinstance(c.metadata.get("programme_code"), str):
            words.add(c.metadata["programme_code"])
    return sorted(words)


__all__ = ["DOC_TYPES", "IngestReport", "IngestResult", "KnowledgeBase"]
