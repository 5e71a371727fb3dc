"""A personal case across several rules goes to a counsellor with what the documents say of the rules it names
quoted, never a total of ours; a subject a district's own rule does not deal with is answered from the city-wide
rule (a small made-up city written here)."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 檀峪市就业见习补贴办法

檀峪市人力资源和社会保障局

第一条 本办法适用于檀峪市各区，区级办法另有规定的从其规定。

第二条 见习单位吸纳离校2年内未就业高校毕业生参加就业见习的，按每人每月1500元给予见习补贴。

第三条 见习单位向所在区公共就业服务中心提出申请。

第四条 申请材料：见习补贴申请表、见习协议、见习人员花名册。咨询电话：0739-6120001。

第五条 高校毕业生在本市就业的，本科每人每月给予租房补贴800元，补贴期限最长24个月。
"""
DISTRICT = """# 柘岚区就业见习补贴实施细则

柘岚区人力资源和社会保障局

第一条 在柘岚区注册的见习单位适用本细则。

第二条 区财政按每人每月1700元的标准向见习单位发放见习补贴。

第三条 受理地点：柘岚区公共就业服务中心（柘岚区兴岚路6号）。
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/tanyu_jianxi.md": CITY, "policies/zhelan_jianxi.md": DISTRICT}
    with small_corpus("tanyu_stands", files) as services:
        yield services


def test_a_subject_the_district_does_not_deal_with_is_the_city_wides(city):
    reply = ask(city, "我在柘岚区上班，本科毕业，租房补贴每个月多少？")
    assert not reply.refused, reply.answer
    assert "800元" in reply.answer, reply.answer


def test_a_personal_case_across_rules_goes_to_a_counsellor_with_the_rules_quoted(city):
    reply = ask(city, "帮我算算：我本科毕业在柘岚区上班，单位先让我见习几个月，租房补贴和见习补贴加起来一年一共能拿多少？")
    assert reply.escalated and reply.escalation_reasons == ["complex_case"], reply.answer
    assert "800元" in reply.answer or "1700元" in reply.answer, reply.answer  # the rules of the case, cited
    assert "9600" not in reply.answer and "20400" not in reply.answer, reply.answer  # no total of ours


def test_whoever_is_handed_to_a_counsellor_also_gets_what_the_documents_say(city):
    # a request for a person (explicit_request, by rule) that also asks something practical: the ticket first, then
    # the documents' answer, cited (the counsellor confirms it); never instead of the ticket
    reply = ask(city, "麻烦帮我转人工老师，另外想先问一下柘岚区的见习补贴每人每月是多少？")
    assert reply.escalated and reply.escalation_reasons == ["explicit_request"], reply.answer
    assert "1700元" in reply.answer and reply.sources, reply.answer
    assert reply.answer.index("1700元") > reply.answer.index("老师"), reply.answer


def test_a_request_for_a_person_that_asks_nothing_gets_no_clause(city):
    reply = ask(city, "我不想跟机器说了，帮我转人工")
    assert reply.escalated and "1700元" not in reply.answer and not reply.sources, reply.answer


def test_a_legal_matter_handed_to_a_counsellor_gets_no_clause(city):
    # a labour dispute is the counsellor's whole: no rule of the documents is quoted beside the ticket
    reply = ask(city, "我在柘岚区一家公司见习，公司突然把我辞退了，一分钱补偿都没给，N+1怎么算？见习补贴是不是也不给了？")
    assert reply.escalated and "labour_dispute" in reply.escalation_reasons, reply.answer
    assert "1700元" not in reply.answer and "1500元" not in reply.answer and not reply.sources, reply.answer


@pytest.mark.parametrize("question", [
    "那我这种情况两年下来总共能拿到多少？见习补贴加租房补贴一起帮我算算",
])
def test_a_case_the_detector_sends_to_a_counsellor_still_gets_the_rules_quoted(city, question):
    # a follow-up asking for a total across rules: what the documents say of each rule comes with the ticket, never
    # a total of ours
    history = [{"role": "user", "content": "柘岚区本科毕业生租房补贴每月多少？"},
               {"role": "assistant", "content": "根据《檀峪市就业见习补贴办法》：本科每人每月给予租房补贴800元。[1]"}]
    reply = ask(city, question, history)
    assert reply.escalated, reply.answer
    assert "800元" in reply.answer or "1700元" in reply.answer, reply.answer
    assert "19200" not in reply.answer and "40800" not in reply.answer, reply.answer


def test_a_case_naming_several_benefits_gets_each_ones_rule(city):
    # the story names each benefit (租房补贴, 见习补贴, 创业担保贷款 of a rule no document has): what the documents say
    # of each one they cover is quoted, each read without the story's words about the others, never a total of ours
    reply = ask(city, "我本科毕业，在柘岚区一家公司见习，自己在外面租房住，还打算以后申请创业担保贷款。"
                      "租房补贴+见习补贴+创业担保贷款，一年下来总共能拿多少？帮我算算")
    assert reply.escalated and reply.escalation_reasons == ["complex_case"], reply.answer
    assert "800元" in reply.answer and "1700元" in reply.answer, reply.answer
    assert "9600" not in reply.answer and "20400" not in reply.answer, reply.answer
