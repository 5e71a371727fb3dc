"""Compare a run with an earlier one (``--compare DIR``): which questions got better or worse, metric by metric."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.errors import ZhituError
from eval.metrics import METRICS


class CompareError(ZhituError):
    """The run to compare with cannot be read."""


@dataclass
class PreviousRun:
    rows: list[dict]
    summary: dict


def load_run(directory: Path) -> PreviousRun:
    """Read results.jsonl and summary.json of an earlier ``zhitu eval --out DIR``."""
    results, summary = directory / "results.jsonl", directory / "summary.json"
    if not results.is_file():
        raise CompareError(f"--compare {directory}: no results.jsonl there (is it a `zhitu eval --out` folder?)")
    try:
        rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
        summary_data = json.loads(summary.read_text(encoding="utf-8")) if summary.is_file() else {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise CompareError(f"--compare {directory}: unreadable results ({exc})") from exc
    if not all(isinstance(r, dict) and "id" in r and "passed" in r for r in rows):
        raise CompareError(f"--compare {directory}: results.jsonl lines lack 'id' or 'passed'")
    return PreviousRun(rows=rows, summary=summary_data)


def _change(before: dict, after: dict) -> dict:
    return {
        "id": after["id"],
        "question": after["question"],
        "before_reasons": before.get("reasons", []),
        "after_reasons": after["reasons"],
        "before_answer": before.get("answer", ""),
        "after_answer": after["answer"],
    }


def compare(previous: PreviousRun, rows: list[dict], summary: dict, against: str = "") -> dict:
    """Questions that went fail→pass (better) and pass→fail (worse), ids only in one run, overall metric deltas."""
    old = {r["id"]: r for r in previous.rows}
    new_ids = {r["id"] for r in rows}
    better, worse, changed = [], [], []
    for row in rows:
        before = old.get(row["id"])
        if before is None:
            continue
        if row["passed"] and not before["passed"]:
            better.append(_change(before, row))
        elif before["passed"] and not row["passed"]:
            worse.append(_change(before, row))
        elif not row["passed"] and before.get("reasons") != row["reasons"]:
            changed.append(_change(before, row))
    before_overall = previous.summary.get("overall", {})
    deltas = {}
    for name in ["questions", "passed", *METRICS]:
        b, a = before_overall.get(name), summary["overall"].get(name)
        delta = round(round(a, 4) - round(b, 4), 4) if a is not None and b is not None else None
        deltas[name] = {"before": b, "after": a, "delta": delta}
    return {
        "against": against,
        "better": better,
        "worse": worse,
        "still_failing_changed": changed,
        "only_now": [r["id"] for r in rows if r["id"] not in old],
        "only_before": [i for i in old if i not in new_ids],
        "metrics": deltas,
    }
