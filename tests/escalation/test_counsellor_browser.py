"""Real Chromium: a seeker escalates, a counsellor logs in, replies and resolves, the seeker sees the reply;
a wrong password and a seeker's browser cannot open /counsellor or its API.

The seeker's side goes through the detector and TicketService in-process (the chat page is the lead's);
the counsellor's side is the real page behind the real login, served by uvicorn.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import free_port
from tests.escalation.webapp import ThreadServer, build_app

pytestmark = pytest.mark.browser


@pytest.fixture
def web(services):
    services.users.add("wang", "counsellor", "teacher-pass")
    server = ThreadServer(build_app(services), free_port()).start()
    yield server
    server.stop()


def _seeker_escalates(services, session: str, message: str) -> str:
    decision = services.escalation.detect(message)
    assert decision.escalate
    return services.tickets.create(session, decision.reasons, decision.priority, message[:40],
                                   [{"role": "user", "content": message}], [])


def test_counsellor_replies_and_resolves_in_the_browser(web, services, browser, page):
    tid = _seeker_escalates(services, "seeker-b", "公司拖欠我三个月工资，我的手机13812345678，请帮我转人工")
    other = _seeker_escalates(services, "seeker-c", "我不想活了")

    page.goto(web.url + "/counsellor")
    assert "/login" in page.url
    page.fill("#name", "wang")
    page.fill("#password", "wrong-password")
    page.click("#login")
    assert page.locator("#error").inner_text() == "用户名或密码错误"
    page.fill("#name", "wang")
    page.fill("#password", "teacher-pass")
    page.click("#login")
    page.wait_for_url(re.compile(r".*/counsellor/?$"))
    queue = page.locator("#queue")
    queue.get_by_text(tid).wait_for()
    rows = queue.inner_text()
    assert rows.index(other) < rows.index(tid)  # urgent first
    assert "13812345678" not in page.content()

    page.locator("#ticket-id textarea, #ticket-id input").first.fill(tid)
    page.click("#open")
    page.locator("#detail li").get_by_text("138****5678", exact=False).first.wait_for()
    page.locator("#reply textarea").fill("你好，我是王老师。请准备劳动合同和工资条，明天上午来服务中心。")
    page.click("#send-reply")
    page.locator("#notice").get_by_text("已回复", exact=False).wait_for()
    page.click("#resolve")
    page.locator("#notice").get_by_text("已解决", exact=False).wait_for()
    assert "13812345678" not in page.content()

    view = services.tickets.get(tid)
    assert view.status == "resolved" and view.assignee == "wang"
    replies = services.tickets.pending_replies("seeker-b")  # the seeker comes back to the same session
    assert len(replies) == 1 and "王老师" in replies[0] and tid in replies[0]


def test_a_seeker_browser_cannot_open_the_console(web, browser):
    context = browser.new_context()
    seeker = context.new_page()
    try:
        seeker.goto(web.url + "/counsellor/")
        assert "/login" in seeker.url and "工作人员登录" in seeker.content()
        for path in ("/counsellor/config", "/counsellor/gradio_api/info"):
            status = seeker.evaluate(f"fetch('{path}').then(r => r.status)")
            assert status == 401, path
        context.add_cookies([{"name": "zhitu_staff", "value": "eyJ1IjoiYWRtaW4ifQ.deadbeef", "url": web.url}])
        seeker.goto(web.url + "/counsellor/")
        assert "/login" in seeker.url
    finally:
        context.close()
