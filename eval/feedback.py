"""Turn real conversations into test cases: 👍/👎 feedback and counsellor-reviewed answers → question-set lines.

Every exported text goes through ``mask_pii``. The lines are a draft for an evaluator to review:

- 👍 (``fb-up-<id>``): the cited file names become ``expected_sources`` and the figures of the liked answer
  (a number with a unit, e.g. ``1000元``, ``3个月``; units in ``eval/data/fact_units.txt``) ``expected_facts``.
- 👎 (``fb-down-<id>``): the question only; what a right answer holds is for the evaluator to add.
- counsellor-reviewed (``reviewed-<id>``, the ``reviewed_answers`` table, unexpired only): the figures of the
  approved answer become ``expected_facts``.

The category is the route the assistant took (so routing accuracy is scored), or ``feedback`` /
``counsellor_reviewed`` when none was recorded.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from core import db
from core.masking import mask_pii

DATA = Path(__file__).resolve().parent / "data"


@cache
def _figure_pattern() -> re.Pattern:
    lines = (DATA / "fact_units.txt").read_text(encoding="utf-8").splitlines()
    units = sorted((u.strip() for u in lines if u.strip() and not u.startswith("#")), key=len, reverse=True)
    return re.compile(r"(?<![\d.*])\d+(?:[.,]\d+)*\s*(?:" + "|".join(re.escape(u) for u in units) + ")")


def figures(text: str) -> list[str]:
    """Figures with a unit in ``text``, in order, without duplicates: '补贴1,000 元，期限3个月' → ['1,000 元', '3个月']."""
    return list(dict.fromkeys(m.group(0) for m in _figure_pattern().finditer(text)))


def _as_datetime(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _after(when: datetime | None, since: datetime | None) -> bool:
    if since is None:
        return True
    if when is None:
        return False
    if (when.tzinfo is None) != (since.tzinfo is None):
        when, since = when.replace(tzinfo=None), since.replace(tzinfo=None)
    return when >= since


def export_feedback(engine: Engine, since: datetime | None = None, today: date | None = None) -> list[dict]:
    """Question-set lines (dicts) from feedback and unexpired reviewed answers created at or after ``since``."""
    lines: list[dict] = []
    with engine.connect() as conn:
        rows = conn.execute(sa.select(db.feedback).order_by(db.feedback.c.id)).mappings().all()
    for r in rows:
        if not _after(_as_datetime(r["created_at"]), since) or not r["question"].strip():
            continue
        up = r["rating"] > 0
        line: dict = {
            "id": f"fb-{'up' if up else 'down'}-{r['id']}",
            "question": mask_pii(r["question"]),
            "category": r["route"] or "feedback",
        }
        if up:
            try:
                cited = json.loads(r["sources"] or "[]")
                names = [c.get("source") if isinstance(c, dict) else c for c in cited]  # names or {"source": …}
                sources = [n for n in names if isinstance(n, str) and n]
            except (ValueError, TypeError, AttributeError):
                sources = []
            if sources:
                line["expected_sources"] = list(dict.fromkeys(sources))
            facts = figures(mask_pii(r["answer"]))
            if facts:
                line["expected_facts"] = facts
        lines.append(line)
    today = today or date.today()
    with engine.connect() as conn:
        reviewed = conn.execute(
            sa.select(db.reviewed_answers).where(db.reviewed_answers.c.expires_at >= today).order_by(db.reviewed_answers.c.id)
        ).mappings().all()
    for r in reviewed:
        if not _after(_as_datetime(r["created_at"]), since) or not r["question"].strip():
            continue
        line = {"id": f"reviewed-{r['id']}", "question": mask_pii(r["question"]), "category": "counsellor_reviewed"}
        facts = figures(mask_pii(r["answer"]))
        if facts:
            line["expected_facts"] = facts
        lines.append(line)
    return lines


def export_escalation_marks(engine: Engine, since: datetime | None = None) -> list[dict]:
    """Counsellors' escalation marks as labelled lines ``{"id","message","escalate","reasons"}`` (the shape of
    ``assistant/data/escalation/*.jsonl``), masked, oldest first; a later mark on the same message wins on retraining."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(db.escalation_marks).order_by(db.escalation_marks.c.id)).mappings().all()
    return [
        {"id": f"mark-{r['id']}", "message": mask_pii(r["message"]), "escalate": bool(r["should_escalate"]),
         "reasons": [r["reason"]] if r["should_escalate"] and r["reason"] else []}
        for r in rows
        if _after(_as_datetime(r["created_at"]), since)
    ]
