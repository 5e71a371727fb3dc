"""`zhitu tickets` and `zhitu user add` through the real click group."""

from __future__ import annotations

import json

from click.testing import CliRunner

from zhitu.cli import main


def _services():
    from core.settings import load_settings
    from zhitu.compose import build_services

    return build_services(load_settings())


def test_user_add_from_stdin_and_prompt():
    runner = CliRunner()
    result = runner.invoke(main, ["user", "add", "wang", "--role", "counsellor", "--password-stdin"], input="s3cret-pass\n")
    assert result.exit_code == 0, result.output
    assert _services().users.verify("wang", "s3cret-pass").role == "counsellor"
    result = runner.invoke(main, ["user", "add", "root", "--role", "admin"], input="admin-pass-1\nadmin-pass-1\n")
    assert result.exit_code == 0, result.output
    assert "admin-pass-1" not in result.output
    assert _services().users.verify("root", "admin-pass-1").role == "admin"


def test_user_add_errors_are_one_line():
    runner = CliRunner()
    runner.invoke(main, ["user", "add", "wang", "--role", "counsellor", "--password-stdin"], input="s3cret-pass\n")
    dup = runner.invoke(main, ["user", "add", "wang", "--role", "counsellor", "--password-stdin"], input="s3cret-pass\n")
    assert dup.exit_code == 1 and "already exists" in dup.output and "Traceback" not in dup.output
    short = runner.invoke(main, ["user", "add", "li", "--role", "counsellor", "--password-stdin"], input="x\n")
    assert short.exit_code == 1 and "at least" in short.output
    bad_role = runner.invoke(main, ["user", "add", "li", "--role", "seeker", "--password-stdin"], input="long-enough\n")
    assert bad_role.exit_code == 2


def test_tickets_list_json_is_masked_and_filtered():
    services = _services()
    t1 = services.tickets.create("s1", ["labour_dispute"], "high", "欠薪，电话13812345678", [], [], contact="13812345678")
    t2 = services.tickets.create("s2", ["self_harm"], "urgent", "情绪很差", [], [])
    services.tickets.assign(t1, "wang")
    runner = CliRunner()
    out = runner.invoke(main, ["tickets", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [t["id"] for t in data] == [t2, t1]
    assert "13812345678" not in out.output and "138****5678" in out.output
    assert set(data[0]) >= {"id", "status", "priority", "reasons", "summary", "created_at", "assignee", "cited"}
    new_only = json.loads(runner.invoke(main, ["tickets", "--status", "new", "--json"]).output)
    assert [t["id"] for t in new_only] == [t2]
    text = runner.invoke(main, ["tickets"])
    assert text.exit_code == 0 and t1 in text.output and "劳动争议" in text.output and "13812345678" not in text.output
    assert runner.invoke(main, ["tickets", "--status", "bogus"]).exit_code == 2


def test_tickets_empty():
    out = CliRunner().invoke(main, ["tickets"])
    assert out.exit_code == 0 and "没有工单" in out.output
