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
