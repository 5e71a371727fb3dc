"""The question bank: coverage, lookups, free questions, questions built from a posting."""

import pytest

from assistant.interview.bank import QUESTION_TYPES, infer_type, load_bank, questions_from_posting
from assistant.interview.session import InterviewSession
from core.errors import NotFoundError

POSTING = {
    "id": "job-042", "title": "数控车床操作工", "company": "番禺某精密零件厂", "district": "番禺区", "salary": "6000-8000元/月",
    "education": "中专", "experience": "1年", "skills": ["FANUC系统", "首件检验", "游标卡尺"],
    "description": "负责数控车床的操作和日常点检，按图纸加工轴类零件。", "posted_at": "2026-10-01",
}


def test_bank_has_twelve_roles_with_every_question_type():
    bank = load_bank()
    assert len(bank.roles) >= 12
    for role in bank.roles:
        assert len(role.questions) >= 6, role.id
        assert {q.type for q in role.questions} == set(QUESTION_TYPES), role.id
        assert len({q.id for q in role.questions}) == len(role.questions)
        assert all(q.key_concepts for q in role.questions), role.id
        assert len(role.skills) >= 15, role.id


def test_role_lookup_by_id_name_and_alias():
    bank = load_bank()
    assert bank.role("electrician").name == "电工"
    assert bank.role("电工").id == "electrician"
    assert bank.role("幼师").id == "preschool_teacher"
    with pytest.raises(NotFoundError, match="known roles"):
        bank.role("宇航员")


def test_bank_question_by_text_and_free_question_type():
    bank = load_bank()
    role = bank.role("nurse")
    q = bank.question(role, "静脉输液前要做哪些查对？")
    assert q.source == "bank" and q.type == "technical" and q.key_concepts
    free = bank.question(role, "讲一次你和同事配合完成任务的经历")
    assert free.source == "free" and free.type == "behavioural"
    assert infer_type("如果病人拒绝吃药，你会怎么办？") == "situational"
    assert infer_type("你为什么选择护理专业？") == "motivation"


def test_from_posting_uses_required_skills_and_closest_role():
    bank = load_bank()
    session = InterviewSession.from_posting(POSTING, bank, count=5)
    assert session.role.id == "cnc_machinist"
    texts = [q.text for q in session.questions]
    assert len(texts) == 5
    assert any("FANUC系统" in t for t in texts) and any("首件检验" in t for t in texts)
    assert session.questions[-1].type == "motivation" and "番禺某精密零件厂" in texts[-1]
    assert any(q.source == "bank" for q in session.questions)
    assert session.extra_terms == ("FANUC系统", "首件检验", "游标卡尺")
    assert session.title == "按岗位：数控车床操作工"


def test_posting_skills_may_be_a_string():
    qs = questions_from_posting({"id": "p", "title": "网店运营", "company": "某电商", "skills": "直播、数据分析"})
    assert [q.source for q in qs] == ["posting"] * 3
    assert "直播" in qs[0].text and "数据分析" in qs[1].text
