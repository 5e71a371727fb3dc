"""Tickets: the hand-off from the bot to a human counsellor, as an auditable workflow.

Statuses: new → assigned → waiting_for_seeker → resolved / closed (see ``TRANSITIONS``); anything else raises
``InvalidTransition``. Every change writes an ``audit_log`` row in the same transaction. Staff only ever see
``TicketView`` records, whose text has ID-card and mobile numbers masked; the raw contact is available through
``reveal_contact``, which is itself audited. One open ticket per session is enforced by a unique column
(``open_key``), so concurrent escalations from several processes cannot duplicate a ticket.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

import prompts
from core.db import audit_log, escalation_marks, ticket_messages, tickets
from core.db import reviewed_answers as reviewed_table
from core.errors import InvalidTransition, NotFoundError, ZhituError
from core.masking import mask_pii
from core.settings import Settings

STATUSES = ("new", "assigned", "waiting_for_seeker", "resolved", "closed")
OPEN = frozenset({"new", "assigned", "waiting_for_seeker"})
HELD = frozenset({"assigned", "waiting_for_seeker"})  # a counsellor holds the conversation: the bot is silent
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"assigned", "closed"}),
    "assigned": frozenset({"assigned", "waiting_for_seeker", "resolved", "closed"}),
    "waiting_for_seeker": frozenset({"assigned", "resolved", "closed"}),
    "resolved": frozenset({"closed"}),
    "closed": frozenset(),
}
PRIORITIES = ("urgent", "high", "normal")
ID_PREFIX = "ZT-"
_WORD = re.compile(r"[0-9a-z\u4e00-\u9fff]")


def format_id(number: int) -> str:
    return f"{ID_PREFIX}{number:06d}"


def parse_id(ticket_id: str | int) -> int:
    text = str(ticket_id).strip().upper().removeprefix(ID_PREFIX)
    if not text.isdigit():
        raise NotFoundError(f"工单 {ticket_id} 不存在")
    return int(text)


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _mask_turns(turns: list[dict]) -> list[dict]:
    return [{**t, "content": mask_pii(str(t.get("content", "")))} for t in turns]


@dataclass
class TicketView:
    """A ticket as staff see it: every free text masked."""

    id: str
    number: int
    session_id: str
    status: str
    priority: str
    reasons: list[str]
    summary: str
    transcript: list[dict]
    cited: list[dict]
    contact: str | None
    assignee: str | None
    created_at: datetime
    updated_at: datetime
    messages: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "id": self.id, "session_id": self.session_id, "status": self.status, "priority": self.priority,
            "reasons": self.reasons, "summary": self.summary, "contact": self.contact, "assignee": self.assignee,
            "created_at": self.created_at.isoformat(), "updated_at": self.updated_at.isoformat(),
            "transcript": self.transcript, "cited": self.cited, "messages": self.messages,
        }


@dataclass
class AuditEntry:
    at: datetime
    actor: str
    action: str
    detail: dict


@dataclass
class ReviewedAnswer:
    """A counsellor-approved answer; retrieved and cited like a document until ``expires_at``."""

    id: int
    question: str
    answer: str
    source: str
    expires_at: date
    ticket_id: str | None
    created_by: str

    def as_source(self, score: float = 1.0):
        """Cited like a document: ``source`` names the reviewed answer, ``section`` the counsellor's stated source."""
        from assistant.records import Source

        return Source(source=f"reviewed:{self.id}", title=f"老师审核答案：{self.question}", page=1, section=self.source,
                      score=score, text=self.answer, doc_type="reviewed")


@dataclass
class ServiceHours:
    open: bool
    next_open: datetime
    message: str


class TicketService:
    """Create, route and answer tickets. ``clock`` returns the current UTC time (tests pass a fixed one)."""

    def __init__(self, engine: Engine, settings: Settings, clock=_now):
        self.engine = engine
        self.settings = settings
        self.clock = clock

    # --- the bot's side -------------------------------------------------------------------------------------

    def create(
        self,
        session_id: str,
        reasons: list[str],
        priority: str,
        summary: str,
        transcript: list[dict],
        cited: list[dict],
        contact: str | None = None,
        actor: str = "assistant",
    ) -> str:
        """Open a ticket for the session, or add to the one already open (no duplicates, even across processes)."""
        if priority not in PRIORITIES:
            raise ZhituError(f"unknown priority {priority!r}")
        for _attempt in range(5):
            now = self.clock()
            try:
                with self.engine.begin() as conn:
                    number = conn.execute(
                        tickets.insert().values(
                            session_id=session_id, open_key=session_id, status="new", priority=priority,
                            reasons=json.dumps(list(dict.fromkeys(reasons)), ensure_ascii=False), summary=summary,
                            transcript=json.dumps(transcript, ensure_ascii=False),
                            cited=json.dumps(cited, ensure_ascii=False), contact=contact,
                            created_at=now, updated_at=now,
                        )
                    ).inserted_primary_key[0]
                    self._audit(conn, actor, number, "created", {"priority": priority, "reasons": reasons, "summary": summary})
                    return format_id(number)
            except IntegrityError:
                pass  # an open ticket exists for this session: add to it
            with self.engine.begin() as conn:
                row = conn.execute(
                    sa.select(tickets).where(tickets.c.open_key == session_id).with_for_update()
                ).mappings().first()
                if row is None:
                    continue  # it was resolved in between: try to insert again
                merged = list(dict.fromkeys([*json.loads(row["reasons"]), *reasons]))
                old_transcript = json.loads(row["transcript"])
                new_priority = min(row["priority"], priority, key=PRIORITIES.index)
                values = {
                    "reasons": json.dumps(merged, ensure_ascii=False),
                    "priority": new_priority,
                    "transcript": json.dumps(transcript if len(transcript) >= len(old_transcript) else old_transcript, ensure_ascii=False),
                    "cited": json.dumps(_merge_cited(json.loads(row["cited"]), cited), ensure_ascii=False),
                    "updated_at": now,
                }
                if contact:
                    values["contact"] = contact
                done = conn.execute(
                    tickets.update().where(tickets.c.id == row["id"], tickets.c.open_key == session_id).values(**values)
                ).rowcount
                if not done:
                    continue  # resolved in between (reads here take no lock on SQLite): start over
                self._audit(conn, actor, row["id"], "escalated_again", {"reasons": reasons, "priority": new_priority, "summary": summary})
                return format_id(row["id"])
        raise ZhituError(f"could not open a ticket for session {session_id}")  # pragma: no cover

    def open_for_session(self, session_id: str) -> TicketView | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(tickets).where(tickets.c.open_key == session_id)).mappings().first()
        return self._view(row) if row else None

    def is_held(self, session_id: str) -> bool:
        """True while a counsellor holds the session's open ticket: the bot stays silent."""
        ticket = self.open_for_session(session_id)
        return ticket is not None and ticket.status in HELD

    def seeker_message(self, session_id: str, body: str) -> str | None:
        """Add the seeker's message to their open ticket (and hand the turn back to the counsellor)."""
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(tickets).where(tickets.c.open_key == session_id)).mappings().first()
            if row is None:
                return None
            now = self.clock()
            conn.execute(ticket_messages.insert().values(ticket_id=row["id"], author="seeker", role="seeker", body=body, created_at=now))
            transcript = [*json.loads(row["transcript"]), {"role": "user", "content": body}]
            values = {"transcript": json.dumps(transcript, ensure_ascii=False), "updated_at": now}
            if row["status"] == "waiting_for_seeker":
                values["status"] = "assigned"
            conn.execute(tickets.update().where(tickets.c.id == row["id"], tickets.c.status == row["status"]).values(**values))
            self._audit(conn, "seeker", row["id"], "seeker_message", {"body": body[:200], "status": values.get("status", row["status"])})
            return format_id(row["id"])

    def pending_replies(self, session_id: str) -> list[str]:
        """Counsellor replies the seeker has not seen yet, oldest first; each is marked delivered exactly once."""
        delivered: list[str] = []
        with self.engine.begin() as conn:
            rows = conn.execute(
                sa.select(ticket_messages.c.id, ticket_messages.c.body, ticket_messages.c.ticket_id)
                .join(tickets, tickets.c.id == ticket_messages.c.ticket_id)
                .where(tickets.c.session_id == session_id, ticket_messages.c.role == "counsellor", ticket_messages.c.delivered_at.is_(None))
                .order_by(ticket_messages.c.id)
            ).all()
            now = self.clock()
            for msg_id, body, ticket_number in rows:
                done = conn.execute(
                    ticket_messages.update()
                    .where(ticket_messages.c.id == msg_id, ticket_messages.c.delivered_at.is_(None))
                    .values(delivered_at=now)
                ).rowcount
                if done:
                    self._audit(conn, "seeker", ticket_number, "reply_delivered", {"message_id": msg_id})
                    delivered.append(prompts.render("counsellor_reply", ticket_id=format_id(ticket_number), body=body.strip()).strip())
        return delivered

    # --- the counsellor's side ------------------------------------------------------------------------------

    def list(self, status: str | None = None, priority: str | None = None, assignee: str | None = None, limit: int = 500) -> list[TicketView]:
        """The queue: most urgent first, then oldest first."""
        rank = sa.case({p: i for i, p in enumerate(PRIORITIES)}, value=tickets.c.priority, else_=len(PRIORITIES))
        query = sa.select(tickets).order_by(rank, tickets.c.created_at, tickets.c.id).limit(limit)
        if status == "open":
            query = query.where(tickets.c.status.in_(OPEN))
        elif status:
            if status not in STATUSES:
                raise ZhituError(f"unknown status {status!r}; one of {', '.join(STATUSES)}, open")
            query = query.where(tickets.c.status == status)
        if priority:
            query = query.where(tickets.c.priority == priority)
        if assignee:
            query = query.where(tickets.c.assignee == assignee)
        with self.engine.connect() as conn:
            return [self._view(r) for r in conn.execute(query).mappings()]

    def get(self, ticket_id: str | int) -> TicketView:
        number = parse_id(ticket_id)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(tickets).where(tickets.c.id == number)).mappings().first()
            if row is None:
                raise NotFoundError(f"工单 {ticket_id} 不存在")
            msgs = conn.execute(
                sa.select(ticket_messages).where(ticket_messages.c.ticket_id == number).order_by(ticket_messages.c.id)
            ).mappings().all()
        view = self._view(row)
        view.messages = [
            {"id": m["id"], "author": m["author"], "role": m["role"], "body": mask_pii(m["body"]),
             "created_at": _utc(m["created_at"]).isoformat(), "delivered": m["delivered_at"] is not None}
            for m in msgs
        ]
        return view

    def assign(self, ticket_id: str | int, assignee: str, actor: str | None = None) -> TicketView:
        return self._transition(ticket_id, "assigned", actor or assignee, assignee=assignee)

    def set_status(self, ticket_id: str | int, status: str, actor: str, note: str = "") -> TicketView:
        if status not in STATUSES:
            raise InvalidTransition(f"unknown status {status!r}")
        return self._transition(ticket_id, status, actor, note=note)

    def reply(self, ticket_id: str | int, author: str, body: str) -> TicketView:
        """A counsellor's reply: taken over if still new, delivered to the seeker on their next visit."""
        body = body.strip()
        if not body:
            raise ZhituError("回复内容不能为空")
        view = self.get(ticket_id)
        if view.status not in OPEN:
            raise InvalidTransition(f"工单 {view.id} 已{view.status}，不能再回复")
        if view.status == "new" or view.assignee != author:
            self._transition(ticket_id, "assigned", author, assignee=author)
        with self.engine.begin() as conn:
            msg_id = conn.execute(
                ticket_messages.insert().values(ticket_id=view.number, author=author, role="counsellor", body=body, created_at=self.clock())
            ).inserted_primary_key[0]
            self._audit(conn, author, view.number, "replied", {"message_id": msg_id, "body": body[:200]})
        return self._transition(ticket_id, "waiting_for_seeker", author)

    def reveal_contact(self, ticket_id: str | int, actor: str) -> str | None:
        """The unmasked contact the seeker left, for the counsellor who calls back. Audited."""
        number = parse_id(ticket_id)
        with self.engine.begin() as conn:
            contact = conn.execute(sa.select(tickets.c.contact).where(tickets.c.id == number)).scalar_one_or_none()
            self._audit(conn, actor, number, "contact_revealed", {})
        return contact

    def audit(self, ticket_id: str | int) -> list[AuditEntry]:
        number = parse_id(ticket_id)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(audit_log).where(audit_log.c.entity == "ticket", audit_log.c.entity_id == str(number)).order_by(audit_log.c.id)
            ).mappings()
            return [AuditEntry(at=_utc(r["at"]), actor=r["actor"], action=r["action"], detail=json.loads(r["detail"])) for r in rows]

    # --- knowledge loop -------------------------------------------------------------------------------------

    def mark_reviewed(self, ticket_id: str | int | None, question: str, answer: str, source: str, expires_at: date, actor: str) -> int:
        """Store a counsellor's reply as a reviewed answer (question, answer, source, expiry)."""
        if not question.strip() or not answer.strip() or not source.strip():
            raise ZhituError("审核答案需要问题、答案和出处")
        today = self.clock().date()
        if expires_at <= today:
            raise ZhituError("有效期必须晚于今天")
        number = parse_id(ticket_id) if ticket_id else None
        with self.engine.begin() as conn:
            answer_id = conn.execute(
                reviewed_table.insert().values(
                    question=question.strip(), answer=answer.strip(), source=source.strip(), expires_at=expires_at,
                    ticket_id=number, created_by=actor, created_at=self.clock(),
                )
            ).inserted_primary_key[0]
            detail = {"reviewed_answer_id": answer_id, "expires_at": expires_at.isoformat(), "question": question[:200]}
            if number:
                self._audit(conn, actor, number, "marked_reviewed", detail)
            self._audit(conn, actor, answer_id, "created", detail, entity="reviewed_answer")
        return answer_id

    def reviewed_answers(self, now: datetime | date | None = None) -> list[ReviewedAnswer]:
        """Reviewed answers that have not expired (an answer is valid through its expiry date)."""
        today = now.date() if isinstance(now, datetime) else (now or self.clock().date())
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(reviewed_table).where(reviewed_table.c.expires_at >= today).order_by(reviewed_table.c.id)
            ).mappings()
            return [
                ReviewedAnswer(id=r["id"], question=r["question"], answer=r["answer"], source=r["source"], expires_at=r["expires_at"],
                               ticket_id=format_id(r["ticket_id"]) if r["ticket_id"] else None, created_by=r["created_by"])
                for r in rows
            ]

    def best_reviewed(self, question: str, now: datetime | date | None = None, threshold: float = 0.6) -> tuple[ReviewedAnswer, float] | None:
        """The unexpired reviewed answer whose question matches ``question`` best (term overlap), if close enough."""
        from knowledge.lexical import terms

        def words(text: str) -> set[str]:
            return {t for t in terms(text) if _WORD.search(t)}

        asked = words(question)
        best: tuple[ReviewedAnswer, float] | None = None
        for candidate in self.reviewed_answers(now):
            known = words(candidate.question)
            if not asked or not known:
                continue
            score = len(asked & known) / max(len(asked), len(known))
            if score >= threshold and (best is None or score > best[1]):
                best = (candidate, score)
        return best

    # --- learning from counsellors: escalation marks ------------------------------------------------------------

    def mark_escalation(self, ticket_id: str | int | None, message: str, should_escalate: bool, reason: str | None,
                        actor: str, session_id: str = "") -> int:
        """A counsellor's verdict on one message: it should have been escalated (with the reason) or needn't have been.
        Stored as said (masked only on export and display); ``zhitu feedback export --escalation`` turns the marks
        into labelled lines for ``zhitu escalation retrain``."""
        from assistant.escalation import REASONS

        message = message.strip()
        if not message:
            raise ZhituError("请填写要标注的那条消息")
        if should_escalate and reason not in REASONS:
            raise ZhituError(f"请选择原因：{', '.join(REASONS)}")
        number = parse_id(ticket_id) if ticket_id else None
        if number is not None:
            session_id = self.get(number).session_id
        with self.engine.begin() as conn:
            mark_id = conn.execute(
                escalation_marks.insert().values(
                    ticket_id=number, session_id=session_id, message=message, should_escalate=should_escalate,
                    reason=reason if should_escalate else None, created_by=actor, created_at=self.clock(),
                )
            ).inserted_primary_key[0]
            detail = {"mark_id": mark_id, "should_escalate": should_escalate, "reason": reason if should_escalate else None,
                      "message": message[:200]}
            if number is not None:
                self._audit(conn, actor, number, "escalation_marked", detail)
            self._audit(conn, actor, mark_id, "created", detail, entity="escalation_mark")
        return mark_id

    # --- service hours and the seeker-facing acknowledgement -----------------------------------------------

    def service_hours(self, now: datetime | None = None) -> ServiceHours:
        """Whether counsellors are on duty now (Mon–Fri, ``settings.service.hours`` local time) and when they next are."""
        tz = ZoneInfo(self.settings.service.timezone)
        local = (now or self.clock()).astimezone(tz)
        start, end = self.settings.service.window  # validated when the settings were loaded
        if local.weekday() < 5 and start <= local.time() < end:
            return ServiceHours(True, local, prompts.load("escalation_in_hours").strip())
        day = local.date() if local.time() < start else local.date() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        next_open = datetime.combine(day, start, tzinfo=tz)
        weekday = "一二三四五六日"[next_open.weekday()]
        text = prompts.render(
            "escalation_off_hours", hours=self.settings.service.hours,
            next_open=f"{next_open.month}月{next_open.day}日（周{weekday}）{start.strftime('%H:%M')}",
        ).strip()
        return ServiceHours(False, next_open, text)

    def acknowledgement(self, ticket_id: str, now: datetime | None = None) -> str:
        """What the seeker is told after escalation: the ticket number and when a person will answer."""
        return prompts.render("escalation_ack", ticket_id=ticket_id, hours_note=self.service_hours(now).message).strip()

    def held_notice(self, ticket_id: str) -> str:
        return prompts.render("escalation_held", ticket_id=ticket_id).strip()

    # --- internals ------------------------------------------------------------------------------------------

    def _transition(self, ticket_id: str | int, status: str, actor: str, assignee: str | None = None, note: str = "") -> TicketView:
        number = parse_id(ticket_id)
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(tickets).where(tickets.c.id == number).with_for_update()).mappings().first()
            if row is None:
                raise NotFoundError(f"工单 {ticket_id} 不存在")
            current = row["status"]
            if status not in TRANSITIONS[current]:
                raise InvalidTransition(f"工单 {format_id(number)}：不能从 {current} 改为 {status}")
            if status == "assigned" and current == "assigned" and (assignee is None or assignee == row["assignee"]):
                return self._view(row)  # already held by this counsellor: nothing changes
            values: dict = {"status": status, "updated_at": self.clock()}
            if assignee is not None:
                values["assignee"] = assignee
            if status not in OPEN:
                values["open_key"] = None
            done = conn.execute(
                tickets.update().where(tickets.c.id == number, tickets.c.status == current).values(**values)
            ).rowcount
            if not done:  # pragma: no cover - a concurrent change won; the caller retries with fresh state
                raise InvalidTransition(f"工单 {format_id(number)} 刚被其他人修改，请刷新")
            detail = {"from": current, "to": status}
            if assignee is not None and assignee != row["assignee"]:
                detail["assignee"] = assignee
            if note:
                detail["note"] = note
            self._audit(conn, actor, number, "status", detail)
            row = conn.execute(sa.select(tickets).where(tickets.c.id == number)).mappings().first()
        return self._view(row)

    def _audit(self, conn: Connection, actor: str, entity_id: int, action: str, detail: dict, entity: str = "ticket") -> None:
        conn.execute(
            audit_log.insert().values(
                at=self.clock(), actor=actor, entity=entity, entity_id=str(entity_id), action=action,
                detail=mask_pii(json.dumps(detail, ensure_ascii=False, default=str)),
            )
        )

    @staticmethod
    def _view(row) -> TicketView:
        return TicketView(
            id=format_id(row["id"]), number=row["id"], session_id=row["session_id"], status=row["status"], priority=row["priority"],
            reasons=json.loads(row["reasons"]), summary=mask_pii(row["summary"]),
            transcript=_mask_turns(json.loads(row["transcript"])), cited=json.loads(row["cited"]),
            contact=mask_pii(row["contact"]) if row["contact"] else None, assignee=row["assignee"],
            created_at=_utc(row["created_at"]), updated_at=_utc(row["updated_at"]),
        )


def _merge_cited(old: list[dict], new: list[dict]) -> list[dict]:
    seen = {(c.get("source"), c.get("page"), c.get("section")) for c in old}
    return [*old, *(c for c in new if (c.get("source"), c.get("page"), c.get("section")) not in seen)]
