"""Contact asks on a small made-up notice written here: a phone asked (有问题打谁电话) is answered by the clause that
gives the numbers, not by the one that gives the mailbox; a mailbox and a phone asked in two parts are two asks,
each answered."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

NOTICE = """# 关于开展潾湾区2025年制造业紧缺人才岗位需求预申报工作的通知

各相关企业：

为做好制造业紧缺人才引进工作，现将岗位需求预申报有关事项通知如下。

一、申报范围。在潾湾区注册、纳税的制造业企业可申报紧缺人才岗位需求，房地产企业不纳入范围。

二、申报时间。请预申报企业于9月12日（星期五）下午17:00前将申报表报送至联络邮箱linwanrc2025@163.com，逾期不报视为自动放弃资格。

三、获得名额的企业需按申报材料清单提交纸质材料到潾湾区工业和信息化局（滨江路88号606室）。

潾湾区工业和信息化局
2025年9月1日
（联系人：钟先生，26631570；蔡女士，26631582）
"""


@pytest.fixture(scope="module")
def notice(small_corpus):
    with small_corpus("linwan_contact", {"policies/linwan_jinque_rencai_yushenbao.md": NOTICE}) as services:
        yield services


def test_a_phone_asked_after_the_deadline_gets_the_numbers(notice):
    history = turn("潾湾那个制造业紧缺人才预申报啥时候截止",
                   "根据通知，预申报企业需于9月12日（星期五）下午17:00前报送至联络邮箱linwanrc2025@163.com。")
    reply = ask(notice, "有问题打谁电话", history)
    assert not reply.refused, reply.answer
    assert "26631570" in reply.answer, reply.answer


def test_a_mailbox_and_a_phone_asked_in_two_parts_are_both_answered(notice):
    reply = ask(notice, "潾湾区制造业紧缺人才岗位需求预申报 几号截止？发哪个邮箱 有问题打谁电话")
    assert not reply.refused, reply.answer
    for fact in ("9月12日", "linwanrc2025@163.com", "26631570"):
        assert fact in reply.answer, (fact, reply.answer)
