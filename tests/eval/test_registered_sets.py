"""The impact preview replays the deployment's registered question sets (zhitu eval, feedback export), never a
sample set; with none registered it says so."""

from __future__ import annotations

import json

from click.testing import CliRunner

from eval.registered import register_question_set, registered_questions
from knowledge.impact import NO_QUESTIONS, Impact, QuestionImpact


def _line(qid: str, question: str) -> str:
    return json.dumps({"id": qid, "question": question, "category": "policy", "expected_sources": [],
                       "expected_facts": []}, ensure_ascii=False) + "\n"


def test_sets_are_kept_once_and_read_back(tmp_path):
    assert registered_questions(tmp_path) == []
    text = _line("a-1", "见习补贴多少钱") + _line("a-2", "创业补贴怎么申请")
    first = register_question_set(tmp_path, "mine.jsonl", text)
    assert register_question_set(tmp_path, "mine.jsonl", text) == first  # same content kept once
    register_question_set(tmp_path, "feedback", _line("fb-up-1", "见习补贴多少钱") + _line("fb-up-2", "落户要什么材料"))
    assert register_question_set(tmp_path, "feedback", "") is None
    assert sorted(q.question for q in registered_questions(tmp_path)) == ["创业补贴怎么申请", "落户要什么材料", "见习补贴多少钱"]


def test_no_registered_set_is_said_not_replaced_by_a_sample(tmp_path):
    impact = QuestionImpact(lambda: registered_questions(tmp_path), lambda view: None, kb=None)
    result = impact.run(view=None)
    assert result.checked == 0 and result.note == NO_QUESTIONS
    assert Impact.from_json(result.to_json()).note == NO_QUESTIONS


def test_zhitu_eval_registers_the_set_it_runs(tmp_path, services):
    from zhitu.cli import main

    qfile = tmp_path / "district_questions.jsonl"
    qfile.write_text(_line("d-1", "这个问题的文件不存在吗"), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(qfile), "--out", str(tmp_path / "out")], obj=services)
    assert result.exit_code == 0, result.output
    assert "这个问题的文件不存在吗" in [q.question for q in registered_questions(services.settings.home_dir)]
