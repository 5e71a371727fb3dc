"""Typed records of a conversation turn."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Route = Literal["policy", "programme", "job", "interview", "smalltalk", "out_of_scope", "escalation"]
ROUTES: tuple[str, ...] = ("policy", "programme", "job", "interview", "smalltalk", "out_of_scope", "escalation")


@dataclass
class Source:
    """A cited passage. ``source`` is the document's file name; ``text`` is the quoted passage."""

    source: str
    title: str
    page: int
    section: str
    score: float
    text: str = ""
    doc_type: str = ""

    def to_json(self) -> dict:
        return {"source": self.source, "title": self.title, "page": self.page, "section": self.section, "score": round(self.score, 4)}


@dataclass
class Reply:
    """The outcome of one turn, as `zhitu ask --json` prints it (plus fields the pages and the eval use)."""

    answer: str
    sources: list[Source] = field(default_factory=list)
    escalated: bool = False
    ticket_id: str | None = None
    refused: bool = False
    route: Route = "out_of_scope"
    latency_ms: float = 0.0
    standalone_question: str = ""
    retrieved: list[Source] = field(default_factory=list)  # everything retrieved, ranked (eval: hit@k, MRR)
    fallback_reason: str | None = None  # LLM mode: why the extractive answer was used instead
    escalation_reasons: list[str] = field(default_factory=list)
    turn_id: int | None = None  # the stored turn (assistant/turns.py), so a 👍/👎 can name it

    def to_json(self) -> dict:
        return {
            "answer": self.answer,
            "sources": [s.to_json() for s in self.sources],
            "escalated": self.escalated,
            "ticket_id": self.ticket_id,
            "refused": self.refused,
            "route": self.route,
            "latency_ms": round(self.latency_ms, 1),
        }

    def as_dict(self) -> dict:
        return asdict(self)


class Replace(str):
    """A streamed event that replaces the text streamed so far (an LLM answer rejected for an unsupported number)."""


@dataclass
class Turn:
    """One message of a session history."""

    role: Literal["user", "assistant", "counsellor"]
    content: str
