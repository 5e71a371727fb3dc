"""The eval runner through the real assistant (`services.assistant`) over the ingested sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from core import db
from eval.questions import QuestionSet, load_questions
from eval.runner import run_eval

pytestmark = pytest.mark.slow
DEV = Path(__file__).resolve().parents[2] / "knowledge" / "corpus_sets" / "dev.jsonl"
IDS = ("dev-P01", "dev-F01", "dev-G01", "dev-O01", "dev-E01")


def test_run_through_the_real_assistant(corpus_services, tmp_path):
    dev = load_questions(DEV)
    picked = QuestionSet(name="dev-subset", questions=[q for q in dev.questions if q.id in IDS])
    assert len(picked.questions) == len(IDS)
    run = run_eval(corpus_services.assistant, picked, tmp_path / "out", progress=False)

    rows = {r["id"]: r for r in run.rows}
    assert not run.summary["assistant_errors"], [r["reasons"] for r in run.rows]
    for row in rows.values():
        assert row["latency_ms"] > 0
        assert row["route"] in ("policy", "programme", "job", "interview", "smalltalk", "out_of_scope", "escalation")
        for s in row["sources"]:
            assert set(s) == {"source", "title", "page", "section", "score"}
    # the policy question and its follow-up (history passed) both retrieve from the ranked knowledge base
    assert rows["dev-P01"]["sources"] and rows["dev-F01"]["sources"]
    assert rows["dev-E01"]["escalated"] is True  # wage arrears: a rule-based escalation
    with corpus_services.engine.connect() as conn:  # ... but the eval put nothing in the counsellors' queue
        assert conn.execute(sa.select(sa.func.count()).select_from(db.tickets)).scalar_one() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(db.chat_sessions)).scalar_one() == 0
    saved = [json.loads(x) for x in (tmp_path / "out" / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in saved] == [q.id for q in picked.questions]
    assert (tmp_path / "out" / "report.html").stat().st_size > 5_000
