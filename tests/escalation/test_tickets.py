"""TicketService on SQLite and on a real PostgreSQL server: workflow, audit, masking, hand-back, knowledge loop."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from assistant.tickets import TRANSITIONS, TicketService, format_id
from core.db import audit_log
from core.db import tickets as tickets_table
from core.errors import InvalidTransition, NotFoundError

TRANSCRIPT = [
    {"role": "user", "content": "公司拖欠我三个月工资，我的电话13812345678，身份证440106199001011234"},
    {"role": "assistant", "content": "这个问题需要老师来帮你处理。"},
]
CITED = [{"source": "天河区珍宝十条.pdf", "title": "天河区人才政策", "page": 2, "section": "第三条", "score": 0.8}]


def _open(svc: TicketService, session="s1", **kw) -> str:
    args = {"reasons": ["labour_dispute"], "priority": "high", "summary": "欠薪三个月，电话13812345678", "transcript": TRANSCRIPT, "cited": CITED}
    args.update(kw)
    return svc.create(session, **args)


def test_create_and_view_masks_pii(ticket_service):
    tid = _open(ticket_service, contact="13812345678")
    view = ticket_service.get(tid)
    assert view.id == tid and view.status == "new" and view.priority == "high"
    assert view.reasons == ["labour_dispute"] and view.cited == CITED
    text = repr(view.to_json())
    assert "13812345678" not in text and "440106199001011234" not in text
    assert "138****5678" in view.transcript[0]["content"] and "440106" in view.transcript[0]["content"]
    assert view.contact == "138****5678"
    assert ticket_service.reveal_contact(tid, actor="li") == "13812345678"
    assert [e.action for e in ticket_service.audit(tid)][-1] == "contact_revealed"


def test_second_escalation_in_open_session_adds_to_the_ticket(ticket_service):
    first = _open(ticket_service)
    longer = [*TRANSCRIPT, {"role": "user", "content": "我还想死"}]
    second = _open(ticket_service, reasons=["self_harm"], priority="urgent", transcript=longer, cited=[])
    assert first == second
    view = ticket_service.get(first)
    assert view.reasons == ["labour_dispute", "self_harm"] and view.priority == "urgent" and len(view.transcript) == 3
    assert len(ticket_service.list()) == 1
    assert [e.action for e in ticket_service.audit(first)] == ["created", "escalated_again"]


def test_new_ticket_after_resolution(ticket_service):
    first = _open(ticket_service)
    ticket_service.assign(first, "wang")
    ticket_service.set_status(first, "resolved", actor="wang")
    assert ticket_service.open_for_session("s1") is None
    second = _open(ticket_service)
    assert second != first and ticket_service.open_for_session("s1").id == second


def test_state_machine(ticket_service):
    tid = _open(ticket_service)
    with pytest.raises(InvalidTransition):
        ticket_service.set_status(tid, "resolved", actor="wang")  # nobody has taken it
    with pytest.raises(InvalidTransition):
        ticket_service.set_status(tid, "waiting_for_seeker", actor="wang")
    ticket_service.assign(tid, "wang")
    ticket_service.set_status(tid, "waiting_for_seeker", actor="wang")
    ticket_service.set_status(tid, "assigned", actor="wang")
    ticket_service.set_status(tid, "resolved", actor="wang")
    with pytest.raises(InvalidTransition):
        ticket_service.set_status(tid, "assigned", actor="wang")
    with pytest.raises(InvalidTransition):
        ticket_service.reply(tid, "wang", "还有问题吗")
    ticket_service.set_status(tid, "closed", actor="wang")
    for status in ("new", "assigned", "waiting_for_seeker", "resolved", "closed"):
        with pytest.raises(InvalidTransition):
            ticket_service.set_status(tid, status, actor="wang")
    with pytest.raises(InvalidTransition):
        ticket_service.set_status(tid, "archived", actor="wang")
    with pytest.raises(NotFoundError):
        ticket_service.get("ZT-999999")


@pytest.mark.parametrize("start", ["new", "assigned", "waiting_for_seeker", "resolved", "closed"])
def test_every_transition_is_checked(engine, settings, start):
    svc = TicketService(engine, settings)
    for target in ("new", "assigned", "waiting_for_seeker", "resolved", "closed"):
        tid = svc.create(f"{start}-{target}", ["explicit_request"], "normal", "", [], [])
        with engine.begin() as conn:  # put the ticket straight into the start state
            conn.execute(tickets_table.update().where(tickets_table.c.id == int(tid[3:])).values(status=start))
        if target in TRANSITIONS[start]:
            assert svc.set_status(tid, target, actor="wang").status == target
        else:
            with pytest.raises(InvalidTransition):
                svc.set_status(tid, target, actor="wang")


def test_audit_is_complete(ticket_service, engine):
    tid = _open(ticket_service, session="s9")
    ticket_service.reply(tid, "wang", "你好，请提供劳动合同，我的电话13900001111")
    assert ticket_service.pending_replies("s9")
    ticket_service.seeker_message("s9", "好的，合同在这里")
    ticket_service.set_status(tid, "resolved", actor="wang", note="已指导申请仲裁")
    ticket_service.mark_reviewed(tid, "被拖欠工资怎么办", "先收集证据再申请仲裁", "老师回复", date.today() + timedelta(days=30), actor="wang")
    entries = ticket_service.audit(tid)
    assert [(e.actor, e.action) for e in entries] == [
        ("assistant", "created"),
        ("wang", "status"),  # new → assigned by replying
        ("wang", "replied"),
        ("wang", "status"),  # assigned → waiting_for_seeker
        ("seeker", "reply_delivered"),
        ("seeker", "seeker_message"),  # waiting_for_seeker → assigned
        ("wang", "status"),  # → resolved
        ("wang", "marked_reviewed"),
    ]
    assert [e.detail.get("to") for e in entries if e.action == "status"] == ["assigned", "waiting_for_seeker", "resolved"]
    assert all(e.at is not None and e.at.tzinfo is not None for e in entries)
    with engine.connect() as conn:
        details = " ".join(conn.execute(sa.select(audit_log.c.detail)).scalars())
    assert "13900001111" not in details and "13812345678" not in details


def test_reply_reaches_the_seeker_once_and_holds_the_bot(ticket_service):
    tid = _open(ticket_service, session="s2")
    assert not ticket_service.is_held("s2")
    assert ticket_service.pending_replies("s2") == []
    ticket_service.assign(tid, "wang")
    assert ticket_service.is_held("s2")
    ticket_service.reply(tid, "wang", "你好，我是王老师，请带上工资条来咨询。")
    replies = ticket_service.pending_replies("s2")
    assert len(replies) == 1 and "王老师" in replies[0] and tid in replies[0]
    assert ticket_service.pending_replies("s2") == []
    assert ticket_service.get(tid).status == "waiting_for_seeker" and ticket_service.is_held("s2")
    ticket_service.set_status(tid, "resolved", actor="wang")
    assert not ticket_service.is_held("s2")
    assert ticket_service.pending_replies("other") == []


def test_reply_after_resolve_is_still_delivered(ticket_service):
    tid = _open(ticket_service, session="s3")
    ticket_service.reply(tid, "wang", "已经帮你联系了劳动监察大队。")
    ticket_service.set_status(tid, "resolved", actor="wang")
    assert len(ticket_service.pending_replies("s3")) == 1


def test_queue_sorted_by_priority_then_age(engine, settings):
    clock = {"t": datetime(2025, 3, 3, 2, 0, tzinfo=UTC)}

    def tick():
        clock["t"] += timedelta(minutes=1)
        return clock["t"]

    svc = TicketService(engine, settings, clock=tick)
    a = svc.create("a", ["explicit_request"], "normal", "", [], [])
    b = svc.create("b", ["labour_dispute"], "high", "", [], [])
    c = svc.create("c", ["self_harm"], "urgent", "", [], [])
    d = svc.create("d", ["fraud"], "high", "", [], [])
    assert [t.id for t in svc.list()] == [c, b, d, a]
    svc.assign(b, "wang")
    assert [t.id for t in svc.list(status="new")] == [c, d, a]
    assert [t.id for t in svc.list(priority="high")] == [b, d]
    assert [t.id for t in svc.list(assignee="wang")] == [b]
    assert [t.id for t in svc.list(status="open")] == [c, b, d, a]


def test_reviewed_answers_expire(ticket_service):
    tid = _open(ticket_service)
    today = datetime.now(UTC).date()
    ticket_service.mark_reviewed(tid, "仲裁要多久", "一般45日内审结", "王老师审核", today + timedelta(days=10), actor="wang")
    ticket_service.mark_reviewed(None, "补贴何时发放", "次月发放", "区人社局答复", today + timedelta(days=1), actor="wang")
    assert [a.question for a in ticket_service.reviewed_answers()] == ["仲裁要多久", "补贴何时发放"]
    assert [a.question for a in ticket_service.reviewed_answers(today + timedelta(days=5))] == ["仲裁要多久"]
    assert ticket_service.reviewed_answers(today + timedelta(days=11)) == []
    assert ticket_service.reviewed_answers()[0].ticket_id == tid


def test_service_hours(ticket_service):
    tz = timezone(timedelta(hours=8))
    monday_10 = datetime(2025, 3, 3, 10, 0, tzinfo=tz)
    friday_19 = datetime(2025, 3, 7, 19, 0, tzinfo=tz)
    saturday = datetime(2025, 3, 8, 11, 0, tzinfo=tz)
    early = datetime(2025, 3, 4, 7, 30, tzinfo=tz)
    assert ticket_service.service_hours(monday_10).open
    off = ticket_service.service_hours(friday_19)
    assert not off.open and off.next_open.date() == date(2025, 3, 10) and "3月10日" in off.message and "09:00" in off.message
    assert ticket_service.service_hours(saturday).next_open.date() == date(2025, 3, 10)
    assert ticket_service.service_hours(early).next_open.date() == date(2025, 3, 4)
    ack = ticket_service.acknowledgement(format_id(7), friday_19)
    assert "ZT-000007" in ack and "3月10日" in ack


def test_concurrent_escalations_do_not_duplicate(ticket_service):
    ids: list[str] = []
    errors: list[BaseException] = []

    def worker(i: int):
        try:
            ids.append(_open(ticket_service, session=f"c{i % 5}", summary=f"第{i}次"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(ids)) == 5 and len(ticket_service.list()) == 5
    for view in ticket_service.list():
        actions = [e.action for e in ticket_service.audit(view.id)]
        assert actions[0] == "created" and actions.count("created") == 1 and len(actions) == 4
