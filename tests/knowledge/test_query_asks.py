"""What a question asks for, read from its wording (knowledge/data/asks.json): the kinds, in the order asked."""

from __future__ import annotations

import re

import pytest

from knowledge.query import Vocabulary, analyse, ask_kinds, classify_asks, question_places


@pytest.mark.parametrize("question, asks", [
    ("本科生每个月补贴多少钱？", ["amount"]),
    ("这个补贴能领多久？", ["duration"]),
    ("申请人最多多少岁？", ["age"]),  # 多少岁 is an age, not an amount
    ("申报截止到哪天？", ["deadline"]),
    ("需要带什么材料？", ["materials"]),
    ("去哪里办理？", ["procedure"]),
    ("我这种情况符合条件吗？", ["eligibility"]),
    ("咨询电话是多少？", ["contact"]),
    ("每年招多少人？", ["count"]),
    ("两个区的补贴有什么区别？", ["comparison"]),
    ("每月给多少，能领几年，去哪申请？", ["amount", "duration", "procedure"]),  # several asks, in order
    ("去哪申请？每月给多少？", ["procedure", "amount"]),
    ("你好", []),
    # colloquial wordings
    ("这个补贴咋算的", ["amount"]),
    ("返还多少比例？", ["amount"]),
    ("几点前要交？", ["deadline"]),  # 几 of 几点 is a time, not an amount
    ("要交啥东西", ["materials"]),
    ("单位那边要交哪几样东西", ["materials"]),  # 几 of 几样东西 counts documents, it asks no amount
    ("咋申请", ["procedure"]),
    ("这事问谁", ["contact"]),
    ("我30岁还能申请不", ["eligibility"]),
    ("居住证积分能加多少分", ["count"]),
    ("分别是社平工资的几倍", ["amount"]),  # a multiple is the asked figure
    ("本来在外地做了几年机械设计", []),  # 做了几年 tells the story, it asks nothing
    ("在家歇了好几个月", []),
    ("待遇差挺多的，到底差在哪", ["comparison"]),  # 差在哪 asks the difference, not a place
    ("听说能补贴？按什么补", ["amount"]),  # by what standard: the amount
    ("是不是要开满一段时间才能申请", ["duration"]),  # 一段时间 is a span asked, not a date
    ("孩子上学会不会乱收费", ["fee"]),  # whether anything is charged, not a sum
    ("入学要额外交钱不", ["fee"]),
    ("入学要交多少钱", ["amount"]),  # guard: a sum asked
    ("几点", ["deadline"]),  # 几 of 几点 is a time of day, not an amount
    ("想申请租房补贴，材料交到哪里？", ["procedure"]),  # where the materials go, not which materials
    ("要交哪些材料？交到哪？", ["materials", "procedure"]),
    # a few of something told, not a number asked: 那几个证, 有几个问题, 问几个事, 跑几个地方 (the trips a procedure takes)
    ("外国人那几个证是不是要分开跑好几趟", []),
    ("有几个问题：1.社保证明要单位版吗？", ["materials"]),
    ("问几个事：要交哪些材料？", ["materials"]),
    ("办证要跑几个地方？", []),
    ("每个专业各招多少人？", ["count"]),  # a number asked still is
    ("今年打算招几个人，能领几次补贴？", ["count"]),
])
def test_ask_kinds_in_the_order_asked(question, asks):
    assert classify_asks(question) == asks


@pytest.mark.parametrize("question, places", [
    ("我在西山市上班", ["西山市"]),  # the words before a place are not part of its name
    ("我们小区附近有招聘吗", []),  # a common noun that ends like a place is not one (core.places)
    ("北原市东坡区的补贴", ["北原市", "东坡区"]),
])
def test_places_a_question_names(question, places):
    assert question_places(question) == places


@pytest.mark.parametrize("question, places", [
    ("公司注册在东坡区，税在西山区交，是直接找市人社局吗", ["东坡区", "西山区"]),  # 接找市 starts inside 直接
    ("听说去县里就业住房上有照顾？", []),  # 听说去县 holds a verb
    ("报到市人社局以后审核要多久？", []),  # 报到 before 市 is a verb, not a name (jieba splits 报/到/市 here)
    ("我在栖梧区上班，有补贴吗", ["栖梧区"]),  # a name jieba does not know still reads as one
    ("想去北原市工作", ["北原市"]),
])
def test_a_place_no_document_covers_must_read_as_a_name(question, places):
    """A suffix found in running words (直接找市人社局, 听说去县里) names no place: no refusal for 「接找市」."""
    assert analyse(question, Vocabulary.from_metadata([])).places == places


@pytest.mark.parametrize("clause, holds_date", [
    ("每月1日至15日受理申请", True),
    ("本科毕业生每人每月700元，最长补贴36个月", False),  # 每月 + an amount is no date
])
def test_a_monthly_amount_is_no_date(clause, holds_date):
    assert bool(re.search(ask_kinds()["deadline"]["fact"], clause)) is holds_date


@pytest.mark.parametrize("clause, span", [
    ("每月1日至15日受理申请", []),  # the last day of a window is a date, not a span of fifteen days
    ("补贴期限最长36个月", ["36个月"]),
    ("自受理之日起10个工作日内完成审核", ["10个工作日"]),
])
def test_the_end_of_a_date_window_is_no_duration(clause, span):
    assert [m.group(0) for m in re.finditer(ask_kinds()["duration"]["fact"], clause)] == span


def test_a_word_jieba_tags_a_place_name_that_is_none_is_no_place():
    from knowledge.tokenize import place_names

    assert place_names("这些计划我都没沾边。我自己能办不？") == []  # 沾边 (ns in jieba's lexicon): not_place_words
    assert place_names("我在成都上班") == ["成都"]
