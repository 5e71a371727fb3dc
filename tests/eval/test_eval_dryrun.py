"""`zhitu eval` through the real assistant opens no tickets and stores no sessions."""

from __future__ import annotations

import sqlalchemy as sa

from core import db
from eval.dryrun import EvalTickets, for_evaluation


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_escalation_in_an_eval_opens_no_ticket(services):
    real = services.assistant
    view = for_evaluation(real)
    assert view is not real and isinstance(view.tickets, EvalTickets) and view.sessions is None
    assert real.tickets is services.tickets  # the live assistant is untouched

    reply = view.ask("公司拖欠我三个月工资了，老板不接电话，我该怎么办", history=[])
    assert reply.escalated is True
    assert reply.ticket_id == "EVAL-0001"
    assert "EVAL-0001" in reply.answer  # the acknowledgement is still the real text
    assert [w.reasons for w in view.tickets.would_open] == [reply.escalation_reasons]
    assert _count(services.engine, db.tickets) == 0
    assert _count(services.engine, db.chat_sessions) == 0
    assert _count(services.engine, db.audit_log) == 0

    live = real.ask("公司拖欠我三个月工资了，老板不接电话，我该怎么办")  # the same question in the chat does open one
    assert live.escalated and live.ticket_id and not live.ticket_id.startswith("EVAL")
    assert _count(services.engine, db.tickets) == 1


def test_fakes_pass_through(tiny_assistant):
    assert for_evaluation(tiny_assistant) is tiny_assistant
