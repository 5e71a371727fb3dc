"""`zhitu eval` and `zhitu feedback export` through the real click group."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from core import db
from zhitu.cli import main


@pytest.fixture
def fake_services(services, tiny_assistant):
    """The real Services with the canned assistant in place of the real one (what `zhitu eval` drives), handed to
    the command as Click's ``obj``."""
    services.__dict__["assistant"] = tiny_assistant
    return services


def _messy(tmp_path, tiny_path):
    path = tmp_path / "messy.jsonl"
    path.write_text(
        tiny_path.read_text(encoding="utf-8") + '{"id": "q10", "question": "明天广州天气怎么样？", "expected_fact": ["1000元"]}\n{"id": "q1"\n',
        encoding="utf-8",
    )
    return path


def test_eval_writes_outputs_and_reports_bad_lines(fake_services, tiny_path, tmp_path):
    questions = _messy(tmp_path, tiny_path)
    result = CliRunner().invoke(main, ["eval", str(questions), "--out", str(tmp_path / "out"), "--json"], obj=fake_services)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{questions}: line 12: bad JSON: Expecting ',' delimiter (column 12)",
        f"warning: {questions}: line 11: unknown field 'expected_fact' (did you mean 'expected_facts'?); the line runs without it",
    ]
    summary = json.loads(result.stdout)
    assert summary["overall"]["questions"] == 10  # the line with the unknown field still ran
    assert [e["line"] for e in summary["malformed_lines"]] == [12]
    assert [e["line"] for e in summary["warnings"]] == [11]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.html", "results.jsonl", "summary.json"]


def test_human_output_and_compare(fake_services, tiny_path, tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["eval", str(tiny_path), "--out", str(tmp_path / "a")], obj=fake_services)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        "9 questions, 3 passed · hit@5 75.0% · MRR 47.9% · fact recall 60.0% · refusal accuracy 88.9% · p95 1,000 ms",
        f"report: {tmp_path / 'a' / 'report.html'}",
    ]
    second = runner.invoke(main, ["eval", str(tiny_path), "--out", str(tmp_path / "b"), "--compare", str(tmp_path / "a"), "--json"], obj=fake_services)
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["compare"]["better"] == []


def test_floors(fake_services, tiny_path, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["eval", str(tiny_path), "--out", str(tmp_path / "ok"), "--min-fact-recall", "0.6", "--min-hit5", "0.75"], obj=fake_services)
    assert ok.exit_code == 0, ok.output
    missed = runner.invoke(main, ["eval", str(tiny_path), "--out", str(tmp_path / "no"), "--min-fact-recall", "0.85", "--min-hit5", "0.5"], obj=fake_services)
    assert missed.exit_code == 1
    assert missed.stderr.strip() == "Error: floors missed: fact_recall 0.6000 is below the floor 0.85"
    assert (tmp_path / "no" / "report.html").is_file()  # the results are written even when a floor is missed


def test_unusable_file_is_one_line_and_exit_1(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {bad}: no valid questions; 1 malformed line(s), first: line 1: bad JSON: Expecting value (column 1)"
    )
    assert not (tmp_path / "out").exists()
    missing = CliRunner().invoke(main, ["eval", str(tmp_path / "absent.jsonl")])
    assert missing.exit_code == 1 and "no such file" in missing.stderr


def test_feedback_export_cli(services):
    with services.engine.begin() as conn:
        conn.execute(db.feedback.insert().values(
            session_id="s", question="南港区硕士补贴多少？联系我13912345678", answer="每月1200元。", rating=1,
            sources='["nangang_youth_talent_subsidy_2026.pdf"]', route="policy", created_at=datetime(2026, 2, 1, tzinfo=UTC),
        ))
    runner = CliRunner()
    result = runner.invoke(main, ["feedback", "export"], obj=services)
    assert result.exit_code == 0, result.output
    assert [json.loads(x) for x in result.stdout.splitlines()] == [
        {"id": "fb-up-1", "question": "南港区硕士补贴多少？联系我139****5678", "category": "policy",
         "expected_sources": ["nangang_youth_talent_subsidy_2026.pdf"], "expected_facts": ["1200元"]},
    ]
    assert runner.invoke(main, ["feedback", "export", "--since", "2026-02-02"], obj=services).stdout == ""
    bad = runner.invoke(main, ["feedback", "export", "--since", "yesterday"], obj=services)
    assert bad.exit_code == 2


def test_assistant_errors_are_flagged_on_stderr(services, make_canned, tiny_path, tmp_path):
    services.__dict__["assistant"] = make_canned(fail_on=("那学费多少？", "白云区有没有租房补贴？"))
    result = CliRunner().invoke(main, ["eval", str(tiny_path), "--out", str(tmp_path / "out")], obj=services)
    assert result.exit_code == 0
    assert result.stderr == "warning: the assistant raised an error on 2 question(s); first: q3: RuntimeError: index unavailable\n"


def test_default_out_dir(fake_services, tiny_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["eval", str(tiny_path)], obj=fake_services)
    assert result.exit_code == 0, result.output
    (run_dir,) = (tmp_path / "eval" / "out").iterdir()
    assert run_dir.name.startswith("tiny-") and (run_dir / "report.html").is_file()
    assert result.stdout.splitlines()[-1] == f"report: {Path('eval') / 'out' / run_dir.name / 'report.html'}"
