"""Mock interviews for any job title: a role profile built from the deployment's postings (seed banks for the
families), a rubric that reads what the answer says (embeddings + rules as guards), sessions and reports.

``Interviewer`` is the one object the CLI and the web tab use; build it with ``make_interviewer``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.interview.bank import Question, QuestionBank, Role, load_bank
from assistant.interview.grader import DIMENSIONS, Grade, Grader
from assistant.interview.profile import EvidenceLookup, RoleEvidence, RoleProfiler
from assistant.interview.report import SessionReport, build_report
from assistant.interview.session import InterviewSession

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel

__all__ = ["DIMENSIONS", "Grade", "Grader", "InterviewSession", "Interviewer", "Question", "QuestionBank", "Role",
           "RoleEvidence", "RoleProfiler", "SessionReport", "make_interviewer"]


@dataclass
class Interviewer:
    """The bank, the rubric and (optionally) a chat model that rewrites feedback wording."""

    bank: QuestionBank
    grader: Grader
    chat_model: BaseChatModel | None = None
    profiler: RoleProfiler | None = None

    def __post_init__(self) -> None:
        if self.profiler is None:
            self.profiler = RoleProfiler(self.bank)

    def role(self, title: str) -> Role:
        """The profile of any job title (a seed role's id also works)."""
        seed = self.bank.exact(title)
        return self.profiler.profile(seed.name if seed is not None else title)

    def grade(self, role: Role, question: Question, answer: str, extra_terms: tuple[str, ...] = ()) -> Grade:
        grade = self.grader.grade(role, question, answer, extra_terms)
        return self._rewrite(grade, role, question, answer)

    def grade_text(self, role_key: str, question_text: str, answer: str) -> Grade:
        """Grade by role name/id and question text (a bank question, or a free one whose type is inferred)."""
        role = self.role(role_key)
        return self.grade(role, self.bank.question(role, question_text), answer)

    def start(self, role_key: str, count: int = 5) -> InterviewSession:
        return self._prepared(InterviewSession.from_role(self.role(role_key), count))

    def start_from_posting(self, posting: dict, count: int = 5) -> InterviewSession:
        return self._prepared(InterviewSession.from_posting(posting, self.bank, count))

    def _prepared(self, session: InterviewSession) -> InterviewSession:
        """The session's questions and role embedded now, while the first question is read, not inside a grade."""
        self.grader.prepare(session.role, session.questions)
        return session

    def submit(self, session: InterviewSession, answer: str) -> Grade:
        """Grade the session's current question; in LLM mode the stored grade carries the rewritten suggestions."""
        question = session.current
        grade = session.submit(answer, self.grader)
        if self.chat_model is not None and question is not None:
            grade = self._rewrite(grade, session.role, question, answer)
            session.exchanges[-1].grade = grade
        return grade

    def report(self, session: InterviewSession) -> SessionReport:
        return build_report(session, self.grader)

    def _rewrite(self, grade: Grade, role: Role, question: Question, answer: str) -> Grade:
        if self.chat_model is None:
            return grade
        from assistant.interview.rewrite import rewrite_feedback

        return rewrite_feedback(grade, self.chat_model, role, question, answer)


def make_interviewer(chat_model: BaseChatModel | None = None, embeddings: Embeddings | None = None,
                     evidence: EvidenceLookup | None = None) -> Interviewer:
    """The interviewer. ``embeddings`` make relevance and role fit judge meaning (the app always passes them);
    ``evidence`` looks up what the deployment's postings and programmes say about a job title."""
    from assistant.interview.semantic import AnswerSemantics

    bank = load_bank()
    semantics = AnswerSemantics(embeddings) if embeddings is not None else None
    return Interviewer(bank, Grader(semantics=semantics), chat_model, RoleProfiler(bank, evidence))
