"""Turn real conversations into test cases: 👍/👎 feedback and counsellor-reviewed answers → question-set lines.

Every exported text goes through ``mask_pii``. The lines are a draft for an evaluator to review:

- 👍 (``fb-up-<id>``): the cited file names become ``expected_sources`` and the figures of the liked answer
  (a number with a unit, e.g. ``1000元``, ``3个月``; units in ``eval/data/fact_units.txt``) ``expected_facts``.
- 👎 (``fb-down-<id>``): the question only; what a right answer holds is for the evaluator to add.
- counsellor-reviewed (``ticket-<id>``): the figures of the counsellor's reply become ``expected_facts``.

The category is the route the assistant took (so routing accuracy is scored), or ``feedback`` /
``counsellor_reviewed`` when none was recorded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from zhitu import db
from zhitu.masking import mask_pii

DATA = Path(__file__).resolve().parent / "data"


@cache
def _figure_pattern() -> re.Pattern:
    lines = (DATA / "fact_units.txt").read_text(encoding="utf-8").splitlines()
    units = sorted((u.strip() for u in lines if u.strip() and not u.startswith("#")), key=len, reverse=True)
    return re.compile(r"(?<![\d.])\d+(?:[.,]\d+)*\s*(?:" + "|".join(re.escape(u) for u in units) + ")")


def figures(text: str) -> list[str]:
    """Figures with a unit in ``text``, in order, without duplicates: '补贴1,000 元，期限3个月' → ['1,000 元', '3个月']."""
    return list(dict.fromkeys(m.group(0) for m in _figure_pattern().finditer(text) if "*" not in m.group(0)))


@dataclass
class Reviewed:
    """A counsellor's reply to a question, from the tickets table if the escalation schema is present."""

    id: str
    question: str
    reply: str
    category: str
    created_at: datetime | None


def _as_datetime(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _pick(columns: set[str], *names: str) -> str | None:
    return next((n for n in names if n in columns), None)


def counsellor_reviewed(engine: Engine) -> list[Reviewed]:
    """Tickets a counsellor has replied to. Empty when the tickets table (migration 0002) does not exist."""
    inspector = sa.inspect(engine)
    if not inspector.has_table("tickets"):
        return []
    tickets = sa.Table("tickets", sa.MetaData(), autoload_with=engine)
    cols = set(tickets.c.keys())
    q_col = _pick(cols, "question", "message", "user_message", "text")
    r_col = _pick(cols, "counsellor_reply", "reply", "answer", "response")
    if not q_col or not r_col:
        return []
    cat_col = _pick(cols, "route", "category")
    time_col = _pick(cols, "replied_at", "updated_at", "created_at")
    with engine.connect() as conn:
        rows = conn.execute(sa.select(tickets).where(tickets.c[r_col].is_not(None))).mappings().all()
    return [
        Reviewed(
            id=str(r[_pick(cols, "id", "ticket_id") or q_col]),
            question=str(r[q_col]),
            reply=str(r[r_col]),
            category=str(r[cat_col] or "") if cat_col else "",
            created_at=_as_datetime(r[time_col]) if time_col else None,
        )
        for r in rows
        if str(r[r_col] or "").strip()
    ]


def _after(when: datetime | None, since: datetime | None) -> bool:
    if since is None:
        return True
    if when is None:
        return False
    if (when.tzinfo is None) != (since.tzinfo is None):
        when, since = when.replace(tzinfo=None), since.replace(tzinfo=None)
    return when >= since


def export_feedback(engine: Engine, since: datetime | None = None) -> list[dict]:
    """Question-set lines (dicts) from feedback and counsellor-reviewed answers created at or after ``since``."""
    lines: list[dict] = []
    with engine.connect() as conn:
        rows = conn.execute(sa.select(db.feedback).order_by(db.feedback.c.id)).mappings().all()
    for r in rows:
        if not _after(_as_datetime(r["created_at"]), since):
            continue
        up = r["rating"] > 0
        line: dict = {
            "id": f"fb-{'up' if up else 'down'}-{r['id']}",
            "question": mask_pii(r["question"]),
            "category": r["route"] or "feedback",
        }
        if up:
            try:
                sources = [s for s in json.loads(r["sources"] or "[]") if isinstance(s, str) and s]
            except ValueError:
                sources = []
            if sources:
                line["expected_sources"] = list(dict.fromkeys(sources))
            facts = figures(mask_pii(r["answer"]))
            if facts:
                line["expected_facts"] = facts
        lines.append(line)
    for t in counsellor_reviewed(engine):
        if not _after(t.created_at, since):
            continue
        line = {"id": f"ticket-{t.id}", "question": mask_pii(t.question), "category": t.category or "counsellor_reviewed"}
        facts = figures(mask_pii(t.reply))
        if facts:
            line["expected_facts"] = facts
        lines.append(line)
    return lines
