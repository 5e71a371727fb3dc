"""The document registry: which version of which document is live. Its commit is the moment a new version goes live.

Every change also bumps the generation counter (``kb_state``) in the same transaction, so any replica can tell with
one tiny query whether the live set changed, and stores the uploaded file of the new version beside it (restore and
download work on every replica)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from core.db import document_files, documents, kb_state


@dataclass
class DocRecord:
    source: str
    title: str
    doc_type: str
    chunks: int
    sha256: str
    version: int
    ingested_at: datetime
    uploaded_by: str = "cli"

    def to_json(self) -> dict:
        d = asdict(self)
        d["ingested_at"] = self.ingested_at.isoformat(timespec="seconds")
        return d


class Registry:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def all(self) -> list[DocRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(documents).order_by(documents.c.doc_type, documents.c.source)).mappings()
            return [_record(r) for r in rows]

    def get(self, source: str, conn: Connection | None = None) -> DocRecord | None:
        if conn is None:
            with self.engine.connect() as c:
                return self.get(source, c)
        row = conn.execute(sa.select(documents).where(documents.c.source == source)).mappings().first()
        return _record(row) if row else None

    def versions(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return dict(conn.execute(sa.select(documents.c.source, documents.c.version)).all())

    def put(self, conn: Connection, rec: DocRecord) -> None:
        values = asdict(rec)
        if conn.execute(sa.select(documents.c.source).where(documents.c.source == rec.source)).first():
            conn.execute(documents.update().where(documents.c.source == rec.source).values(**values))
        else:
            conn.execute(documents.insert().values(**values))

    def delete(self, conn: Connection, source: str) -> None:
        conn.execute(documents.delete().where(documents.c.source == source))

    # ---- the live-version signal -----------------------------------------------------------------------------
    def generation(self, conn: Connection | None = None) -> int:
        """The counter every registry change bumps (0 before the first change)."""
        if conn is None:
            with self.engine.connect() as c:
                return self.generation(c)
        return int(conn.execute(sa.select(kb_state.c.generation).where(kb_state.c.id == 1)).scalar() or 0)

    def bump(self, conn: Connection) -> int:
        """Advance the generation inside the caller's transaction (the one that changes the registry)."""
        done = conn.execute(kb_state.update().where(kb_state.c.id == 1)
                            .values(generation=kb_state.c.generation + 1, changed_at=now())).rowcount
        if not done:
            conn.execute(kb_state.insert().values(id=1, generation=1, changed_at=now()))
        return self.generation(conn)

    def snapshot(self) -> tuple[int, dict[str, DocRecord]]:
        """(generation, every record) read as one consistent state: retried if a writer committed in between."""
        with self.engine.connect() as conn:
            while True:
                before = self.generation(conn)
                rows = conn.execute(sa.select(documents)).mappings().all()
                if self.generation(conn) == before:
                    return before, {r["source"]: _record(r) for r in rows}
                conn.rollback()

    # ---- stored file versions (restore, download) --------------------------------------------------------------
    def put_file(self, conn: Connection, source: str, version: int, sha256: str, data: bytes) -> None:
        conn.execute(document_files.delete().where((document_files.c.source == source) & (document_files.c.version == version)))
        conn.execute(document_files.insert().values(source=source, version=version, sha256=sha256, size=len(data), data=data,
                                                    stored_at=now()))

    def file(self, source: str, version: int) -> bytes | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(document_files.c.data).where(
                (document_files.c.source == source) & (document_files.c.version == version))).scalar()

    def file_versions(self, source: str) -> list[int]:
        with self.engine.connect() as conn:
            return sorted(conn.execute(sa.select(document_files.c.version).where(document_files.c.source == source)).scalars())


def _record(row) -> DocRecord:
    rec = DocRecord(**{k: row[k] for k in DocRecord.__dataclass_fields__})
    if rec.ingested_at.tzinfo is None:
        rec.ingested_at = rec.ingested_at.replace(tzinfo=UTC)
    return rec


def now() -> datetime:
    return datetime.now(UTC)
