"""`zhitu eval` and `zhitu feedback export`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from core.errors import ZhituError
from zhitu.cli.output import echo_json


def _default_out(questions: Path) -> Path:
    return Path("eval") / "out" / f"{questions.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"


@click.command("eval")
@click.argument("questions", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for results.jsonl, summary.json and report.html (default: eval/out/<set>-<time>).")
@click.option("--compare", "compare_dir", type=click.Path(file_okay=False, path_type=Path),
              help="An earlier --out folder: the report shows which questions got better or worse.")
@click.option("--json", "as_json", is_flag=True, help="Print summary.json to stdout.")
@click.option("--min-fact-recall", type=click.FloatRange(0, 1), help="Exit 1 if fact recall is below this.")
@click.option("--min-hit5", type=click.FloatRange(0, 1), help="Exit 1 if hit@5 is below this.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: only on a terminal).")
@click.pass_obj
def eval_command(services, questions, out_dir, compare_dir, as_json, min_fact_recall, min_hit5, progress):
    """Run a question set (JSON Lines) through the assistant and write results, a summary and an HTML report.

    Malformed lines are reported on stderr by line number and skipped; the rest still run. A line with an unknown
    field is warned about on stderr and still runs. Exit status 1 only
    when the file is unusable or a floor given with --min-fact-recall / --min-hit5 is missed.
    """
    from eval.questions import load_questions
    from eval.registered import register_question_set
    from eval.runner import run_eval

    qs = load_questions(questions)
    register_question_set(services.settings.home_dir, questions.name, Path(questions).read_text(encoding="utf-8-sig"))
    for error in qs.errors:
        click.echo(f"{questions}: {error}", err=True)
    for warning in qs.warnings:
        click.echo(f"warning: {questions}: {warning}", err=True)
    floors = {k: v for k, v in (("fact_recall", min_fact_recall), ("hit@5", min_hit5)) if v is not None}
    run = run_eval(
        services.assistant, qs, out_dir or _default_out(questions), compare_dir=compare_dir, floors=floors,
        mode="llm" if services.settings.llm_enabled else "extractive", progress=progress,
    )
    errors = [r for r in run.rows if r["error"]]
    if errors:
        click.echo(f"warning: the assistant raised an error on {len(errors)} question(s); first: {errors[0]['id']}: "
                   f"{errors[0]['error']}", err=True)
    if as_json:
        echo_json(run.summary)
    else:
        o = run.summary["overall"]

        def pct(key):
            return "—" if o[key] is None else f"{o[key] * 100:.1f}%"

        click.echo(
            f"{o['questions']} questions, {o['passed']} passed · hit@5 {pct('hit@5')} · MRR {pct('mrr')} · "
            f"fact recall {pct('fact_recall')} · refusal accuracy {pct('refusal_accuracy')} · "
            f"p95 {o['latency_p95_ms'] or 0:,.0f} ms"
        )
        if run.summary["mode"] == "llm":
            click.echo(f"LLM answers that fell back to extractive: {o['fallbacks']}")
        click.echo(f"report: {run.report_path}")
    if run.floor_failures:
        raise ZhituError("floors missed: " + "; ".join(run.floor_failures))


@click.group("feedback")
def feedback_group():
    """Answer feedback collected from the chat page."""


@feedback_group.command("export")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
              help="Only feedback and reviewed answers from this date (YYYY-MM-DD) on.")
@click.option("--escalation", is_flag=True,
              help="Export counsellors' escalation marks instead, as labelled lines for `zhitu escalation retrain --labels`.")
@click.pass_obj
def feedback_export(services, since, escalation):
    """Print 👍/👎 and counsellor-reviewed answers as question-set JSON lines (PII masked), for `zhitu eval`, also
    registered for the admin's impact preview; with --escalation, the counsellors' "should have been escalated" /
    "needn't have been" marks as labelled lines."""
    from eval.feedback import export_escalation_marks, export_feedback
    from eval.registered import register_question_set

    if escalation:
        for line in export_escalation_marks(services.engine, since):
            click.echo(json.dumps(line, ensure_ascii=False))
        return
    lines = [json.dumps(line, ensure_ascii=False) for line in export_feedback(services.engine, since)]
    for line in lines:
        click.echo(line)
    register_question_set(services.settings.home_dir, "feedback", "".join(f"{ln}\n" for ln in lines))


def register(main: click.Group) -> None:
    main.add_command(eval_command)
    main.add_command(feedback_group)
