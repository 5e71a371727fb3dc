"""`zhitu interview` — grade one answer, or run a mock interview in the terminal."""

from __future__ import annotations

import sys

import click

from core.errors import NotFoundError
from zhitu.cli.output import echo_json


@click.group()
def interview() -> None:
    """Mock interviews with feedback on the logic of each answer."""


@interview.command("roles")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def roles(services, as_json: bool) -> None:
    """List the roles of the question bank."""
    bank = services.interviewer.bank
    rows = [{"id": r.id, "name": r.name, "questions": len(r.questions)} for r in bank.roles]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['id']}\t{r['name']}\t{r['questions']} 题")


@interview.command("grade")
@click.option("--role", "role", required=True, help="Any job title (e.g. 茶艺师, Web前端开发工程师); a seed role id also works.")
@click.option("--question", "question", required=True, help="The question (bank text or any question).")
@click.option("--answer", "answer", required=True, help="The answer to grade ('-' reads it from stdin).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def grade(services, role: str, question: str, answer: str, as_json: bool) -> None:
    """Score one answer 0-100 on structure, relevance, specificity, role fit and delivery."""
    if answer == "-":
        answer = sys.stdin.read()
    result = services.interviewer.grade_text(role, question, answer)
    if as_json:
        echo_json(result.to_json())
        return
    click.echo(_format_grade(result))


@interview.command("practice")
@click.option("--role", "role", default=None, help="Any job title (default: the first seed role of the bank).")
@click.option("--posting", "posting_id", default=None, help="Build the questions from this job posting id.")
@click.option("--count", default=5, show_default=True, help="How many questions.")
@click.pass_obj
def practice(services, role: str | None, posting_id: str | None, count: int) -> None:
    """A mock interview in the terminal: one answer per line on stdin; ends with the report (also at end of input)."""
    interviewer = services.interviewer
    if posting_id:
        posting = next((p for p in services.postings() if str(p.get("id")) == posting_id), None)
        if posting is None:
            raise NotFoundError(f"no job posting with id {posting_id!r}")
        session = interviewer.start_from_posting(posting, count)
    else:
        session = interviewer.start(role or interviewer.bank.roles[0].id, count)
    click.echo(f"模拟面试：{session.title}（{len(session.questions)} 题）。每题回答一行，回车提交。")
    stdin = click.get_text_stream("stdin")
    while (question := session.current) is not None:
        click.echo(f"\n问题 {len(session.exchanges) + 1}：{question.text}")
        line = stdin.readline()
        if not line:
            break
        if not line.strip():
            click.echo("（空回答，跳过）")
            line = "（没有回答）"
        result = interviewer.submit(session, line.strip())
        click.echo(_format_grade(result))
    if not session.exchanges:
        click.echo("没有回答任何问题。")
        return
    click.echo("\n" + interviewer.report(session).to_markdown())


def _format_grade(result) -> str:
    from assistant.interview.grader import DIMENSION_LABELS

    lines = [f"得分：{result.score}/100"]
    for name, dim in result.dimensions.items():
        lines.append(f"  {DIMENSION_LABELS[name]} {dim.score:>3}：{dim.reason}")
    lines.append("建议：")
    lines += [f"  - {s}" for s in result.suggestions]
    lines.append(f"追问：{result.follow_up}")
    return "\n".join(lines)


def register(main: click.Group) -> None:
    main.add_command(interview)
