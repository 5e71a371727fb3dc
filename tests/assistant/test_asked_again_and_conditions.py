"""Several asks of one kind in one message, each about a different thing, on a small made-up district rule written
here: the later ask takes the clause that means it most among those on the subject, however far the whole
question's words rank it; a plan the user tells (想招几个应届生) asks no count; 有没有额外奖励 asks an amount."""

from __future__ import annotations

import pytest

from knowledge.query import classify_asks
from tests.conftest import ask_dry_run as ask

RULE = """# 枳汀区就业见习补贴实施细则

枳汀区人力资源和社会保障局

第一条 本细则适用于在枳汀区注册登记并经区人力资源和社会保障局认定的就业见习单位。

第二条 见习对象为离校2年内未就业的高校毕业生和16至24周岁失业青年。

第三条 申请认定见习单位，应在枳汀区依法注册满1年，能提供不少于5个见习岗位，并为见习人员指定带教人员。

第四条 见习单位应按月向见习人员发放不低于1900元/人/月的基本生活费。区财政按1600元/人/月的标准向见习单位发放见习补贴。

第五条 区财政按200元/人/月的标准向见习单位发放带教费，专项用于带教人员的指导报酬。

第六条 见习单位应为见习人员办理人身意外伤害保险，区财政按实际缴费给予补贴，每人每月最高30元。

第七条 见习期满留用率达到50%以上的，按每留用1人给予见习单位一次性2600元留用奖励。

第八条 见习单位应在见习期满后3个月内一次性申请补贴。受理地点：枳汀区公共就业服务中心。
"""


@pytest.fixture(scope="module")
def district(small_corpus):
    with small_corpus("zhiting_again", {"policies/zhiting_jianxi.md": RULE}) as services:
        yield services


def test_a_second_amount_asked_of_another_thing_gets_its_own_clause(district):
    reply = ask(district, "我们公司注册在枳汀区快3年了，想招几个应届毕业生来见习，区里给单位补多少钱一个月？见习完留下来的有没有奖励？")
    assert not reply.refused, reply.answer
    assert "1600元" in reply.answer and "2600元" in reply.answer, reply.answer


@pytest.mark.parametrize("text, kinds", [
    ("我们公司想招几个应届毕业生来见习", []),  # the user's plan: no count asked
    ("打算招几个学徒，有补贴吗", []),
    ("见习基地最少要提供几个岗位", ["count"]),  # a count asked
    ("要招几个人才能认定见习基地", ["count"]),
    ("还有没有额外奖励", ["eligibility", "amount"]),  # whether there is one, and how much
])
def test_what_a_part_asks(text, kinds):
    assert classify_asks(text) == kinds
