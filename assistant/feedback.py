"""👍/👎 feedback on answers, stored with the question, the answer, what it cited, the turn it rates and, for a 👎,
a reason (``REASONS``, from assistant/data/feedback_reasons.json) with optional text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.turns import set_thumbs_down
from core.db import feedback
from core.errors import NotFoundError, ZhituError

MAX_COMMENT = 500


@cache
def reasons() -> dict[str, str]:
    """Reason id → the label the page shows (ordered as shown)."""
    path = Path(__file__).resolve().parent / "data" / "feedback_reasons.json"
    return json.loads(path.read_text(encoding="utf-8"))


class FeedbackStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, session_id: str, question: str, answer: str, rating: int, sources: list[str], route: str = "",
            turn_id: int | None = None, reason: str | None = None, comment: str | None = None) -> int:
        """Store a rating; a 👎 on a logged turn also marks that turn (the insight page counts it as not resolved)."""
        if rating not in (1, -1):
            raise ValueError("rating is +1 or -1")
        reason, comment = self._check(reason, comment)
        with self.engine.begin() as conn:
            feedback_id = conn.execute(feedback.insert().values(
                session_id=session_id, question=question, answer=answer, rating=rating,
                sources=json.dumps(sources, ensure_ascii=False), route=route, created_at=datetime.now(UTC),
                turn_id=turn_id, reason=reason if rating < 0 else None, comment=comment if rating < 0 else None,
            )).inserted_primary_key[0]
            if turn_id is not None:
                self._mark_turn(conn, turn_id)
        return feedback_id

    def set_reason(self, feedback_id: int, reason: str, comment: str | None = None) -> None:
        """Add the reason (and optional text) to a 👎 already stored."""
        reason, comment = self._check(reason, comment)
        if reason is None:
            raise ZhituError("请选择一个原因")
        with self.engine.begin() as conn:
            done = conn.execute(feedback.update().where(feedback.c.id == feedback_id, feedback.c.rating < 0)
                                .values(reason=reason, comment=comment)).rowcount
        if not done:
            raise NotFoundError(f"feedback {feedback_id}: no 👎 to add a reason to")

    def all(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.select(feedback).order_by(feedback.c.id)).mappings()]

    @staticmethod
    def _check(reason: str | None, comment: str | None) -> tuple[str | None, str | None]:
        if reason is not None and reason not in reasons():
            raise ZhituError(f"unknown feedback reason {reason!r}; one of {', '.join(reasons())}")
        comment = (comment or "").strip()[:MAX_COMMENT] or None
        return reason, comment

    @staticmethod
    def _mark_turn(conn, turn_id: int) -> None:
        down = conn.execute(sa.select(sa.exists().where(feedback.c.turn_id == turn_id, feedback.c.rating < 0))).scalar()
        set_thumbs_down(conn, turn_id, bool(down))
