"""A mock interview: a role (from the bank or a posting), its questions, and the graded answers so far.

The session holds only data (so a web page can keep it in ``gr.State``); the grader is passed to ``submit``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.interview.bank import (
    QUESTION_TYPES,
    Question,
    QuestionBank,
    Role,
    posting_skills,
    questions_from_posting,
)
from assistant.interview.grader import Grade, Grader


@dataclass
class Exchange:
    """One question, the candidate's answer and the rubric's grade."""

    question: Question
    answer: str
    grade: Grade


@dataclass
class InterviewSession:
    role: Role
    questions: list[Question]
    extra_terms: tuple[str, ...] = ()  # a posting's required skills: count towards role fit
    title: str = ""  # what the candidate chose ("电工" or "按岗位：<posting title>")
    exchanges: list[Exchange] = field(default_factory=list)

    @classmethod
    def from_role(cls, role: Role, count: int = 5) -> InterviewSession:
        """``count`` questions of the role, every question type first, then the rest in bank order."""
        first = [next(q for q in role.questions if q.type == t) for t in _INTERVIEW_ORDER if any(q.type == t for q in role.questions)]
        rest = [q for q in role.questions if q not in first]
        return cls(role=role, questions=(first + rest)[: max(1, count)], title=role.name)

    @classmethod
    def from_posting(cls, posting: dict, bank: QuestionBank, count: int = 5) -> InterviewSession:
        """Questions from the posting's required skills plus the closest role's bank, ending with why-this-posting."""
        text = " ".join(str(posting.get(k) or "") for k in ("title", "description")) + " " + " ".join(posting_skills(posting))
        role = bank.closest_role(text)
        built = questions_from_posting(posting)
        skill_qs, why = built[:-1], built[-1]
        bank_qs = [q for q in cls.from_role(role, count=len(role.questions)).questions if q.type != "motivation"]
        n_bank = max(1, count - len(skill_qs) - 1)
        questions = [*bank_qs[:n_bank], *skill_qs][: max(1, count - 1)] + [why]
        title = f"按岗位：{posting.get('title', '')}"
        return cls(role=role, questions=questions, extra_terms=tuple(posting_skills(posting)), title=title)

    @property
    def finished(self) -> bool:
        return len(self.exchanges) >= len(self.questions)

    @property
    def current(self) -> Question | None:
        """The question waiting for an answer, or None once every question is answered."""
        return None if self.finished else self.questions[len(self.exchanges)]

    def submit(self, answer: str, grader: Grader) -> Grade:
        """Grade the answer to the current question and move on."""
        question = self.current
        if question is None:
            raise IndexError("the interview is over")
        grade = grader.grade(self.role, question, answer, extra_terms=self.extra_terms)
        self.exchanges.append(Exchange(question, answer, grade))
        return grade


# Opening with motivation is how most interviews go; then a story, a scenario, a technical check.
_INTERVIEW_ORDER = ("motivation", "behavioural", "situational", "technical")
assert set(_INTERVIEW_ORDER) == set(QUESTION_TYPES)
