"""The turn log: one row per answered message (route, refused, escalated, latency, LLM fallback), for the insight
page. The question is masked before it is written: the log is for counting and grouping, not for contacting anyone.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from core.db import chat_turns
from core.masking import mask_pii


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
            "escalated": bool(reply.escalated), "latency_ms": max(0, round(reply.latency_ms)), "llm": llm,
            "fallback": (reply.fallback_reason or None) and reply.fallback_reason[:200],
            "sources": json.dumps(list(dict.fromkeys(s.source for s in reply.sources)), ensure_ascii=False),
        }
        with self.engine.begin() as conn:
            seen = conn.execute(sa.select(chat_turns.c.id).where(chat_turns.c.session_id == session_id).limit(1)).first()
            return conn.execute(chat_turns.insert().values(**values, new_session=seen is None)).inserted_primary_key[0]

    def get(self, turn_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(chat_turns).where(chat_turns.c.id == turn_id)).mappings().first()
        return dict(row) if row else None
