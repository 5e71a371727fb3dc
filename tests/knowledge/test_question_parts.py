"""A part of a question asks something when it ends with a question ending, even with an emoji or a tilde after it."""

from __future__ import annotations

import pytest

from knowledge.query import question_parts


@pytest.mark.parametrize("question", ["创业补贴是多少？我想开个奶茶店 还算毕业五年内吗😂",
                                      "创业补贴是多少 我想开个奶茶店 还算毕业五年内吗~~"])
def test_an_emoji_after_the_question_ending_still_asks(question):
    parts = dict(question_parts(question))
    assert parts["还算毕业五年内吗😂" if "😂" in question else "还算毕业五年内吗~~"] is True
    assert parts["我想开个奶茶店"] is False


def test_a_colon_separates_parts_but_not_a_time():
    parts = [p for p, _ in question_parts("想问有没有时间要求：毕业后在国外待多久以内还算数？中午12:00前交吗")]
    assert parts == ["想问有没有时间要求", "毕业后在国外待多久以内还算数", "中午12:00前交吗"]


def test_a_told_span_of_time_asks_nothing():
    parts = dict(question_parts("之后在那边实习了几个月，好几年没回来，回国以后多久之内得去申请？"))
    assert parts["之后在那边实习了几个月"] is False and parts["好几年没回来"] is False
    assert parts["回国以后多久之内得去申请"] is True
