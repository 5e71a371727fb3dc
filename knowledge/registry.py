"""The document registry: which version of which document is live. Its commit is the moment a new version goes live."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from core.db import documents


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


def _record(row) -> DocRecord:
    rec = DocRecord(**{k: row[k] for k in DocRecord.__dataclass_fields__})
    if rec.ingested_at.tzinfo is None:
        rec.ingested_at = rec.ingested_at.replace(tzinfo=UTC)
    return rec


def now() -> datetime:
    return datetime.now(UTC)
