"""Feedback and reviewed answers → question-set lines (real SQLite, real migrations)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from core import db
from eval.feedback import export_feedback, figures
from eval.questions import parse_text


def _feedback(engine, **row):
    values = {"session_id": "s1", "answer": "", "sources": "[]", "route": "", "created_at": datetime(2026, 3, 1, tzinfo=UTC)} | row
    with engine.begin() as conn:
        conn.execute(db.feedback.insert().values(**values))


def _reviewed(engine, **row):
    values = {"source": "云溪区人社局电话确认", "expires_at": date(2026, 12, 31), "created_by": "li",
              "created_at": datetime(2026, 3, 5, tzinfo=UTC)} | row
    with engine.begin() as conn:
        conn.execute(db.reviewed_answers.insert().values(**values))


@pytest.fixture
def engine(services):
    e = services.engine
    _feedback(e, question="云溪区本科生活补贴多少？我手机13812345678", answer="每月1,000 元，最长36个月。",
              rating=1, sources=json.dumps(["yunxi_youth_talent_subsidy_2026.pdf"]), route="policy")
    _feedback(e, question="身份证440106199001011234能办吗", answer="可以。", rating=-1, route="policy",
              created_at=datetime(2026, 4, 2, tzinfo=UTC))
    _feedback(e, question="   ", answer="x", rating=1)
    _reviewed(e, question="电工证补贴能领几次？", answer="每人每年限领1次，补贴标准为1500元。")
    _reviewed(e, question="过期的答复", answer="补贴2000元", expires_at=date(2026, 1, 1))
    return e


def test_figures():
    assert figures("补贴1,000 元，期限3个月，年满16岁；电话138****5678") == ["1,000 元", "3个月", "16岁"]
    assert figures("没有数字") == []


def test_export_lines_are_a_valid_masked_question_set(engine):
    lines = export_feedback(engine, today=date(2026, 6, 1))
    assert lines == [
        {"id": "fb-up-1", "question": "云溪区本科生活补贴多少？我手机138****5678", "category": "policy",
         "expected_sources": ["yunxi_youth_talent_subsidy_2026.pdf"], "expected_facts": ["1,000 元", "36个月"]},
        {"id": "fb-down-2", "question": "身份证440106************能办吗", "category": "policy"},
        {"id": "reviewed-1", "question": "电工证补贴能领几次？", "category": "counsellor_reviewed",
         "expected_facts": ["1次", "1500元"]},
    ]
    qs = parse_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines))
    assert not qs.errors and len(qs.questions) == 3


def test_since_filters(engine):
    ids = [x["id"] for x in export_feedback(engine, since=datetime(2026, 3, 2), today=date(2026, 6, 1))]
    assert ids == ["fb-down-2", "reviewed-1"]
    assert export_feedback(engine, since=datetime(2026, 5, 1), today=date(2026, 6, 1)) == []
