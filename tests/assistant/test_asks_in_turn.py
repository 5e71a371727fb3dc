"""A district's flexible-employment rule and a city's postings written here: the figures a question asks for take
their room before a yes/no part's clause (能补社保吗 opens a long list of who qualifies), and are given in the order
asked; a figure asked of two things together (养老和医疗各补多少) is given for each from its list; a posting's
requirements asked (要求高不高) include the education and experience it asks for, whose columns are named apart; a
figure asked only of a city no document covers is refused, though the covered district is asked about beside it."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

FLEXIBLE = """# 蒹塘区灵活就业人员社会保险补贴办法

蒹塘区人力资源和社会保障局

第一条 为支持灵活就业，制定本办法。

第二条 补贴对象为户籍或常住地在蒹塘区、以个人身份参加城镇职工基本养老保险和职工基本医疗保险的下列灵活就业人员：
（一）经认定的就业困难人员，包括零就业家庭成员、低保家庭成员、持证残疾人和长期失业的人员；
（二）离校2年内未就业的全日制普通高校毕业生，毕业时间以毕业证书落款日期为准；
（三）在本区从事网约配送、网约车、互联网营销等新就业形态工作满3个月，且月收入低于本区最低工资标准两倍的人员。
本办法所称灵活就业，是指从事个体经营、非全日制工作或依托互联网平台从事新就业形态工作，且未与任何用人单位建立劳动关系的就业方式。

第三条 补贴标准：
（一）基本养老保险补贴每人每月420元；
（二）职工基本医疗保险补贴每人每月160元。

第四条 补贴期限最长不超过24个月，从首次享受补贴的月份起计算；期间中断缴费的，中断期间不予补贴，补贴期限不顺延，享受期满后不再重复享受同类补贴。

第五条 申请人向蒹塘区社会保险经办中心提出申请，电话0571-8765432。
"""

JOBS = """id,title,company,district,salary,education,experience,certificate,deadline
J01,会计,苘州蒹塘建材有限公司,蒹塘区,4500-5600元/月,本科及以上,3年以上,初级会计证,2025-08-31
J02,护士,蒹塘区人民医院,蒹塘区,4800-6000元/月,大专,不限,护士执业资格证,2025-08-31
"""


@pytest.fixture(scope="module")
def district(small_corpus):
    files = {"policies/jiantang_linghuo.md": FLEXIBLE, "jobs/qiongzhou_gangwei.csv": JOBS}
    with small_corpus("asks_in_turn", files) as services:
        yield services


def test_the_figures_asked_take_their_room_before_a_yes_no_parts_list(district):
    reply = ask(district, "我在蒹塘区跑外卖，社保自己交的。听说灵活就业能补社保？一个月补多少？能补多久？")
    assert not reply.refused, reply.answer
    assert "420元" in reply.answer and "24个月" in reply.answer, reply.answer
    assert reply.answer.index("420元") < reply.answer.index("24个月"), reply.answer  # in the order asked


def test_a_figure_asked_of_two_things_together_is_given_for_each(district):
    reply = ask(district, "蒹塘区灵活就业社保补贴，养老和医疗各补多少一个月？")
    assert not reply.refused, reply.answer
    assert "420元" in reply.answer and "160元" in reply.answer, reply.answer


def test_one_thing_asked_gets_its_own_item_only(district):
    """(guard) 养老补多少 names one item: the other is not added."""
    reply = ask(district, "蒹塘区灵活就业的养老保险补贴一个月补多少？")
    assert "420元" in reply.answer and "160元" not in reply.answer, reply.answer


def test_a_postings_requirements_include_the_education_and_experience_it_asks_for(district):
    history = turn("蒹塘区有招护士的吗", "蒹塘区人民医院「护士」（蒹塘区）——月薪：4800-6000元/月[1]")
    reply = ask(district, "那蒹塘区的会计呢？要求高不高，我只有大专", history)
    assert "本科及以上" in reply.answer and "3年以上" in reply.answer and "初级会计证" in reply.answer, reply.answer


def test_a_figure_asked_only_of_an_uncovered_city_is_refused_though_the_covered_one_is_named(district):
    reply = ask(district, "我下个月辞职搬去成都了，成都那边灵活就业社保补贴一个月补多少？蒹塘区这边的还能接着领吗")
    assert reply.refused and "成都" in reply.answer and "420元" not in reply.answer, reply.answer


def test_an_uncovered_city_in_the_story_leaves_the_covered_figure_answered(district):
    """(guard) the figure is asked of the covered district; the other city is where the user was."""
    reply = ask(district, "我以前在成都上班，现在回蒹塘区跑外卖了，灵活就业社保补贴一个月补多少？")
    assert not reply.refused and ("420元" in reply.answer or "160元" in reply.answer), reply.answer
