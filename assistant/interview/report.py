"""The end-of-interview report: per-question scores, strongest and weakest dimension, three things to practise."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from assistant.interview.bank import TYPE_LABELS
from assistant.interview.grader import DIMENSION_LABELS, DIMENSIONS, Grader
from assistant.interview.session import InterviewSession
from core.masking import mask_pii


@dataclass
class QuestionScore:
    question: str
    type: str
    score: int
    dimensions: dict[str, int]
    weakest: str


@dataclass
class SessionReport:
    title: str
    role: str
    overall: int
    dimension_means: dict[str, int]
    strongest: str
    weakest: str
    per_question: list[QuestionScore] = field(default_factory=list)
    practice: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "title": self.title, "role": self.role, "overall": self.overall, "dimensions": self.dimension_means,
            "strongest": self.strongest, "weakest": self.weakest, "practice": self.practice,
            "questions": [q.__dict__ for q in self.per_question],
        }

    def to_markdown(self) -> str:
        """The downloadable report. Candidate text is not included beyond the questions, and is PII-masked."""
        lines = [f"# 模拟面试报告：{_md(self.title)}", "", f"- 岗位：{_md(self.role)}", f"- 总分：**{self.overall}** / 100",
                 f"- 最强维度：{DIMENSION_LABELS[self.strongest]}（{self.dimension_means[self.strongest]} 分）",
                 f"- 最弱维度：{DIMENSION_LABELS[self.weakest]}（{self.dimension_means[self.weakest]} 分）", "",
                 "## 每题得分", "",
                 "| # | 题型 | 问题 | 总分 | " + " | ".join(DIMENSION_LABELS[d] for d in DIMENSIONS) + " |",
                 "|---|---|---|---|" + "---|" * len(DIMENSIONS)]
        for i, q in enumerate(self.per_question, 1):
            dims = " | ".join(str(q.dimensions[d]) for d in DIMENSIONS)
            lines.append(f"| {i} | {TYPE_LABELS.get(q.type, q.type)} | {_md(q.question)} | {q.score} | {dims} |")
        lines += ["", "## 接下来练习这三件事", ""]
        lines += [f"{i}. {p}" for i, p in enumerate(self.practice, 1)]
        return "\n".join(lines) + "\n"


def build_report(session: InterviewSession, grader: Grader) -> SessionReport:
    """Summarise a session (answered questions only). Practice items come from the most frequent, costliest gaps."""
    ex = session.exchanges
    means = {d: round(sum(e.grade.dimensions[d].score for e in ex) / len(ex)) if ex else 0 for d in DIMENSIONS}
    overall = round(sum(e.grade.score for e in ex) / len(ex)) if ex else 0
    per_q = [QuestionScore(e.question.text, e.question.type, e.grade.score,
                           {d: e.grade.dimensions[d].score for d in DIMENSIONS}, e.grade.weakest) for e in ex]
    gap_weight: Counter[str] = Counter()
    for e in ex:
        for rank, gap in enumerate(e.grade.gaps):
            gap_weight[gap] += 3 - min(rank, 2)  # a gap that topped an answer's list counts more
    practice: list[str] = []
    for gap, _ in gap_weight.most_common():
        line = grader.practice_line(gap, session.role)
        if line not in practice:
            practice.append(line)
        if len(practice) == 3:
            break
    for line in grader.lex.feedback["default_practice"]:
        if len(practice) == 3:
            break
        if line not in practice:
            practice.append(line)
    return SessionReport(
        title=session.title or session.role.name, role=session.role.name, overall=overall, dimension_means=means,
        strongest=max(DIMENSIONS, key=lambda d: means[d]), weakest=min(DIMENSIONS, key=lambda d: means[d]),
        per_question=per_q, practice=practice,
    )


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell / heading."""
    return mask_pii(text).replace("|", "｜").replace("\n", " ").replace("<", "＜").replace(">", "＞")
