"""The turn log: one row per answered message (route, refused, escalated, latency, LLM fallback), for the insight page.
The question is masked before it is written: the log is for counting and grouping, not for contacting anyone.

Every write also bumps two small counter tables in the same transaction (``turn_stats``: turns per day and
combination of flags; ``turn_latency_stats``: turns per day and whole millisecond), so the page's figures read a few
thousand rows however many turns are stored. ``rebuild_stats`` recomputes both from ``chat_turns``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from core.db import STAT_FLAGS, chat_turns, turn_latency_stats, turn_stats
from core.masking import mask_pii


def _flags(row) -> dict:
    return {"new_session": bool(row["new_session"]), "refused": bool(row["refused"]), "escalated": bool(row["escalated"]),
            "thumbs_down": bool(row["thumbs_down"]), "llm": bool(row["llm"]), "fallback": row["fallback"] is not None}


def _bump(conn: Connection, table: sa.Table, key: dict, delta: int) -> None:
    """Add ``delta`` to the counter row ``key``, creating it if needed (a concurrent creator wins: add to its row)."""
    where = [table.c[k] == v for k, v in key.items()]
    if conn.execute(table.update().where(*where).values(turns=table.c.turns + delta)).rowcount:
        return
    if conn.dialect.name == "sqlite":  # the writer holds the database: nobody can insert in between
        conn.execute(table.insert().values(**key, turns=delta))
        return
    try:
        with conn.begin_nested():
            conn.execute(table.insert().values(**key, turns=delta))
    except IntegrityError:
        conn.execute(table.update().where(*where).values(turns=table.c.turns + delta))


def count_turn(conn: Connection, row, delta: int = 1) -> None:
    """Count (``delta=1``) or uncount (``-1``) a chat_turns row in the counters."""
    _bump(conn, turn_stats, {"day": row["day"], **_flags(row)}, delta)
    _bump(conn, turn_latency_stats, {"day": row["day"], "latency_ms": row["latency_ms"]}, delta)


def set_thumbs_down(conn: Connection, turn_id: int, value: bool) -> None:
    """Set a turn's 👎 flag, moving it between counter rows when it changes."""
    row = conn.execute(sa.select(chat_turns).where(chat_turns.c.id == turn_id).with_for_update()).mappings().first()
    if row is None or bool(row["thumbs_down"]) == value:
        return
    conn.execute(chat_turns.update().where(chat_turns.c.id == turn_id).values(thumbs_down=value))
    _bump(conn, turn_stats, {"day": row["day"], **_flags(row)}, -1)
    _bump(conn, turn_stats, {"day": row["day"], **_flags({**row, "thumbs_down": value})}, 1)


class TurnLog:
    """Writes ``chat_turns``. ``timezone`` decides which calendar day a turn belongs to (the service's)."""

    def __init__(self, engine: Engine, timezone: str = "Asia/Shanghai", clock=lambda: datetime.now(UTC)) -> None:
        self.engine = engine
        self.tz = ZoneInfo(timezone)
        self.clock = clock

    def record(self, session_id: str, question: str, reply, llm: bool = False) -> int:
        """Store one turn; returns its id (the page passes it back with a 👍/👎)."""
        now = self.clock()
        values = {
            "session_id": session_id, "day": now.astimezone(self.tz).date(), "created_at": now,
            "question": mask_pii(question)[:2000], "route": reply.route or "", "refused": bool(reply.refused),
            "escalated": bool(reply.escalated), "thumbs_down": False, "latency_ms": max(0, round(reply.latency_ms)), "llm": llm,
            "fallback": (reply.fallback_reason or None) and reply.fallback_reason[:200],
            "sources": json.dumps(list(dict.fromkeys(s.source for s in reply.sources)), ensure_ascii=False),
        }
        with self.engine.begin() as conn:
            seen = conn.execute(sa.select(chat_turns.c.id).where(chat_turns.c.session_id == session_id).limit(1)).first()
            values["new_session"] = seen is None
            turn_id = conn.execute(chat_turns.insert().values(**values)).inserted_primary_key[0]
            count_turn(conn, values)
        return turn_id

    def get(self, turn_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(chat_turns).where(chat_turns.c.id == turn_id)).mappings().first()
        return dict(row) if row else None

    def rebuild_stats(self) -> None:
        """Recompute the counters from chat_turns (after a bulk import, or to check them)."""
        rebuild_stats(self.engine)


def rebuild_stats(engine: Engine) -> None:
    t = chat_turns.c
    flags = [t.new_session, t.refused, t.escalated, t.thumbs_down, t.llm]
    fallback = sa.case((t.fallback.is_not(None), sa.true()), else_=sa.false())
    with engine.begin() as conn:
        conn.execute(turn_stats.delete())
        conn.execute(turn_latency_stats.delete())
        conn.execute(turn_stats.insert().from_select(
            ["day", *STAT_FLAGS, "turns"],
            sa.select(t.day, *flags, fallback, sa.func.count()).group_by(t.day, *flags, fallback)))
        conn.execute(turn_latency_stats.insert().from_select(
            ["day", "latency_ms", "turns"], sa.select(t.day, t.latency_ms, sa.func.count()).group_by(t.day, t.latency_ms)))
