"""Mock interviews: a question bank per role, an offline rubric grader, sessions and reports.

``Interviewer`` is the one object the CLI and the web tab use; build it with ``make_interviewer``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.interview.bank import Question, QuestionBank, Role, load_bank
from assistant.interview.grader import DIMENSIONS, Grade, Grader
from assistant.interview.report import SessionReport, build_report
from assistant.interview.session import InterviewSession

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

__all__ = ["DIMENSIONS", "Grade", "Grader", "InterviewSession", "Interviewer", "Question", "QuestionBank", "Role",
           "SessionReport", "make_interviewer"]


@dataclass
class Interviewer:
    """The bank, the rubric and (optionally) a chat model that rewrites feedback wording."""

    bank: QuestionBank
    grader: Grader
    chat_model: BaseChatModel | None = None

    def grade(self, role: Role, question: Question, answer: str, extra_terms: tuple[str, ...] = ()) -> Grade:
        grade = self.grader.grade(role, question, answer, extra_terms)
        return self._rewrite(grade, role, question, answer)

    def grade_text(self, role_key: str, question_text: str, answer: str) -> Grade:
        """Grade by role name/id and question text (a bank question, or a free one whose type is inferred)."""
        role = self.bank.role(role_key)
        return self.grade(role, self.bank.question(role, question_text), answer)

    def start(self, role_key: str, count: int = 5) -> InterviewSession:
        return InterviewSession.from_role(self.bank.role(role_key), count)

    def start_from_posting(self, posting: dict, count: int = 5) -> InterviewSession:
        return InterviewSession.from_posting(posting, self.bank, count)

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


def make_interviewer(chat_model: BaseChatModel | None = None) -> Interviewer:
    return Interviewer(load_bank(), Grader(), chat_model)
