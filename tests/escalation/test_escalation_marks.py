"""Learning from counsellors: a mark on a ticket's message → the masked export → retraining changes the decision."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from core.errors import ZhituError
from eval.feedback import export_escalation_marks
from web.counsellor_page import CounsellorConsole
from zhitu.cli import main

MESSAGE = "我想问一下档案的事情，之前的老师说的我没太懂"


def test_marks_are_stored_audited_and_exported_masked(ticket_service):
    ticket = ticket_service.create("s1", ["fraud"], "high", "交了押金", [{"role": "user", "content": "交了押金"}], [])
    ticket_service.mark_escalation(None, "我手机13812345678，工作的事我真的撑不住了", True, "distress", actor="li")
    ticket_service.mark_escalation(ticket, "怎么识别招聘骗子", False, None, actor="li")
    with pytest.raises(ZhituError):
        ticket_service.mark_escalation(ticket, "x", True, "angry", actor="li")
    lines = export_escalation_marks(ticket_service.engine)
    assert lines == [
        {"id": "mark-1", "message": "我手机138****5678，工作的事我真的撑不住了", "escalate": True, "reasons": ["distress"]},
        {"id": "mark-2", "message": "怎么识别招聘骗子", "escalate": False, "reasons": []},
    ]
    assert [e.action for e in ticket_service.audit(ticket)][-1] == "escalation_marked"


def test_a_should_have_been_escalated_mark_reaches_the_export_and_changes_the_retrained_decision(trained_services, tmp_path):
    from core.settings import Settings
    from zhitu.compose import build_services

    # Its own home (the session's trained classifier is loaded from the shared cache, not changed for other tests).
    (tmp_path / "home").mkdir()
    services = build_services(Settings(home=tmp_path / "home", embeddings_cache=trained_services.settings.embeddings_cache_path))
    assert not services.escalation.detect(MESSAGE).escalate  # the shipped classifier lets it through
    ticket = services.tickets.create("s-mark", ["explicit_request"], "normal", MESSAGE, [{"role": "user", "content": MESSAGE}], [])
    note = CounsellorConsole(services).mark_escalation(ticket, MESSAGE, "应转人工", "complex_case", actor="wang")
    assert "已记录标注" in note

    runner = CliRunner()
    exported = runner.invoke(main, ["feedback", "export", "--escalation"], obj=services)
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(x) for x in exported.output.splitlines()]
    assert {"message": MESSAGE, "escalate": True, "reasons": ["complex_case"]}.items() <= lines[-1].items()
    marks = tmp_path / "marks.jsonl"
    marks.write_text(exported.output, encoding="utf-8")

    result = runner.invoke(main, ["escalation", "retrain", "--labels", str(marks), "--json"], obj=services)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["examples"] >= 800
    decision = services.escalation.detect(MESSAGE)
    assert decision.escalate and "complex_case" in decision.reasons
    assert (services.settings.home_dir / "escalation" / "labels" / "marks.jsonl").is_file()  # kept for next start
