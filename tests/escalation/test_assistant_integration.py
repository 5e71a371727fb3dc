"""Escalation inside the real Assistant (real corpus, retriever, SQLite): tickets, hand-back, crisis, knowledge loop."""

from __future__ import annotations

from datetime import date, timedelta

import pytest


@pytest.fixture
def bot(corpus_services):
    return corpus_services


def test_dispute_opens_one_ticket_and_the_counsellor_reply_comes_back(bot):
    a, tickets = bot.assistant, bot.tickets
    first = a.ask("青禾区租房补贴怎么申请？", session_id="s1")
    assert not first.escalated
    reply = a.ask("另外，公司拖欠我三个月工资了，我电话13812345678", session_id="s1")
    assert reply.escalated and reply.route == "escalation" and reply.ticket_id and reply.ticket_id in reply.answer
    again = a.ask("我想申请劳动仲裁", session_id="s1")
    assert again.ticket_id == reply.ticket_id and len(tickets.list()) == 1
    view = tickets.get(reply.ticket_id)
    assert view.priority == "high" and "labour_dispute" in view.reasons
    assert any("拖欠" in t["content"] for t in view.transcript) and "13812345678" not in repr(view.to_json())
    assert first.sources and view.cited == [s.to_json() for s in first.sources]  # the documents the bot cited

    tickets.assign(reply.ticket_id, "wang")
    held = a.ask("我把劳动合同拍照了", session_id="s1")
    assert held.escalated and held.ticket_id == reply.ticket_id and not held.sources
    assert tickets.get(reply.ticket_id).messages[-1]["body"] == "我把劳动合同拍照了"

    tickets.reply(reply.ticket_id, "wang", "收到，请明天上午带原件来服务中心。")
    back = a.ask("老师回复了吗", session_id="s1")
    assert "请明天上午带原件来服务中心" in back.answer
    assert "请明天上午带原件来服务中心" not in a.ask("好的", session_id="s1").answer  # delivered once
    tickets.set_status(reply.ticket_id, "resolved", actor="wang")
    assert not a.ask("青禾区租房补贴怎么申请？", session_id="s1").escalated  # the bot speaks again


def test_crisis_reply_is_immediate(bot):
    reply = bot.assistant.ask("找了半年工作都没着落，我真的不想活了", session_id="s2")
    assert reply.escalated and all(n in reply.answer for n in ("12356", "110", "120"))
    assert "资料里是这样写的" not in reply.answer and not reply.sources  # it asks nothing: no policy clause
    assert bot.tickets.get(reply.ticket_id).priority == "urgent"


def test_distress_with_a_practical_question_gets_the_hotlines_then_the_cited_answer(bot):
    reply = bot.assistant.ask("找了半年工作都没着落，家里全靠我一个人，每天晚上躺着都在想活着还有什么意思。青禾区租房补贴怎么申请？",
                              session_id="s4")
    assert reply.escalated and reply.ticket_id and all(n in reply.answer for n in ("12356", "110", "120"))
    assert reply.answer.index("12356") < reply.answer.index("资料里是这样写的")  # the hotlines first
    assert reply.sources and "[1]" in reply.answer and reply.sources[0].title in reply.answer


def test_traps_go_to_the_bot(bot):
    for message in ("人工智能训练师需要什么证书", "明天面试紧张得要死怎么办", "工伤认定需要什么材料"):
        assert not bot.assistant.ask(message, session_id="s3").escalated, message
    assert bot.tickets.list() == []


def test_two_unresolved_turns_escalate(bot):
    a = bot.assistant
    question = "天河区对应届毕业生有什么租房补贴？"  # a district the sample corpus does not cover: refused
    first = a.ask(question, session_id="s4")
    second = a.ask(question, session_id="s4")
    assert first.refused and second.refused and not second.escalated
    third = a.ask(question, session_id="s4")
    assert third.escalated and "unresolved" in third.escalation_reasons


def test_reviewed_answer_is_cited_until_it_expires(bot):
    tid = bot.tickets.create("s5", ["explicit_request"], "normal", "", [], [])
    q = "见习补贴申请以后多久能到账"
    bot.tickets.mark_reviewed(tid, q, "材料齐全的，一般在次月底前发放到个人账户。", "王老师（区就业中心答复）",
                              date.today() + timedelta(days=30), actor="wang")
    reply = bot.assistant.ask(q, session_id="s6")
    assert reply.sources and reply.sources[0].source.startswith("reviewed:") and "次月底" in reply.answer
    assert bot.tickets.best_reviewed(q, date.today() + timedelta(days=31)) is None
