"""CI floor: the dev question set through the real assistant must keep the retrieval and chat issues' figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.questions import load_questions
from eval.runner import run_eval

pytestmark = pytest.mark.slow
DEV = Path(__file__).resolve().parents[2] / "knowledge" / "corpus_sets" / "dev.jsonl"
FLOORS = {"hit@5": 0.95, "mrr": 0.8, "fact_recall": 0.85}


def test_dev_set_floors(corpus_services, tmp_path):
    questions = load_questions(DEV)
    assert not questions.errors, [str(e) for e in questions.errors]
    run = run_eval(corpus_services.assistant, questions, tmp_path / "dev", floors=FLOORS, progress=False)
    overall = run.summary["overall"]
    print(json.dumps({k: overall[k] for k in ("questions", "passed", *FLOORS, "wrong_fact_rate", "refusal_accuracy")}))
    failed = {r["id"]: r["reasons"] for r in run.rows if not r["passed"]}

    assert not run.floor_failures, (run.floor_failures, failed)
    assert overall["wrong_fact_rate"] in (0, None), {i: x for i, x in failed.items() if any("错误事实" in y for y in x)}
    not_refused = [r["id"] for r in run.rows if r["expect_refusal"] and not r["refused"]]
    assert not not_refused, f"out-of-scope questions answered: {not_refused}"
