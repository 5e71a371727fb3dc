"""The real government texts (used from ../shared/real-world, never copied) ingested like any admin would: a
question naming each document's place is answered from it, never refused as "no policy for that district"; a
place none of them covers (成都, 南山区) is refused."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

ASKED = {
    "baoan_shortage_talent_2016.txt": "宝安区紧缺人才需要什么学历？",
    "haidian_returnee_2025.txt": "海淀区留学回国人才引进需要提交哪些申报材料？",
    "beijing_graduate_intro_2021.txt": "北京市引进毕业生的年龄条件是什么？",
    "beijing_talent_intro_2018.txt": "企业注册在北京市城六区的，引进人才的收入要达到平均工资的几倍？",
    "beijing_returnee_2009.txt": "北京市对留学人员来京创业有什么支持？",
    "dalian_employment_policies.txt": "大连市一次性求职创业补贴多少钱？",
    "shanghai_lingang_shuangte.txt": "上海市临港地区对人才有什么政策？",
}
NOT_COVERED = ["成都有什么人才引进政策？", "南山区的人才补贴政策是什么？"]


@pytest.mark.parametrize("source", sorted(ASKED))
def test_a_question_naming_the_documents_place_is_answered_from_it(realworld_services, source):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(ASKED[source], history=[])
    assert reply.route == "policy"
    assert "的政策」" not in reply.answer, reply.answer  # never "no policy for that district"
    assert not reply.refused and source in [s.source for s in reply.sources], (reply.answer, reply.sources)


@pytest.mark.parametrize("question", NOT_COVERED)
def test_a_place_no_document_covers_is_refused(realworld_services, question):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(question, history=[])
    assert reply.refused and reply.sources == [], reply.answer


def test_docs_and_gaps_never_separate_city_district_from_district(realworld_services):
    import json

    from click.testing import CliRunner

    from zhitu.cli import main

    out = CliRunner().invoke(main, ["docs", "--json"], obj=realworld_services)
    assert out.exit_code == 0, out.output
    scopes = {d["source"]: d["scope"] for d in json.loads(out.output)}
    assert scopes["baoan_shortage_talent_2016.txt"]["places"] == ["宝安区"]
    assert scopes["dalian_employment_policies.txt"] == {"places": ["大连市"], "issuer": "中山区人社局", "covers": ["中山区", "长海县"]}


def test_starter_questions_are_written_from_these_documents(realworld_services):
    import prompts
    from knowledge.starters import starter_questions

    templates = [t for t in prompts.load("starter_questions").splitlines() if t.strip()]
    starters = starter_questions(realworld_services.kb, templates)
    assert starters and "北京市引进毕业生怎么申请？" in starters, starters
    assert all("{" not in q for q in starters)  # a template with a slot these documents cannot fill is left out
