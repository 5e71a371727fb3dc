"""👍/👎 feedback on answers, stored with the question, the answer and what it cited."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from core.db import feedback


class FeedbackStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, session_id: str, question: str, answer: str, rating: int, sources: list[str], route: str = "") -> int:
        if rating not in (1, -1):
            raise ValueError("rating is +1 or -1")
        with self.engine.begin() as conn:
            return conn.execute(feedback.insert().values(
                session_id=session_id, question=question, answer=answer, rating=rating,
                sources=json.dumps(sources, ensure_ascii=False), route=route, created_at=datetime.now(UTC),
            )).inserted_primary_key[0]

    def all(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.select(feedback).order_by(feedback.c.id)).mappings()]
