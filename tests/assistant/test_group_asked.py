"""A district's flexible-employment rule written here, whose figures differ by the group of people they are for
(就业困难人员, 高校毕业生): a question whose story names one group (去年7月大专毕业) is told that group's figures, not
the other group's, whether the two are separate list items or two parts of one sentence (between ；); a question
naming no group is told both."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

FLEXIBLE = """# 菰溆区灵活就业人员社会保险补贴实施办法

菰溆区人力资源和社会保障局

第一条 为鼓励以灵活方式就业，制定本办法。

第二条 以个人身份在菰溆区参加城镇职工基本养老保险和职工基本医疗保险的灵活就业人员，可申请社会保险补贴。

第三条 补贴标准：就业困难人员按实际缴纳基本养老保险费和基本医疗保险费的2/3给予补贴，每人每月最高520元；离校2年内未就业的高校毕业生按实际缴费额的1/2给予补贴，每人每月最高330元。

第四条 补贴期限：
（一）就业困难人员补贴期限最长不超过36个月，距法定退休年龄不足5年的，可延长至法定退休年龄；
（二）离校2年内未就业的高校毕业生补贴期限最长不超过18个月。

第五条 申请人向菰溆区就业服务中心提出申请，电话0571-8123456。
"""


@pytest.fixture(scope="module")
def district(small_corpus):
    with small_corpus("group_asked", {"policies/guxu_linghuo.md": FLEXIBLE}) as services:
        yield services


def test_a_graduate_is_told_the_graduates_period_not_the_other_groups(district):
    reply = ask(district, "我去年7月大专毕业，一直没找到正式工作，现在在菰溆区跑外卖，社保自己交的。能补多久？")
    assert not reply.refused, reply.answer
    assert "18个月" in reply.answer and "36个月" not in reply.answer, reply.answer


def test_a_graduate_is_told_the_graduates_part_of_a_sentence_for_two_groups(district):
    reply = ask(district, "我去年7月大专毕业，在菰溆区按灵活就业交社保，一个月最多能补多少？")
    assert not reply.refused, reply.answer
    assert "330元" in reply.answer and "520元" not in reply.answer, reply.answer


def test_one_of_the_other_group_is_told_that_groups_figures(district):
    reply = ask(district, "我是就业困难人员，在菰溆区灵活就业交社保，一个月最多能补多少？最长补多久？")
    assert not reply.refused, reply.answer
    assert "520元" in reply.answer and "36个月" in reply.answer, reply.answer
    assert "330元" not in reply.answer and "18个月" not in reply.answer, reply.answer


def test_a_question_naming_no_group_is_told_both(district):
    """(guard) nothing tells which group asks: the whole sentence is quoted."""
    reply = ask(district, "菰溆区灵活就业社保补贴一个月最多能补多少？")
    assert "520元" in reply.answer and "330元" in reply.answer, reply.answer
