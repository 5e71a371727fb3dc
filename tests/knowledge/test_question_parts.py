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
