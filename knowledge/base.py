"""The knowledge base: the registry, the dense index (Chroma) and the lexical index (BM25), changed together.

A new version of a document is parsed and embedded completely, its chunks are written beside the old ones under a
new version number, and only then does the registry commit switch readers over (the same transaction stores the
uploaded file and bumps the generation counter); the old chunks are removed last. Readers only see chunks whose
version is the registry's, so a failure at any step leaves the old version answering.

Nothing a reader needs is on local disk, so several replicas can share one Chroma server and one PostgreSQL: each
process keeps the live set it loaded (registry versions, a Chroma handle, a BM25 index built from the chunks Chroma
holds) as one immutable state. ``refresh()`` — called at the start of every retrieval — reads the generation (one
small query) and, when it moved, loads the new state (only the changed documents are fetched and tokenised) and
swaps it in whole. Each thread keeps the state it refreshed to until its next refresh, so one answer never mixes two
versions. One writer at a time across replicas: ``knowledge.writer_lock`` (PostgreSQL advisory lock, or a file lock
beside the SQLite database)."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings
from sqlalchemy.engine import Engine

from core.errors import IngestError, NotFoundError, ZhituError
from core.places import short_name
from core.settings import Settings
from ingest.pipeline import iter_files, parse_document
from ingest.records import DOC_TYPES, Chunk, DocType, Document
from knowledge.lexical import LexicalIndex
from knowledge.registry import DocRecord, Registry, now
from knowledge.seekers import SeekerStore
from knowledge.store import VectorIndex, make_chroma_client
from knowledge.writer_lock import KnowledgeBaseBusy, WriterLock

log = logging.getLogger(__name__)
_PIN_SECONDS = 2.0  # how long a thread may read a pinned version without asking the database for a newer one
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


class _Live:
    """One loaded generation: the live versions, the Chroma handle and the BM25 index built for them, plus caches."""

    def __init__(self, generation: int, records: dict[str, DocRecord], vectors: VectorIndex, lexical: LexicalIndex) -> None:
        self.generation = generation
        self.live = {s: r.version for s, r in records.items()}
        self.keys = {s: (r.version, r.sha256) for s, r in records.items()}  # a delete + re-add may reuse a version
        self.vectors = vectors
        self.lexical = lexical
        self.postings: list[dict] | None = None
        self.chunks: dict[str, list[tuple[str, str, dict]]] = {}


class KnowledgeBase:
    """Registry + Chroma + BM25. Readers call ``refresh()`` per request; writers go through ``apply``/``delete``."""

    def __init__(self, settings: Settings, engine: Engine, embeddings: Callable[[], Embeddings]) -> None:
        self.settings = settings
        self.home = settings.home_dir
        self.registry = Registry(engine)
        self.seekers = SeekerStore(engine)
        self._embeddings = embeddings
        self._writer = WriterLock(engine, _lock_path(engine, self.home))
        self._load_lock = threading.Lock()
        self._state: _Live | None = None
        self._local = threading.local()
        self._client = None

    # ---- readers -------------------------------------------------------------------------------------------
    @property
    def embeddings(self) -> Embeddings:
        return self._embeddings()

    def refresh(self) -> None:
        """Pick up a change made by any writer (this process, another process, another replica): one query for the
        generation; the new live set is loaded only when it moved. Pins this thread to the state it now reads."""
        gen = self.registry.generation()
        state = self._state
        if state is None or state.generation != gen:
            with self._load_lock:
                state = self._state
                if state is None or state.generation != gen:
                    state = self._state = self._load(state)
        self._local.state = state
        self._local.pinned = time.monotonic()

    def _current(self) -> _Live:
        """The state this thread is pinned to; a pin older than ``_PIN_SECONDS`` (a pooled thread serving a reader
        that never called ``refresh``) is renewed, so every reader follows a new version within seconds."""
        state = getattr(self._local, "state", None)
        if state is None or time.monotonic() - self._local.pinned > _PIN_SECONDS:
            self.refresh()
            state = self._local.state
        return state

    @property
    def generation(self) -> int:
        """The generation this thread reads (caches key on it; it changes whenever any writer changes the registry)."""
        return self._current().generation

    @property
    def loaded(self) -> bool:
        """Whether this process has loaded a live set (for /readyz)."""
        return self._state is not None

    @contextmanager
    def write_lock(self, wait: float | None = None):
        """Hold the writer lock (threads, processes, replicas) around a multi-step change; ``KnowledgeBaseBusy`` after
        ``wait`` seconds (default: ``settings.store.ingest_wait``)."""
        with self._writer.hold(self.settings.store.ingest_wait if wait is None else wait):
            yield

    @property
    def vectors(self) -> VectorIndex:
        return self._current().vectors

    @property
    def lexical(self) -> LexicalIndex:
        return self._current().lexical

    def is_live(self, metadata: dict) -> bool:
        return self._current().live.get(metadata.get("source")) == metadata.get("version")

    def live_id(self, chunk_id: str) -> bool:
        source, _, rest = chunk_id.partition("::v")
        version = rest.split("::", 1)[0]
        return version.isdigit() and self._current().live.get(source) == int(version)

    def documents(self) -> list[DocRecord]:
        return self.registry.all()

    def postings(self) -> list[dict]:
        """Every live job posting as a dict of its fields (cached until the knowledge base changes)."""
        self.refresh()
        state = self._current()
        if state.postings is None:
            rows = [m for _, _, m in state.vectors.get("job", documents=False) if state.live.get(m.get("source")) == m.get("version")]
            keys = ("id", "title", "company", "district", "city", "salary", "education", "experience", "skills", "requirements",
                    "description", "openings", "posted_at")
            postings = [{k: str(m.get(k, "")) for k in keys} | {"source": m["source"]} for m in rows]
            state.postings = sorted(postings, key=lambda p: p["id"])
        return state.postings

    def scopes(self) -> dict[str, dict]:
        """Each live document's scope as stored at ingest: {"places": [...], "issuer": ..., "covers": [...]}."""
        out: dict[str, dict] = {}
        for doc_type in DOC_TYPES:
            for m in self.vectors.iter_metadata(doc_type):
                if m["source"] in out or not self.is_live(m):
                    continue
                split = lambda key, m=m: [p for p in str(m.get(key) or "").split("、") if p]
                out[m["source"]] = {"places": split("places"), "issuer": str(m.get("issuer") or ""), "covers": split("covers")}
        return out

    def chunks_of(self, source: str) -> list[tuple[str, str, dict]]:
        """The live passages of one document, in order (cached until the knowledge base changes)."""
        state = self._current()
        if source not in state.chunks:
            version = state.live.get(source)
            rec = self.registry.get(source) if version is not None else None
            if rec is None:
                raise NotFoundError(f"{source}: no such document")
            if rec.doc_type not in DOC_TYPES:  # registrations have no passages
                return []
            rows = [c for c in state.vectors.get(rec.doc_type, {"source": source}) if c[2].get("version") == version]
            rows.sort(key=lambda c: int(c[0].rsplit("::", 1)[-1]))
            state.chunks[source] = rows
        return state.chunks[source]

    # ---- loading a generation ----------------------------------------------------------------------------------
    def _load(self, old: _Live | None) -> _Live:
        """The live set at the database's current generation, built from ``old`` by swapping the changed documents."""
        for _attempt in range(20):
            gen, records = self.registry.snapshot()
            vectors = self._vector_index(old)
            live = {s: r.version for s, r in records.items()}
            before = old.keys if old else {}
            # registrations (doc type seeker) are rows in the database, with no passages to load
            changed = [r for s, r in records.items() if before.get(s) != (r.version, r.sha256) and r.doc_type in DOC_TYPES]
            rows = self._fetch(vectors, changed, live, everything=old is None)
            short = [r.source for r in changed if len(rows.get(r.source, ())) != r.chunks]
            if short and self.registry.generation() != gen:
                time.sleep(0.05)  # a writer replaced a version while we read: read the registry again
                continue
            if short:
                log.warning("chunks missing in Chroma for %s; serving what is there", ", ".join(short[:5]))
            lexical = old.lexical.copy() if old else LexicalIndex()
            for s, key in before.items():
                if s not in records or key != (records[s].version, records[s].sha256):
                    lexical.remove(lexical.ids_of(s))
            for r in changed:
                _index(lexical, r.source, rows.get(r.source, []))
            return _Live(gen, records, vectors, lexical)
        raise ZhituError("the knowledge base kept changing while it was being loaded; try again")

    def _vector_index(self, old: _Live | None) -> VectorIndex:
        if self.settings.store.chroma_url:
            if self._client is None:
                self._client = make_chroma_client(self.settings)
            return VectorIndex(self._client)
        if old is not None:
            # An embedded client caches segments per process; start a fresh one to see another process's writes.
            from chromadb.api.client import SharedSystemClient

            SharedSystemClient.clear_system_cache()
        return VectorIndex(make_chroma_client(self.settings))

    @staticmethod
    def _fetch(vectors: VectorIndex, changed: list[DocRecord], live: dict[str, int], everything: bool) -> dict[str, list]:
        rows: dict[str, list] = {}
        if everything:
            for t in DOC_TYPES:
                for cid, text, meta in vectors.get(t):
                    if live.get(meta.get("source")) == meta.get("version"):
                        rows.setdefault(meta["source"], []).append((cid, text, meta))
            return rows
        for r in changed:
            rows[r.source] = vectors.get(r.doc_type, {"$and": [{"source": r.source}, {"version": r.version}]})
        return rows

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
        if current and current.sha256 == doc.sha256 and (doc_type is None or doc_type == current.doc_type) \
                and self.parsed_alike(doc):
            return IngestResult(name, "unchanged", current.version, current.chunks, current.doc_type)
        return self.apply(doc, data, uploaded_by)

    def parsed_alike(self, doc: Document) -> bool:
        """The live passages of ``doc``'s source are what this version of Zhitu makes of the file: after an upgrade that
        parses differently, re-ingesting an unchanged file makes a new version instead of keeping the old passages."""
        if doc.doc_type not in DOC_TYPES:  # registrations have no passages
            return True
        return [text for _, text, _ in self.chunks_of(doc.source)] == [c.text for c in doc.chunks]

    def apply(self, doc: Document, data: bytes, uploaded_by: str = "cli", wait: float | None = None) -> IngestResult:
        """Make ``doc`` the live version of its source, atomically. Embeds outside the lock."""
        if doc.doc_type == "seeker":
            return self._apply_registrations(doc, uploaded_by, wait)
        try:
            vectors = self.embeddings.embed_documents([c.index_text for c in doc.chunks])
        except Exception as exc:
            raise IngestError(f"{doc.source}: embedding failed ({exc})") from exc
        with self.write_lock(wait):
            self.refresh()
            store = self._current().vectors
            current = self.registry.get(doc.source)
            version = (current.version + 1) if current else 1
            self._clear_leftovers(store, doc.doc_type, doc.source, version)
            # A version number still used by leftovers that could not be removed would collide: skip past them.
            while store.ids(doc.doc_type, {"$and": [{"source": doc.source}, {"version": version}]}):
                version += 1
            ids = [f"{doc.source}::v{version}::{i}" for i in range(len(doc.chunks))]
            extra = {"version": version, "sha256": doc.sha256}
            try:
                store.add(ids, doc.chunks, vectors, extra)
                rec = DocRecord(doc.source, doc.title, doc.doc_type, len(doc.chunks), doc.sha256, version, now(), uploaded_by)
                with self.registry.engine.begin() as conn:  # the moment the new version goes live, everywhere
                    self.registry.put(conn, rec)
                    self.registry.put_file(conn, doc.source, version, doc.sha256, data)
                    self.registry.bump(conn)
            except Exception as exc:
                self._discard(store, doc.doc_type, doc.source, version)
                if isinstance(exc, ZhituError):
                    raise
                raise IngestError(f"{doc.source}: could not be stored ({type(exc).__name__}: {exc})") from exc
            if current:  # the new version is live; the old one goes
                self._drop_version(store, current.doc_type, current.source, current.version)
        self.refresh()
        status = "updated" if current else "added"
        return IngestResult(doc.source, status, version, len(doc.chunks), doc.doc_type)

    def _apply_registrations(self, doc: Document, uploaded_by: str, wait: float | None = None) -> IngestResult:
        """Registrations are rows in the database, not chunks: the rows, the registry entry and the stored
        (anonymised, ``doc.stored_bytes``) file change in one transaction with the generation. Never the upload."""
        with self.write_lock(wait):
            self.refresh()
            current = self.registry.get(doc.source)
            version = (current.version + 1) if current else 1
            rec = DocRecord(doc.source, doc.title, doc.doc_type, len(doc.seekers), doc.sha256, version, now(), uploaded_by)
            try:
                with self.registry.engine.begin() as conn:
                    self.seekers.replace(conn, doc.source, doc.seekers)
                    self.registry.put(conn, rec)
                    self.registry.put_file(conn, doc.source, version, doc.sha256, doc.stored_bytes or b"")
                    self.registry.bump(conn)
            except Exception as exc:
                raise IngestError(f"{doc.source}: could not be stored ({type(exc).__name__}: {exc})") from exc
            if current and current.doc_type != "seeker":
                self._drop_version(self._current().vectors, current.doc_type, current.source, current.version)
        self.refresh()
        return IngestResult(doc.source, "updated" if current else "added", version, len(doc.seekers), doc.doc_type)

    def delete(self, source: str, wait: float | None = None) -> DocRecord:
        with self.write_lock(wait):
            self.refresh()
            current = self.registry.get(source)
            if current is None:
                raise NotFoundError(f"{source}: no such document")
            with self.registry.engine.begin() as conn:
                self.registry.delete(conn, source)
                self.seekers.delete(conn, source)
                self.registry.bump(conn)
            if current.doc_type != "seeker":
                try:
                    self._current().vectors.delete(current.doc_type, {"source": source})
                except Exception:
                    log.exception("could not remove the chunks of %s", source)
        self.refresh()
        return current

    @staticmethod
    def _clear_leftovers(store: VectorIndex, doc_type: str, source: str, first_new: int) -> None:
        """Chunks above the live version are leftovers of an apply that died before its commit (a killed replica):
        under the writer lock nobody else is adding, so they can go."""
        try:
            store.delete(doc_type, {"$and": [{"source": source}, {"version": {"$gte": first_new}}]})
        except Exception:
            log.exception("could not remove leftovers of %s", source)

    def _drop_version(self, store: VectorIndex, doc_type: str, source: str, version: int) -> None:
        if doc_type == "seeker":  # the file is now another kind of document: its registrations go
            with self.registry.engine.begin() as conn:
                self.seekers.delete(conn, source)
            return
        try:
            store.delete(doc_type, {"$and": [{"source": source}, {"version": version}]})
        except Exception:
            log.exception("could not remove old chunks of %s v%s", source, version)

    @staticmethod
    def _discard(store: VectorIndex, doc_type: str, source: str, version: int) -> None:
        try:
            store.delete(doc_type, {"$and": [{"source": source}, {"version": version}]})
        except Exception:
            log.exception("could not discard partial chunks of %s v%s", source, version)

    # ---- stored file versions (in the database: every replica can restore and download) ------------------------
    def stored_bytes(self, source: str, version: int | None = None) -> bytes:
        """The uploaded bytes of a stored version (default: the live one)."""
        if version is None:
            rec = self.registry.get(source)
            if rec is None:
                raise NotFoundError(f"{source}: no such document")
            version = rec.version
        data = self.registry.file(source, version)
        if data is None:  # stored before the database kept files (a home from an older release)
            legacy = self.home / "files" / source / f"v{version}{Path(source).suffix}"
            if not legacy.exists():
                raise NotFoundError(f"{source}: version {version} is not stored")
            data = legacy.read_bytes()
        return data

    def stored_file(self, source: str, version: int | None = None) -> Path:
        """A local copy of a stored version's bytes (for downloads; the database holds the original)."""
        data = self.stored_bytes(source, version)
        folder = self.home / "downloads" / source
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_bytes(data)
        path = folder / source
        os.replace(tmp, path)
        return path

    def stored_versions(self, source: str) -> list[int]:
        legacy = self.home / "files" / source
        old = {int(p.stem[1:]) for p in legacy.glob("v*") if p.stem[1:].isdigit()} if legacy.exists() else set()
        return sorted(old | set(self.registry.file_versions(source)))

    def is_empty(self) -> bool:
        return not self.registry.all()

    def readiness(self) -> dict[str, str]:
        """What /readyz reports: the database, the vector store and the loaded live set ("ok" or the problem)."""
        checks: dict[str, str] = {}
        try:
            gen = self.registry.generation()
            checks["database"] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready", reported, never raised
            return {"database": f"unreachable: {type(exc).__name__}"}
        try:
            self._current().vectors.count(DOC_TYPES[0])
            checks["vectors"] = "ok"
        except Exception as exc:  # noqa: BLE001 - as above
            checks["vectors"] = f"unreachable: {type(exc).__name__}: {str(exc)[:120]}"
            return checks
        loaded = self._state.generation if self._state else None
        checks["knowledge_base"] = "ok" if loaded == gen or self._refreshed(gen) else f"loading (generation {gen})"
        return checks

    def _refreshed(self, gen: int) -> bool:
        self.refresh()
        return self._state is not None and self._state.generation >= gen

    def close(self) -> None:
        self._state = None
        self._local = threading.local()
        if not self.settings.store.chroma_url:
            from chromadb.api.client import SharedSystemClient

            SharedSystemClient.clear_system_cache()


def _lock_path(engine: Engine, home: Path) -> Path:
    """The SQLite writer lock sits beside the database file (the thing the writers share); else in the home."""
    db = engine.url.database if engine.dialect.name == "sqlite" else None
    return Path(f"{db}.kb.lock") if db and db != ":memory:" else home / "kb.lock"


def _chunk_of(text: str, meta: dict) -> Chunk:
    """A stored passage as the Chunk it was made from (what ``index_text``, ``_tags`` and ``_index_words`` read)."""
    drop = {"source", "doc_type", "page", "section", "version", "sha256"} | ({"title"} if meta.get("doc_type") != "job" else set())
    return Chunk(text=text, source=meta["source"], title=meta.get("title", ""), doc_type=meta["doc_type"],
                 page=meta.get("page", 1), section=meta.get("section", ""),
                 metadata={k: v for k, v in meta.items() if k not in drop})


def _index(lexical: LexicalIndex, source: str, rows: list[tuple[str, str, dict]]) -> None:
    """Add one document's live passages (as Chroma holds them) to a BM25 index."""
    if not rows:
        return
    chunks = [_chunk_of(text, meta) for _, text, meta in rows]
    doc = Document(source, chunks[0].title, chunks[0].doc_type, "", chunks)
    lexical.add([cid for cid, _, _ in rows], [c.index_text for c in chunks], source, [_tags(c) for c in chunks],
                words=_index_words(doc))


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
        for key in ("programme", "title", "district", "city", "college", "company"):
            v = c.metadata.get(key)
            if isinstance(v, str) and 1 < len(v) <= 12:
                words.add(v)
                if key in ("district", "city"):
                    words.add(short_name(v))
        for place in str(c.metadata.get("places") or "").split("、"):
            if 1 < len(place) <= 12:
                words.update((place, short_name(place)))
        if isinstance(c.metadata.get("programme_code"), str):
            words.add(c.metadata["programme_code"])
    return sorted(words)


__all__ = ["DOC_TYPES", "IngestReport", "IngestResult", "KnowledgeBase", "KnowledgeBaseBusy"]
