"""The supply side: anonymised job-seeker registrations in the database (never embedded, never in chat retrieval).

Rows come from ingested registration files (replaced together with their document's registry entry, in one
transaction) and from profiles that seekers chose to count on the 岗位匹配 tab (one per browser session).
``groups()`` is what the supply–demand warnings read: one row per distinct (aim, programme, district, month) with
its count, so 100k registrations come back as a few thousand groups.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from core.db import seekers as table
from ingest.records import SeekerRecord
from ingest.seekers import FIELDS

WEB_SOURCE = "岗位匹配页（自愿计入）"
_INSERT_BATCH = 5000


class SeekerGroup(NamedTuple):  # a tuple: tens of thousands are made per count
    """How many stored seekers share one aim, programme, district (and month)."""

    intent: str
    major: str
    district: str
    month: str  # YYYY-MM or ""
    count: int


@dataclass(frozen=True)
class StoredSeeker:
    """A stored registration with its database id (``ref`` is the export's own number, masked, if it had one)."""

    id: int
    source: str
    origin: str
    record: SeekerRecord


class SeekerStore:
    """Anonymised seekers in the database: a file's registrations (replaced with its document) and consented
    profiles from the matching tab (one per browser session)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def replace(self, conn: Connection, source: str, records: list[SeekerRecord] | tuple[SeekerRecord, ...]) -> None:
        """The registrations of file ``source`` become ``records`` (inside the caller's transaction)."""
        conn.execute(table.delete().where(table.c.source == source).where(table.c.origin == "file"))
        fields = ("row", *FIELDS)
        rows = [{f: getattr(r, f) for f in fields} | {"source": source, "origin": "file", "month": r.registered_at[:7]}
                for r in records]
        for start in range(0, len(rows), _INSERT_BATCH):
            conn.execute(table.insert(), rows[start:start + _INSERT_BATCH])

    def delete(self, conn: Connection, source: str) -> None:
        conn.execute(table.delete().where(table.c.source == source).where(table.c.origin == "file"))

    def consent(self, key: str, record: SeekerRecord) -> None:
        """Count one profile from the matching tab; the same ``key`` (a browser session) replaces its earlier one."""
        registered = record.registered_at or date.today().isoformat()
        values = asdict(record) | {"source": WEB_SOURCE, "origin": "web", "consent_key": key,
                                   "registered_at": registered, "month": registered[:7]}
        with self.engine.begin() as conn:
            conn.execute(table.delete().where(table.c.consent_key == key))
            conn.execute(table.insert().values(**values))

    def withdraw(self, key: str) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(table.delete().where(table.c.consent_key == key)).rowcount > 0

    def count(self) -> dict[str, int]:
        """How many registrations by origin: {"file": n, "web": m}."""
        with self.engine.connect() as conn:
            got = dict(conn.execute(sa.select(table.c.origin, sa.func.count()).group_by(table.c.origin)).all())
        return {"file": got.get("file", 0), "web": got.get("web", 0)}

    def signature(self) -> tuple[int, int]:
        """(rows, highest id): changes whenever rows are added, replaced or removed (ids are never reused)."""
        with self.engine.connect() as conn:
            n, top = conn.execute(sa.select(sa.func.count(), sa.func.max(table.c.id))).one()
        return n, top or 0

    def groups(self, by_month: bool = False) -> list[SeekerGroup]:
        """Counts per distinct (aim, programme, district[, month]); month "" unless ``by_month``."""
        keys = [table.c.intent, table.c.major, table.c.district]
        if by_month:
            keys.append(table.c.month)
        q = sa.select(*keys, sa.func.count()).group_by(*keys)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()  # fetchall: one call, not one per row
        if by_month:
            return [SeekerGroup(i, m, d, mo or "", n) for i, m, d, mo, n in rows]
        return [SeekerGroup(i, m, d, "", n) for i, m, d, n in rows]

    def all(self) -> list[StoredSeeker]:
        cols = [c.name for c in table.c if c.name in SeekerRecord.__dataclass_fields__]
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table).order_by(table.c.id)).mappings().all()
        return [StoredSeeker(r["id"], r["source"], r["origin"], SeekerRecord(**{c: r[c] for c in cols})) for r in rows]
