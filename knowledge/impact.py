"""Which evaluation questions would be answered differently if a candidate version went live.

The relevant questions of the question set are those that expect the document as a source, plus those whose BM25
top 5 (live or candidate) includes one of its passages — a cheap stand-in for "retrieves it" that costs
milliseconds instead of a full answer per question. Each relevant question is answered twice, over the live
knowledge base and over a ``CandidateView``. Answers over the live knowledge base are cached per knowledge-base
generation, so previewing several uploads in a row asks the live side once.

The assistant is injected (``assistant_for(kb_like)``) by the composition root: this module knows only that it
has an ``ask(message, session_id=None, history=...)`` returning something with ``answer`` and ``sources``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from core.places import compact_text
from knowledge.candidate import CandidateView


@dataclass
class AnswerChange:
    id: str
    question: str
    old_answer: str
    new_answer: str
    old_sources: list[str] = field(default_factory=list)
    new_sources: list[str] = field(default_factory=list)
    expected_facts: list[str] = field(default_factory=list)
    facts_lost: list[str] = field(default_factory=list)  # expected facts in the old answer, missing from the new
    changed: bool = False

    def to_json(self) -> dict:
        return asdict(self)


NO_QUESTIONS = "no question sets registered: run `zhitu eval FILE` or `zhitu feedback export` to register the deployment's own questions"


@dataclass
class Impact:
    checked: int = 0
    seconds: float = 0.0
    answers: list[AnswerChange] = field(default_factory=list)
    note: str = ""  # why nothing was checked (no registered question set)

    @property
    def changed(self) -> list[AnswerChange]:
        return [a for a in self.answers if a.changed]

    def to_json(self) -> dict:
        return {"checked": self.checked, "seconds": round(self.seconds, 2), "answers": [a.to_json() for a in self.answers],
                "note": self.note}

    @classmethod
    def from_json(cls, data: dict | None) -> Impact | None:
        if not data:
            return None
        return cls(data.get("checked", 0), data.get("seconds", 0.0), [AnswerChange(**a) for a in data.get("answers", [])],
                   data.get("note", ""))


def _present(fact: str, answer: str) -> bool:
    """DESIGN.md's rule: NFKC, whitespace and commas removed."""
    return compact_text(fact, ",") in compact_text(answer, ",")


class QuestionImpact:
    """Old answer → new answer for the questions a document touches."""

    def __init__(self, questions: Callable[[], Sequence], assistant_for: Callable[[object], object], kb, bm25_k: int = 5):
        self._questions = questions
        self._assistant_for = assistant_for
        self._kb = kb
        self._bm25_k = bm25_k
        self._live_cache: dict[tuple[str, str], object] = {}
        self._lock = threading.Lock()

    def relevant(self, source: str, view: CandidateView) -> list:
        out = []
        for q in self._questions():
            if source in q.expected_sources or self._retrieves(q, source, self._kb.lexical, self._kb.live_id) \
                    or self._retrieves(q, source, view.lexical, view.live_id):
                out.append(q)
        return out

    def _retrieves(self, q, source: str, lexical, live) -> bool:
        text = " ".join([*(h["content"] for h in q.history_messages() if h["role"] == "user"), q.question])
        return any(cid.partition("::v")[0] == source for cid, _ in lexical.search(text, self._bm25_k, live))

    def _live_answer(self, assistant, q):
        self._kb.refresh()
        key = (self._kb.generation, q.id)
        with self._lock:
            if key not in self._live_cache:
                if len(self._live_cache) > 2000:
                    self._live_cache.clear()
                self._live_cache[key] = assistant.ask(q.question, session_id=None, history=q.history_messages())
            return self._live_cache[key]

    def run(self, view: CandidateView, progress: Callable[[int, int], None] | None = None) -> Impact:
        import time

        started = time.perf_counter()
        if not list(self._questions()):
            return Impact(note=NO_QUESTIONS)
        questions = self.relevant(view.doc.source, view)
        live, candidate = self._assistant_for(None), self._assistant_for(view)
        impact = Impact(checked=len(questions))
        for i, q in enumerate(questions):
            try:
                old = self._live_answer(live, q)
                new = candidate.ask(q.question, session_id=None, history=q.history_messages())
            except Exception as exc:  # noqa: BLE001 - one failing question must not hide the others from the admin
                impact.answers.append(AnswerChange(q.id, q.question, "", f"（无法评测：{type(exc).__name__}: {exc}）",
                                                   changed=True))
                continue
            facts = list(q.expected_facts)
            impact.answers.append(AnswerChange(
                id=q.id, question=q.question, old_answer=old.answer or "", new_answer=new.answer or "",
                old_sources=[s.source for s in old.sources], new_sources=[s.source for s in new.sources],
                expected_facts=facts,
                facts_lost=[f for f in facts if _present(f, old.answer or "") and not _present(f, new.answer or "")],
                changed=_normalise(old.answer) != _normalise(new.answer),
            ))
            if progress is not None:
                progress(i + 1, len(questions))
        impact.seconds = time.perf_counter() - started
        return impact


def _normalise(answer: str | None) -> str:
    return re.sub(r"\s+", "", answer or "")
