"""Question-set parsing: valid lines become Questions, every malformed line is reported by number."""

from __future__ import annotations

import json

import pytest

from eval.questions import Question, QuestionSetError, load_questions, parse_text

MESSY_LINES = [
    '{"id": "a1", "question": "天河区的就业补贴怎么申请？", "category": "policy", "expected_facts": ["1000元"]}',
    '{"id": "a2", "question": "有哪些免费的技能培训？" "category": "programme"}',
    '{"question": "没有编号的问题"}',
    '{"id": "a3"}',
    '{"id": "a1", "question": "重复的编号"}',
    '{"id": "a4", "question": "海珠区补贴多少？", "expected_fact": ["3万元"]}',
    '{"id": "a5", "question": "有什么岗位？", "expected_facts": "3万元"}',
    '{"id": "a6", "question": "接着说", "history": [{"role": "bot", "content": "你好"}]}',
    '["a7", "不是对象"]',
    "",
    '{"id": "a8", "question": "   "}',
    '{"id": "a9", "question": "要转人工吗？", "expect_escalation": "yes"}',
    '{"id": "a10", "question": "拼写错误", "catgory": "policy", "colour": "red"}',
    '{"id": 11, "question": "数字编号可以", "history": [{"role": "user", "content": "上一句"}], "expect_refusal": false}',
]
MESSY = "\n".join(MESSY_LINES)


def test_malformed_lines_reported_by_number_and_the_rest_kept():
    qs = parse_text(MESSY, name="messy.jsonl")
    assert [q.id for q in qs.questions] == ["a1", "a4", "a10", "11"]
    assert [str(e) for e in qs.errors] == [
        "line 2: bad JSON: Expecting ',' delimiter (column 40)",
        "line 3: missing 'id'",
        "line 4: missing 'question'",
        "line 5: duplicate id 'a1' (first on line 1)",
        """line 7: 'expected_facts' must be a list of strings, e.g. ["3万元"]""",
        "line 8: history turn 1: role 'bot' is not one of user, assistant, counsellor",
        "line 9: expected a JSON object, got list",
        "line 11: 'question' is empty",
        "line 12: 'expect_escalation' must be true or false",
    ]
    # An unknown field is a warning: the line runs without it (DESIGN.md).
    assert [str(w) for w in qs.warnings] == [
        "line 6: unknown field 'expected_fact' (did you mean 'expected_facts'?); the line runs without it",
        (
            "line 13: unknown field 'catgory' (did you mean 'category'?); unknown field 'colour' "
            "(known fields: id, question, history, category, expected_sources, expected_facts, forbidden_facts, "
            "expect_escalation, expect_refusal, note); the line runs without it"
        ),
    ]
    a4 = next(q for q in qs.questions if q.id == "a4")
    assert a4.expected_facts == () and a4.question == "海珠区补贴多少？"


def test_valid_line_fields_and_defaults():
    qs = parse_text(MESSY)
    first, last = qs.questions[0], qs.questions[-1]
    assert first == Question(id="a1", question="天河区的就业补贴怎么申请？", category="policy", expected_facts=("1000元",), line=1)
    assert first.expect_refusal is False and first.expect_escalation is False and first.history == ()
    assert last.category == "uncategorised"
    assert last.history_messages() == [{"role": "user", "content": "上一句"}]
    assert json.loads(json.dumps(last.to_json()))["id"] == "11"


def test_missing_both_required_fields():
    qs = parse_text('{"category": "policy"}')
    assert [str(e) for e in qs.errors] == ["line 1: missing 'id' and 'question'"]


def test_unusable_files(tmp_path):
    with pytest.raises(QuestionSetError, match="no such file"):
        load_questions(tmp_path / "absent.jsonl")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"id": "1", "question": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(QuestionSetError, match="not UTF-8"):
        load_questions(latin)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{oops\n\n", encoding="utf-8")
    with pytest.raises(QuestionSetError, match=r"no valid questions; 1 malformed line\(s\), first: line 1: bad JSON"):
        load_questions(broken)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(QuestionSetError, match="no valid questions$"):
        load_questions(empty)


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_text('{"id": "b1", "question": "有补贴吗？"}\n', encoding="utf-8-sig")
    assert [q.id for q in load_questions(path).questions] == ["b1"]


def test_a_writers_note_is_kept_without_a_warning_and_must_be_text():
    # Blind-set writers record their doubts in "note": it runs without a warning and travels with the result.
    qs = parse_text(
        '{"id": "n1", "question": "临港津贴一个月多少", "expect_refusal": true, "note": "named without a figure"}\n'
        '{"id": "n2", "question": "见习补贴多少", "note": ["not", "text"]}'
    )
    assert [q.id for q in qs.questions] == ["n1"] and qs.warnings == []
    assert qs.questions[0].note == "named without a figure"
    assert qs.questions[0].to_json()["note"] == "named without a figure"
    assert "note" not in parse_text('{"id": "n3", "question": "补贴多少"}').questions[0].to_json()
    assert [str(e) for e in qs.errors] == ["line 2: 'note' must be a string"]
