"""Evaluation without side effects: the same assistant pipeline, but no ticket reaches the counsellors' queue.

Admins run `zhitu eval` against the live ZHITU_HOME after a policy update. The question sets contain crisis and
labour-dispute questions on purpose; run through the real ``TicketService`` they would open real tickets (some
"urgent") for counsellors to chase, and every question would leave a chat session behind. ``for_evaluation``
gives the runner a copy of the assistant whose tickets are ``EvalTickets`` (reviewed answers are still read,
escalations are only recorded) and which keeps no sessions (each question brings its own ``history``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field


@dataclass
class WouldOpen:
    """A ticket the assistant would have opened."""

    ticket_id: str
    session_id: str
    reasons: list[str]
    priority: str
    summary: str = ""


@dataclass
class EvalTickets:
    """Read-through tickets: reviewed answers and the acknowledgement text come from the real service; nothing is
    written. Only the methods the assistant uses in a single fresh-session turn are offered, so a new write path in
    the assistant fails loudly in the eval (an ``AttributeError`` reported per question) instead of writing."""

    real: object
    would_open: list[WouldOpen] = field(default_factory=list)

    def create(self, session_id: str, reasons: list[str], priority: str, summary: str = "", **_details) -> str:
        ticket_id = f"EVAL-{len(self.would_open) + 1:04d}"
        self.would_open.append(WouldOpen(ticket_id, session_id, list(reasons), priority, summary))
        return ticket_id

    def is_held(self, session_id: str) -> bool:
        return False  # every eval question is a fresh session: no counsellor holds it

    def pending_replies(self, session_id: str) -> list[str]:
        return []  # the real method marks replies delivered: never call it from an eval

    def acknowledgement(self, ticket_id: str, *args, **kwargs) -> str:
        return self.real.acknowledgement(ticket_id, *args, **kwargs)

    def held_notice(self, ticket_id: str) -> str:
        return self.real.held_notice(ticket_id)

    def best_reviewed(self, *args, **kwargs):
        return self.real.best_reviewed(*args, **kwargs)

    def reviewed_answers(self, *args, **kwargs):
        return self.real.reviewed_answers(*args, **kwargs)


def for_evaluation(assistant):
    """A shallow copy of ``assistant`` that writes no tickets and no sessions; anything else is shared."""
    if not hasattr(assistant, "tickets") and not hasattr(assistant, "sessions"):
        return assistant  # a test fake or another assistant without side effects
    view = copy.copy(assistant)
    if getattr(assistant, "tickets", None) is not None:
        view.tickets = EvalTickets(assistant.tickets)
    if hasattr(assistant, "sessions"):
        view.sessions = None
    return view
