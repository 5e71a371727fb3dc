"""Fixtures for the insight tests: services on SQLite and on a real PostgreSQL server, and a known mix of turns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

TZ = ZoneInfo("Asia/Shanghai")
PHONE = "13912345678"
COMMENT_PHONE = "13812345678"
# Two topics the sample corpus does not cover: startup loans (A) and working abroad (B).
TOPIC_A = ["创业担保贷款怎么申请？", "自己开店能申请创业贷款吗", f"我的手机{PHONE}，创业贷款额度最高多少", "大学生创业有没有无息贷款"]
TOPIC_B = ["出国劳务要办哪些手续", "去日本打工需要什么签证", "海外务工的中介靠谱吗"]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_services(request, zhitu_env, embed_cache):
    from core.settings import load_settings
    from zhitu.compose import build_services

    overrides = {}
    if request.param == "postgresql":
        overrides["database_url"] = request.getfixturevalue("pg_server").new_database()
    services = build_services(load_settings(**overrides))
    yield services
    services.engine.dispose()


@dataclass
class Mix:
    """What ``fill_known_mix`` stored (the test checks the figures against these by hand-counted constants)."""

    since: str
    until: str
    days: list[str]


def _noon(day) -> datetime:
    return datetime.combine(day, time(12), TZ).astimezone(UTC)


def fill_known_mix(services) -> Mix:
    """Twelve turns over three days in five sessions (one spanning two days): 4 answered (one 👍, one 👎), 6 refused in two topics (three with
    a 👎), 2 escalated for two reasons; two tickets (one replied after 30 minutes and resolved, one open 2 hours)."""
    from assistant.records import Reply, Source
    from assistant.tickets import TicketService
    from assistant.turns import TurnLog

    now = datetime.now(UTC)
    today = now.astimezone(TZ).date()
    days = [today - timedelta(days=2 - i) for i in range(3)]
    fb = services.feedback

    def turn(day_index, session, question, latency, *, refused=False, escalated=False, llm=False, fallback=None, route="policy"):
        log = TurnLog(services.engine, "Asia/Shanghai", clock=lambda: _noon(days[day_index]))
        reply = Reply(answer="答复", refused=refused, escalated=escalated, route="escalation" if escalated else route,
                      latency_ms=latency, fallback_reason=fallback,
                      sources=[] if refused or escalated else [Source("a.pdf", "A", 1, "", 1.0)])
        return log.record(session, question, reply, llm=llm), question

    # day 0
    t, q = turn(0, "s1", "本科生租房补贴多少钱", 100)
    fb.add("s1", q, "答复", 1, ["a.pdf"], "policy", turn_id=t)
    turn(0, "s1", "怎么申请", 120)
    turn(0, "s1", "要交哪些材料", 140)
    turn(0, "s2", TOPIC_A[0], 50, refused=True)
    turn(0, "s2", TOPIC_A[1], 60, refused=True)
    # day 1
    turn(1, "s3", TOPIC_A[2], 70, refused=True)
    turn(1, "s3", TOPIC_B[0], 80, refused=True)
    t, q = turn(1, "s3", TOPIC_B[1], 900, llm=True, fallback="unsupported numbers ['3000元']")
    fb.add("s3", q, "答复", -1, ["a.pdf"], "policy", turn_id=t, reason="not_answered", comment=f"打我电话{COMMENT_PHONE}")
    t, q = turn(1, "s6", TOPIC_A[3], 55, refused=True, llm=True)
    fb.add("s6", q, "答复", -1, [], "policy", turn_id=t, reason="want_human")
    t, q = turn(1, "s6", TOPIC_B[2], 65, refused=True)
    fb.add("s6", q, "答复", -1, [], "policy", turn_id=t)
    # day 2
    turn(2, "s1", "公司拖欠工资三个月了", 30, escalated=True)  # s1 began on day 0: not a new conversation
    turn(2, "s5", "转人工", 40, escalated=True)

    old = TicketService(services.engine, services.settings, clock=lambda: now - timedelta(hours=26))
    first = old.create("s4", ["labour_dispute"], "high", summary="拖欠工资", transcript=[], cited=[])
    TicketService(services.engine, services.settings, clock=lambda: now - timedelta(hours=25, minutes=30)).reply(first, "wang", "请带上合同来")
    old.set_status(first, "resolved", actor="wang")
    TicketService(services.engine, services.settings, clock=lambda: now - timedelta(hours=2)).create(
        "s5", ["explicit_request"], "normal", summary="转人工", transcript=[], cited=[], contact=f"电话 {PHONE}")
    return Mix(since=days[0].isoformat(), until=days[2].isoformat(), days=[d.isoformat() for d in days])
