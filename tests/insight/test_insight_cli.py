"""`zhitu insight --json` over a database filled with a known mix of turns: every figure checked exactly, the two
refused topics form two groups, and nothing personal comes out (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.insight.conftest import COMMENT_PHONE, PHONE, TOPIC_A, TOPIC_B, fill_known_mix
from zhitu.cli import main


def run(services, *args: str):
    result = CliRunner().invoke(main, list(args), obj=services, catch_exceptions=False)
    return result


def test_insight_json_every_figure(db_services):
    mix = fill_known_mix(db_services)
    result = run(db_services, "insight", "--since", mix.since, "--until", mix.until, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["period"] == {"since": mix.since, "until": mix.until, "timezone": "Asia/Shanghai"}
    assert data["totals"] == {"conversations": 5, "questions": 12, "answered": 4, "auto_resolved": 3, "refused": 6,
                              "escalated": 2, "thumbs_down": 3}
    assert data["shares"] == {"auto_resolved": 0.25, "answered": 0.3333, "refused": 0.5, "escalated": 0.1667, "thumbs_down": 0.25}
    keys = ("conversations", "questions", "answered", "auto_resolved", "refused", "escalated", "thumbs_down")
    assert data["per_day"] == [
        {"day": mix.days[0], **dict(zip(keys, (2, 5, 3, 3, 2, 0, 0)))},
        {"day": mix.days[1], **dict(zip(keys, (2, 5, 1, 0, 4, 0, 3)))},
        {"day": mix.days[2], **dict(zip(keys, (1, 2, 0, 0, 0, 2, 0)))},  # s1 came back: conversations are those begun
    ]
    assert data["feedback_reasons"] == {"none": 1, "not_answered": 1, "want_human": 1}
    # latencies 30 40 50 55 60 65 70 80 100 120 140 900: nearest rank 6 and 12
    assert data["latency_ms"] == {"turns": 12, "p50": 65, "p95": 900}
    assert data["llm"] == {"configured": False, "turns": 2, "fallbacks": 1, "fallback_share": 0.5}
    esc = data["escalations"]
    assert esc["tickets"] == 2
    assert [(r["reason"], r["tickets"]) for r in esc["by_reason"]] == [("explicit_request", 1), ("labour_dispute", 1)]
    assert all(r["label"] and r["label"] != r["reason"] for r in esc["by_reason"])  # staff see the Chinese label
    assert esc["by_priority"] == {"urgent": 0, "high": 1, "normal": 1}
    assert esc["first_reply_minutes"] == {"replied": 1, "waiting": 1, "p50": 30, "p95": 30}
    assert esc["open_by_age"] == {"lt_1h": 0, "1h_1d": 1, "1d_3d": 0, "gt_3d": 0}

    groups = data["unanswered"]
    assert [g["size"] for g in groups] == [4, 3]
    a, b = groups
    masked_a = {q.replace(PHONE, "139****5678") for q in TOPIC_A}
    assert set(a["examples"]) <= masked_a and len(a["examples"]) == 3
    assert set(b["examples"]) == set(TOPIC_B)
    assert (a["refused"], a["thumbs_down"], a["reasons"]) == (4, 1, {"want_human": 1})
    assert (b["refused"], b["thumbs_down"], b["reasons"]) == (2, 2, {"not_answered": 1})
    assert a["documents"] == [] and b["documents"] == []  # this knowledge base is empty
    assert PHONE not in result.output and COMMENT_PHONE not in result.output

    # the counters kept with every write equal the counters recomputed from the stored turns
    from assistant.turns import rebuild_stats

    rebuild_stats(db_services.engine)
    again = json.loads(run(db_services, "insight", "--since", mix.since, "--until", mix.until, "--json", "--no-groups").output)
    assert {k: again[k] for k in again} == {k: data[k] for k in again}


def test_period_filters_and_text_output(db_services):
    mix = fill_known_mix(db_services)
    data = json.loads(run(db_services, "insight", "--since", mix.days[2], "--json", "--no-groups").output)
    assert data["totals"]["questions"] == 2 and data["totals"]["escalated"] == 2 and "unanswered" not in data
    assert data["per_day"] == [{"day": mix.days[2], "conversations": 1, "questions": 2, "answered": 0, "auto_resolved": 0,
                                "refused": 0, "escalated": 2, "thumbs_down": 0}]
    text = run(db_services, "insight", "--since", mix.since, "--no-groups").output
    assert "5 conversations, 12 questions" in text and "auto-resolved 25.0%" in text


def test_export_group_is_a_question_set(db_services, tmp_path):
    from eval.questions import load_questions

    mix = fill_known_mix(db_services)
    out = tmp_path / "group1.jsonl"
    result = run(db_services, "insight", "--since", mix.since, "--until", mix.until, "--export", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    qs = load_questions(out)
    assert not qs.errors
    assert sorted(q.question for q in qs.questions) == sorted(q.replace(PHONE, "139****5678") for q in TOPIC_A)
    assert PHONE not in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(main, ["insight", "--since", mix.since, "--export", "9"], obj=db_services)
    assert bad.exit_code == 1 and "no unanswered group 9" in bad.output
    bad = CliRunner().invoke(main, ["insight", "--since", "yesterday"], obj=db_services)
    assert bad.exit_code == 2 and "not a date" in bad.output
