"""What people ask and what Zhitu could not answer, over a period: the figures of the /insight page and `zhitu insight`.

Figures come from the counters kept with every turn (``turn_stats``, ``turn_latency_stats``; see assistant/turns.py),
``feedback`` and the ticket tables, so a million stored turns cost what a few thousand counter rows cost:

- per day (the service's local calendar day): conversations begun (a session's first turn), questions (turns), refused,
  escalated, auto-resolved; **auto-resolved** = answered without a person: not refused, not escalated, no 👎;
- 👎 by reason; escalations (tickets opened in the period) by reason and priority, time to the first counsellor
  reply, open tickets (now) by age; answer latency p50/p95 (nearest rank over whole milliseconds: exact, from a
  histogram) and, when turns ran with an LLM, how often its answer was replaced by the extractive one.

The unanswered questions (refused or 👎) are grouped with the embedding model: average-linkage agglomerative
clustering on cosine distance (``settings.insight.cluster_distance``). Each group shows its size, three masked
examples and the nearest documents, and can be exported as a question set for `zhitu eval`. Every question text
that leaves this module is masked (core.masking); no contact field is ever read.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from core.db import STAT_FLAGS, chat_turns, feedback, ticket_messages, tickets, turn_latency_stats, turn_stats
from core.errors import ZhituError
from core.masking import mask_pii
from core.settings import Settings

OPEN_STATUSES = ("new", "assigned", "waiting_for_seeker")
_MASKED = re.compile(r"[0-9Xx]*\*{4,}[0-9Xx]*")  # what mask_pii leaves of a number: no topic in it
AGE_BUCKETS = (("lt_1h", 1), ("1h_1d", 24), ("1d_3d", 72), ("gt_3d", None))  # upper bound in hours


def nearest_rank(histogram: dict[int, int] | Counter, pct: float) -> int | None:
    """The nearest-rank percentile of the values counted in ``histogram`` (value → count), or None when empty."""
    n = sum(histogram.values())
    if not n:
        return None
    rank = max(1, math.ceil(pct / 100 * n))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None  # pragma: no cover


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass
class Period:
    """Calendar days ``since`` … ``until`` (inclusive) in the service's time zone."""

    since: date
    until: date
    tz: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time(0), self.tz).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.until + timedelta(days=1), time(0), self.tz).astimezone(UTC)

    def days(self) -> list[date]:
        return [self.since + timedelta(days=i) for i in range((self.until - self.since).days + 1)]


@dataclass
class Group:
    """Unanswered questions on one topic."""

    id: int
    size: int
    label: str  # the question nearest the group's centre, masked
    examples: list[str]  # up to three distinct questions, masked
    refused: int
    thumbs_down: int
    reasons: dict[str, int]
    routes: dict[str, int]
    documents: list[dict] = field(default_factory=list)  # nearest documents: {"source","title","score"}
    questions: list[str] = field(default_factory=list)  # every question of the group, masked (for the export)

    def to_json(self, with_questions: bool = False) -> dict:
        data = asdict(self)
        if not with_questions:
            data.pop("questions")
        return data


class InsightService:
    """Figures and groups for a period. ``embeddings`` and ``nearest`` are callables so nothing heavy loads until
    groups are asked for; ``nearest(question, k)`` returns the documents a search finds ({"source","title","score"})."""

    def __init__(self, engine: Engine, settings: Settings, embeddings: Callable | None = None,
                 nearest: Callable[[str, int], list[dict]] | None = None, label: Callable[[str], str] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.engine = engine
        self.settings = settings
        self.embeddings = embeddings
        self.nearest = nearest
        self.label = label or (lambda reason: reason)
        self.clock = clock
        self.tz = ZoneInfo(settings.service.timezone)

    def period(self, since: date | None = None, until: date | None = None) -> Period:
        today = self.clock().astimezone(self.tz).date()
        until = until or today
        since = since or until - timedelta(days=self.settings.insight.days - 1)
        if since > until:
            raise ZhituError(f"--since {since.isoformat()} is after {until.isoformat()}")
        return Period(since, until, self.tz)

    # --- the figures -----------------------------------------------------------------------------------------

    def figures(self, period: Period) -> dict:
        """Every figure of the page except the groups (see ``report``)."""
        st, lt = turn_stats.c, turn_latency_stats.c
        with self.engine.connect() as conn:
            counters = conn.execute(sa.select(st.day, *(st[f] for f in STAT_FLAGS), st.turns)
                                    .where(st.day >= period.since, st.day <= period.until, st.turns != 0)).mappings().all()
            latency = Counter({int(v): int(n) for v, n in conn.execute(
                sa.select(lt.latency_ms, sa.func.sum(lt.turns)).where(lt.day >= period.since, lt.day <= period.until)
                .group_by(lt.latency_ms).having(sa.func.sum(lt.turns) > 0))})
            reasons = conn.execute(
                sa.select(feedback.c.reason, sa.func.count()).where(
                    feedback.c.rating < 0, feedback.c.created_at >= period.start, feedback.c.created_at < period.end)
                .group_by(feedback.c.reason)).all()
        keys = ("conversations", "questions", "answered", "auto_resolved", "refused", "escalated", "thumbs_down")
        by_day: dict[date, Counter] = {}
        llm_turns = fallbacks = 0
        for c in counters:
            n = int(c["turns"])
            day = by_day.setdefault(_as_date(c["day"]), Counter())
            answered = not c["refused"] and not c["escalated"]
            day.update({"questions": n, "conversations": n * bool(c["new_session"]), "answered": n * answered,
                        "auto_resolved": n * (answered and not c["thumbs_down"]), "refused": n * bool(c["refused"]),
                        "escalated": n * bool(c["escalated"]), "thumbs_down": n * bool(c["thumbs_down"])})
            llm_turns += n * bool(c["llm"])
            fallbacks += n * bool(c["llm"] and c["fallback"])
        rows = list(by_day.values())
        per_day = [{"day": d.isoformat(), **{k: int(by_day.get(d, Counter())[k]) for k in keys}} for d in period.days()]
        totals = {k: sum(int(r[k]) for r in rows) for k in keys}
        configured = self.settings.llm_enabled
        return {
            "period": {"since": period.since.isoformat(), "until": period.until.isoformat(), "timezone": str(self.tz)},
            "totals": totals,
            "shares": {k: _share(totals[k], totals["questions"]) for k in ("auto_resolved", "answered", "refused", "escalated", "thumbs_down")},
            "per_day": per_day,
            "feedback_reasons": {(reason or "none"): int(n) for reason, n in sorted(reasons, key=lambda r: (-r[1], r[0] or ""))},
            "latency_ms": {"turns": sum(latency.values()), "p50": nearest_rank(latency, 50), "p95": nearest_rank(latency, 95)},
            "llm": {"configured": configured, "turns": llm_turns, "fallbacks": fallbacks, "fallback_share": _share(fallbacks, llm_turns)}
            if configured or llm_turns else None,
            "escalations": self._escalations(period),
        }

    def _escalations(self, period: Period) -> dict:
        """Tickets opened in the period by reason and priority, minutes to the first counsellor reply (a histogram
        computed in SQL), and the tickets open now by age."""
        first_reply = (
            sa.select(ticket_messages.c.ticket_id, sa.func.min(ticket_messages.c.created_at).label("first"))
            .where(ticket_messages.c.role == "counsellor").group_by(ticket_messages.c.ticket_id).subquery()
        )
        in_period = sa.and_(tickets.c.created_at >= period.start, tickets.c.created_at < period.end)
        minutes = _whole_minutes(self.engine.dialect.name, tickets.c.created_at, first_reply.c.first).label("m")
        now = self.clock()
        bounds = [(name, None if hours is None else now - timedelta(hours=hours)) for name, hours in AGE_BUCKETS]
        age_columns = []
        newer = None
        for name, oldest in bounds:  # buckets from the youngest: created after ``oldest`` and not in a younger bucket
            cond = sa.true() if oldest is None else tickets.c.created_at > oldest
            if newer is not None:
                cond = sa.and_(cond, tickets.c.created_at <= newer)
            age_columns.append(sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0).label(name))
            newer = oldest
        with self.engine.connect() as conn:
            kinds = conn.execute(sa.select(tickets.c.reasons, tickets.c.priority, sa.func.count())
                                 .where(in_period).group_by(tickets.c.reasons, tickets.c.priority)).all()
            waits = Counter({int(m): int(n) for m, n in conn.execute(
                sa.select(minutes, sa.func.count()).select_from(tickets.join(first_reply, first_reply.c.ticket_id == tickets.c.id))
                .where(in_period).group_by(minutes))})
            ages = conn.execute(sa.select(*age_columns).where(tickets.c.status.in_(OPEN_STATUSES))).mappings().one()
        by_reason: Counter = Counter()
        by_priority: Counter = Counter()
        for reasons, priority, n in kinds:
            for reason in dict.fromkeys(json.loads(reasons or "[]")):
                by_reason[reason] += n
            by_priority[priority] += n
        opened = sum(by_priority.values())
        waits = Counter({max(0, m): n for m, n in waits.items()})
        return {
            "tickets": opened,
            "by_reason": [{"reason": r, "label": self.label(r), "tickets": n} for r, n in sorted(by_reason.items(), key=lambda x: (-x[1], x[0]))],
            "by_priority": {p: by_priority.get(p, 0) for p in ("urgent", "high", "normal")},
            "first_reply_minutes": {"replied": sum(waits.values()), "waiting": opened - sum(waits.values()),
                                    "p50": nearest_rank(waits, 50), "p95": nearest_rank(waits, 95)},
            "open_by_age": {name: int(ages[name]) for name, _ in AGE_BUCKETS},
        }

    # --- the unanswered questions, grouped -------------------------------------------------------------------

    def groups(self, period: Period, with_documents: int = 20) -> list[Group]:
        """Refused and 👎 questions of the period (the latest ``max_questions``), grouped by meaning, biggest first.
        The nearest documents are looked up for the ``with_documents`` biggest groups (one search each)."""
        t = chat_turns.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.id, t.question, t.route, t.refused, t.thumbs_down)
                .where(t.day >= period.since, t.day <= period.until, sa.or_(t.refused, t.thumbs_down))
                .order_by(t.id.desc()).limit(self.settings.insight.max_questions)
            ).mappings().all()
            ids = [r["id"] for r in rows]
            why: dict[int, list[str]] = {}
            for i in range(0, len(ids), 500):
                for turn_id, reason in conn.execute(sa.select(feedback.c.turn_id, feedback.c.reason).where(
                        feedback.c.turn_id.in_(ids[i:i + 500]), feedback.c.rating < 0, feedback.c.reason.is_not(None))):
                    why.setdefault(turn_id, []).append(reason)
        rows = [r for r in reversed(rows) if r["question"].strip()]  # oldest first: stable group ids
        if not rows:
            return []
        texts = [mask_pii(r["question"]).strip() for r in rows]
        labels, vectors = self._cluster(texts)
        groups: list[Group] = []
        for cluster in sorted(set(labels), key=lambda c: (-int(np.sum(labels == c)), int(np.argmax(labels == c)))):
            members = [i for i in range(len(rows)) if labels[i] == cluster]
            centre = vectors[members].mean(axis=0)
            order = sorted(members, key=lambda i: -float(vectors[i] @ centre))
            distinct = list(dict.fromkeys(texts[i] for i in order))
            groups.append(Group(
                id=len(groups) + 1, size=len(members), label=distinct[0], examples=distinct[:3],
                refused=sum(1 for i in members if rows[i]["refused"]), thumbs_down=sum(1 for i in members if rows[i]["thumbs_down"]),
                reasons=dict(Counter(r for i in members for r in why.get(rows[i]["id"], [])).most_common()),
                routes=dict(Counter(rows[i]["route"] or "—" for i in members).most_common()),
                documents=self._documents(distinct[0]) if len(groups) < with_documents else [],
                questions=[texts[i] for i in members],
            ))
        return groups

    def _cluster(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        if self.embeddings is None:
            raise ZhituError("grouping unanswered questions needs the embedding model")
        unique = list(dict.fromkeys(texts))
        vectors = np.asarray(self.embeddings().embed_documents([_MASKED.sub("", u) or u for u in unique]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        if len(unique) == 1:
            unique_labels = np.zeros(1, dtype=int)
        else:
            from sklearn.cluster import AgglomerativeClustering

            unique_labels = AgglomerativeClustering(n_clusters=None, distance_threshold=self.settings.insight.cluster_distance,
                                                    metric="cosine", linkage="average").fit_predict(vectors)
        index = {text: i for i, text in enumerate(unique)}
        rows = [index[text] for text in texts]
        return np.asarray(unique_labels)[rows], vectors[rows]

    def _documents(self, question: str, k: int = 3) -> list[dict]:
        if self.nearest is None:
            return []
        return self.nearest(question, k)

    # --- the whole report and the export ---------------------------------------------------------------------

    def report(self, since: date | None = None, until: date | None = None, with_groups: bool = True,
               with_questions: bool = False) -> dict:
        """The page's figures for the period, plus the unanswered groups (``"unanswered"``; every question of a
        group too with ``with_questions``, for an export)."""
        period = self.period(since, until)
        data = self.figures(period)
        if with_groups:
            data["unanswered"] = [g.to_json(with_questions) for g in self.groups(period)]
        return data

    def export_group(self, group: Group | dict, period_since: str = "") -> list[dict]:
        """The group's questions as question-set lines for `zhitu eval` (masked; what a right answer holds is for the
        evaluator to add once a document covers it)."""
        data = group.to_json(with_questions=True) if isinstance(group, Group) else group
        prefix = f"insight-{period_since}-g{data['id']}" if period_since else f"insight-g{data['id']}"
        return [{"id": f"{prefix}-{i}", "question": mask_pii(q), "category": "unanswered"}
                for i, q in enumerate(dict.fromkeys(data["questions"]), 1)]


def _whole_minutes(dialect: str, start, end):
    """Whole minutes from ``start`` to ``end``, as SQL (SQLite keeps datetimes as text, PostgreSQL as timestamps).
    SQLite's day fractions are rounded to the second first, so 30 minutes is 30, not 29.999…"""
    if dialect == "sqlite":
        seconds = sa.func.round((sa.func.julianday(end) - sa.func.julianday(start)) * 86400.0)
        return sa.cast(seconds / 60.0, sa.Integer)
    return sa.cast(sa.func.floor(sa.extract("epoch", end - start) / 60.0), sa.Integer)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
