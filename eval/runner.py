"""Run a question set through the assistant (the same pipeline as the chat) and write results, summary and report."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from assistant.records import Reply
from eval import compare as comparing
from eval import metrics as m
from eval.dryrun import for_evaluation
from eval.questions import Question, QuestionSet

RESULTS = "results.jsonl"
SUMMARY = "summary.json"
REPORT = "report.html"
FLOOR_METRICS = {"fact_recall": "--min-fact-recall", "hit@5": "--min-hit5"}


class AskingAssistant(Protocol):
    """What the runner needs of an assistant (``assistant.assistant.Assistant`` or a test fake)."""

    def ask(self, message: str, session_id: str | None = None, history: list[dict] | None = None) -> Reply: ...


@dataclass
class EvalRun:
    """A finished run: per-question rows (as in results.jsonl), the summary, and where they were written."""

    rows: list[dict]
    summary: dict
    out_dir: Path | None = None
    floor_failures: list[str] = field(default_factory=list)

    @property
    def report_path(self) -> Path | None:
        return self.out_dir / REPORT if self.out_dir else None


def ranked(reply: Reply):
    """The ranked passages: everything retrieved, or the cited ones when a route reports no retrieval list."""
    return reply.retrieved or reply.sources


def outcome_of(question: Question, reply: Reply, measured_ms: float = 0.0, error: str | None = None) -> m.Outcome:
    """``latency_ms`` is the assistant's own figure; the wall time around ``ask`` when it reports none."""
    return m.Outcome(
        question=question,
        answer=reply.answer or "",
        retrieved=[s.source for s in ranked(reply)],
        cited=[s.source for s in reply.sources],
        escalated=bool(reply.escalated),
        refused=bool(reply.refused),
        route=str(reply.route or ""),
        latency_ms=float(reply.latency_ms or measured_ms),
        fallback_reason=reply.fallback_reason,
        error=error,
    )


def result_row(outcome: m.Outcome, reply: Reply) -> dict:
    """One line of results.jsonl: the contract fields first, then what the report shows beside them."""
    q = outcome.question
    reasons = m.judge(outcome)
    return {
        "id": q.id,
        "question": q.question,
        "category": q.category,
        "answer": outcome.answer,
        "sources": [s.to_json() for s in ranked(reply)],
        "escalated": outcome.escalated,
        "refused": outcome.refused,
        "route": outcome.route,
        "latency_ms": round(outcome.latency_ms, 1),
        "passed": not reasons,
        "reasons": reasons,
        "cited": [s.to_json() for s in reply.sources],
        "fallback_reason": outcome.fallback_reason,
        "error": outcome.error,
        "history": q.history_messages(),
        "expected_sources": list(q.expected_sources),
        "expected_facts": list(q.expected_facts),
        "forbidden_facts": list(q.forbidden_facts),
        "expect_refusal": q.expect_refusal,
        "expect_escalation": q.expect_escalation,
        "expected_route": m.expected_route(q.category),
        **({"note": q.note} if q.note else {}),
    }


def _progress(total: int, enabled: bool | None):
    from tqdm import tqdm

    if enabled is None:
        enabled = sys.stderr.isatty()
    return tqdm(total=total, desc="eval", unit="q", file=sys.stderr, disable=not enabled, dynamic_ncols=True)


def ask_all(
    assistant: AskingAssistant, questions: Sequence[Question], progress: bool | None = None
) -> list[tuple[m.Outcome, dict]]:
    """Ask every question (with its history) in this process; an exception fails that question only."""
    done: list[tuple[m.Outcome, dict]] = []
    with _progress(len(questions), progress) as bar:
        for q in questions:
            error = None
            started = time.perf_counter()
            try:
                reply = assistant.ask(q.question, session_id=None, history=q.history_messages())
            except Exception as exc:  # noqa: BLE001 -- one broken question must not lose the others' results
                error = f"{type(exc).__name__}: {exc}"
                reply = Reply(answer="", route="")
            outcome = outcome_of(q, reply, (time.perf_counter() - started) * 1000, error)
            done.append((outcome, result_row(outcome, reply)))
            bar.update(1)
    return done


def check_floors(overall: dict, floors: dict[str, float]) -> list[str]:
    """Messages for every floor missed (a metric that could not be measured misses its floor)."""
    missed = []
    for name, floor in floors.items():
        value = overall.get(name)
        if value is None or value < floor:
            shown = "not measured" if value is None else f"{value:.4f}"
            missed.append(f"{name} {shown} is below the floor {floor}")
    return missed


def _rounded(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def run_eval(
    assistant: AskingAssistant,
    question_set: QuestionSet,
    out_dir: str | Path | None = None,
    *,
    compare_dir: str | Path | None = None,
    floors: dict[str, float] | None = None,
    mode: str = "extractive",
    progress: bool | None = None,
) -> EvalRun:
    """Run the set, compute the summary, and (with ``out_dir``) write results.jsonl, summary.json, report.html.

    The assistant runs as ``eval.dryrun.for_evaluation`` makes it: the same pipeline, but escalations open no real
    ticket and no chat session is stored, so evaluating the live knowledge base leaves the counsellors' queue alone.
    """
    assistant = for_evaluation(assistant)
    previous = comparing.load_run(Path(compare_dir)) if compare_dir else None
    started = time.perf_counter()
    done = ask_all(assistant, question_set.questions, progress)
    seconds = time.perf_counter() - started
    outcomes = [o for o, _ in done]
    rows = [r for _, r in done]
    summary = {
        "question_set": question_set.name,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": mode,
        "questions": len(rows),
        "malformed_lines": [{"line": e.line, "message": e.message} for e in question_set.errors],
        "warnings": [{"line": e.line, "message": e.message} for e in question_set.warnings],
        "assistant_errors": sum(1 for r in rows if r["error"]),
        "seconds": seconds,
        "seconds_per_question": seconds / len(rows) if rows else None,
        **m.summarise(outcomes),
    }
    floor_failures = check_floors(summary["overall"], floors or {})
    if floors:
        summary["floors"] = {
            name: {"min": floor, "value": summary["overall"].get(name)} for name, floor in floors.items()
        }
        summary["floors_missed"] = floor_failures
    if previous is not None:
        summary["compare"] = comparing.compare(previous, rows, summary, against=str(compare_dir))
    summary = _rounded(summary)
    run = EvalRun(rows=rows, summary=summary, floor_failures=floor_failures)
    if out_dir is not None:
        write_run(run, Path(out_dir))
    return run


def write_run(run: EvalRun, out_dir: Path) -> None:
    from eval.report import render_report

    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / RESULTS, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in run.rows)
    (out_dir / SUMMARY).write_text(json.dumps(run.summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / REPORT).write_text(render_report(run.summary, run.rows), encoding="utf-8")
    run.out_dir = out_dir
