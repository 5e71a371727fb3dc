"""`zhitu ask MESSAGE [--session ID] [--json]` exactly as DESIGN.md specifies."""

from __future__ import annotations

import json

from click.testing import CliRunner

from zhitu.cli import main

KEYS = {"answer", "sources", "escalated", "ticket_id", "refused", "route", "latency_ms"}
SOURCE_KEYS = {"source", "title", "page", "section", "score"}
ROUTES = {"policy", "programme", "job", "interview", "smalltalk", "out_of_scope", "escalation"}


def ask(*args: str) -> dict:
    result = CliRunner().invoke(main, ["ask", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def check_shape(out: dict) -> None:
    assert set(out) == KEYS
    assert isinstance(out["answer"], str) and out["answer"]
    assert isinstance(out["escalated"], bool) and isinstance(out["refused"], bool)
    assert out["ticket_id"] is None or isinstance(out["ticket_id"], str)
    assert out["route"] in ROUTES
    assert isinstance(out["latency_ms"], int | float) and out["latency_ms"] >= 0
    assert isinstance(out["sources"], list)
    for s in out["sources"]:
        assert set(s) == SOURCE_KEYS
        assert isinstance(s["source"], str) and "/" not in s["source"]  # the document's file name
        assert isinstance(s["title"], str) and isinstance(s["section"], str)
        assert isinstance(s["page"], int) and isinstance(s["score"], float)


def test_ask_json_contract(corpus_copy):
    out = ask("云溪区本科毕业生每个月生活补贴有多少钱？")
    check_shape(out)
    assert out["route"] == "policy" and not out["refused"] and not out["escalated"]
    assert "1000元" in out["answer"]
    assert "yunxi_youth_talent_subsidy_2026.pdf" in {s["source"] for s in out["sources"]}

    refused = ask("青禾区有没有人才购房补贴？")
    check_shape(refused)
    assert refused["refused"] and refused["sources"] == []

    escalated = ask("公司拖欠我三个月工资，我要投诉，转人工")
    check_shape(escalated)
    assert escalated["escalated"] and escalated["route"] == "escalation" and escalated["ticket_id"]


def test_session_continuity(corpus_copy):
    first = ask("云溪区本科毕业生每个月生活补贴有多少钱？", "--session", "cli-s1")
    assert "1000元" in first["answer"]
    follow = ask("那硕士呢？", "--session", "cli-s1")
    check_shape(follow)
    assert "1500元" in follow["answer"] and "1200元" not in follow["answer"]
    other = ask("南港区本科生的青年人才生活补贴一个月多少", "--session", "cli-s2")
    assert "800元" in other["answer"]
    follow2 = ask("那硕士呢？", "--session", "cli-s2")
    assert "1200元" in follow2["answer"] and "1500元" not in follow2["answer"]
    alone = ask("那硕士呢？")  # no session, no history: a figure given must come with its district, never bare
    figures = {"1500元": "云溪区", "1200元": "南港区"}
    assert all(district in alone["answer"] for figure, district in figures.items() if figure in alone["answer"]), alone


def test_ask_plain_text_lists_sources(corpus_copy):
    result = CliRunner().invoke(main, ["ask", "南江工贸职业学院数控技术专业学费多少"])
    assert result.exit_code == 0, result.output
    assert "5600元" in result.output and "nanjiang_industry_trade_college.md" in result.output
