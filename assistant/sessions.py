"""Conversation sessions in the database: the turns so far and how many turns in a row went unresolved.

Used by the Assistant for multi-turn follow-ups and by escalation ("two unresolved turns in a row on the
same topic"). One row per session; kept small (the last ``max_turns`` turns).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from assistant.records import Turn
from core.db import chat_sessions


class SessionStore:
    def __init__(self, engine: Engine, max_turns: int = 40):
        self.engine = engine
        self.max_turns = max_turns

    def _row(self, conn, session_id: str):
        return conn.execute(sa.select(chat_sessions).where(chat_sessions.c.session_id == session_id)).mappings().first()

    def _upsert(self, session_id: str, change) -> dict:
        """Apply ``change(state) -> state`` to the session row, creating it on first use."""
        for _ in range(5):
            with self.engine.begin() as conn:
                row = self._row(conn, session_id)
                state = {"turns": [], "topic": "", "unresolved_streak": 0} if row is None else {
                    "turns": json.loads(row["turns"]), "topic": row["topic"], "unresolved_streak": row["unresolved_streak"]}
                state = change(state)
                values = {"turns": json.dumps(state["turns"][-self.max_turns:], ensure_ascii=False), "topic": state["topic"][:200],
                          "unresolved_streak": state["unresolved_streak"], "updated_at": datetime.now(UTC)}
                try:
                    if row is None:
                        conn.execute(chat_sessions.insert().values(session_id=session_id, **values))
                    else:
                        conn.execute(chat_sessions.update().where(chat_sessions.c.session_id == session_id).values(**values))
                    return state
                except IntegrityError:
                    continue  # another process created it first
        raise RuntimeError(f"session {session_id}: could not update")  # pragma: no cover

    def history(self, session_id: str) -> list[Turn]:
        with self.engine.connect() as conn:
            row = self._row(conn, session_id)
        return [Turn(role=t["role"], content=t["content"]) for t in json.loads(row["turns"])] if row else []

    def append(self, session_id: str, turn: Turn, sources: list[dict] | None = None) -> None:
        """Add a turn; ``sources`` are the documents an assistant turn cited (a ticket shows them to staff)."""
        entry = {"role": turn.role, "content": turn.content, **({"sources": sources} if sources else {})}
        self._upsert(session_id, lambda s: {**s, "turns": [*s["turns"], entry]})

    def cited(self, session_id: str) -> list[dict]:
        """Every document the assistant cited in this session (kept turns only), first citation first, no repeats."""
        with self.engine.connect() as conn:
            row = self._row(conn, session_id)
        seen: dict[tuple, dict] = {}
        for turn in json.loads(row["turns"]) if row else []:
            for src in turn.get("sources", []):
                seen.setdefault((src.get("source"), src.get("page"), src.get("section")), src)
        return list(seen.values())

    def mark_unresolved(self, session_id: str, topic: str) -> int:
        """Count one more refusal / 👎. A different topic starts the count again. Returns the new streak."""
        def change(s):
            same = s["topic"] == topic or not s["topic"]
            return {**s, "topic": topic, "unresolved_streak": s["unresolved_streak"] + 1 if same else 1}
        return self._upsert(session_id, change)["unresolved_streak"]

    def mark_resolved(self, session_id: str) -> None:
        """A turn that helped (an answer, a 👍) resets the streak."""
        self._upsert(session_id, lambda s: {**s, "unresolved_streak": 0})

    def streak(self, session_id: str) -> int:
        with self.engine.connect() as conn:
            row = self._row(conn, session_id)
        return row["unresolved_streak"] if row else 0

    def topic(self, session_id: str) -> str:
        with self.engine.connect() as conn:
            row = self._row(conn, session_id)
        return row["topic"] if row else ""
