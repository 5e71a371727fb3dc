"""A long story stays long when its words are verbs and fillers (上班, 找到, 认定, 他这种): the district's own rule
answers the status it asks about even when its clauses repeat none of the story's words — not the city-wide rule's
lines on another subject. Small made-up corpus written here."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 沣溪市人民政府办公室关于印发《沣溪市稳就业若干措施》的通知

各区人民政府，市政府各部门：

一、灵活就业社会保险补贴。就业困难人员灵活就业的，补贴期限最长不超过3年；高校毕业生补贴期限最长不超过2年。

二、创业担保贷款。符合条件的个人创业者可申请最高30万元创业担保贷款。

三、求职创业补贴。对毕业年度有求职意愿的低保家庭高校毕业生，每人给予一次性1200元的求职创业补贴。

四、见习补贴。见习人员见习期间基本生活费不低于当地最低工资标准，人身意外伤害保险费标准为600元/人。

五、办理程序。申请人向就业地或户籍地所在区人力资源和社会保障部门提出申请。
"""
OWN = """# 岑湾区就业困难人员认定办法

一、就业困难人员认定

（一）认定范围。在法定劳动年龄内、处于失业状态并已办理失业登记的下列人员，可申请认定为就业困难人员：

1. 女性年满40周岁、男性年满50周岁的失业人员；

2. 连续失业1年以上的人员。

（二）认定程序。申请人向户籍地街道（镇）便民服务中心提出申请，区公共就业服务中心自收到材料之日起10个工作日内完成认定。
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/fengxi_shi_wenjiuye_cuoshi.md": CITY, "policies/cenwan_qu_kunnan_rending.md": OWN}
    with small_corpus("story_fillers", files) as services:
        yield services


def test_a_long_story_of_verbs_is_answered_from_the_district_rule(city):
    reply = ask(city, "我老公今年52了 原来在岑湾那边纺织厂上班 厂子去年关了 到现在一直没找到活 听人说可以认定什么就业困难人员 "
                      "他这种算不算 要去哪里办")
    assert not reply.refused, reply.answer
    assert "50周岁" in reply.answer or "便民服务中心" in reply.answer, reply.answer
    assert "全市" not in reply.answer and "30万元" not in reply.answer, reply.answer

