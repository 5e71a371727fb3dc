"""Real Chromium against a real `zhitu serve` process: a seeker escalates on the chat page and sees the ticket number;
a counsellor (created with `zhitu user add`) logs in, finds the ticket with the phone masked, replies and resolves;
the seeker, back in the same browser session, sees the reply in the chat. A wrong password and a seeker without a
login can open neither /counsellor nor its API.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = "13812345678"
REPLY = "你好，我是王老师。请准备劳动合同和工资条，明天上午来服务中心。"


def _add_counsellor(name: str, password: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zhitu.cli", "user", "add", name, "--role", "counsellor", "--password-stdin"],
        input=password + "\n", text=True, capture_output=True, check=False, cwd=REPO, env=dict(os.environ), timeout=120,
    )
    assert done.returncode == 0, done.stderr


def _status(page, path: str, method: str = "GET") -> int:
    body = "JSON.stringify({data: []})" if method == "POST" else "undefined"
    return page.evaluate(
        f"fetch('{path}', {{method: '{method}', headers: {{'Content-Type': 'application/json'}}, body: {body}}})"
        ".then(r => r.status)"
    )


def _ask(page, message: str) -> None:
    page.locator("#question textarea").fill(message)
    page.click("#send")


def test_seeker_escalates_counsellor_replies_seeker_sees_it(zhitu_env, make_server, browser):
    _add_counsellor("wang", "teacher-pass")
    server = make_server(zhitu_env)
    seeker_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        # --- the seeker: a dispute message opens a ticket; 转人工 with a phone number adds to the same ticket
        seeker = seeker_ctx.new_page()
        seeker.set_default_timeout(30_000)
        seeker.goto(server.url + "/")
        chat = seeker.locator("#chat")
        _ask(seeker, "公司拖欠我三个月工资了，老板一直躲着不见")
        chat.get_by_text("工单号", exact=False).last.wait_for()
        tid = re.findall(r"ZT-\d{6}", chat.inner_text())[-1]
        seeker.locator("#contact textarea, #contact input").first.fill(f"电话 {PHONE}")
        seeker.click("#handoff")
        seeker.wait_for_function("() => (document.querySelector('#chat').innerText.match(/ZT-\\d{6}/g) || []).length >= 3")
        assert set(re.findall(r"ZT-\d{6}", chat.inner_text())) == {tid}  # one ticket for the session

        # --- a seeker without a login: no console, no console API
        for path in ("/counsellor/config", "/counsellor/gradio_api/info"):
            assert _status(seeker, path) == 401, path
        assert _status(seeker, "/counsellor/gradio_api/call/queue", "POST") == 401
        assert _status(seeker, "/counsellor/gradio_api/queue/join", "POST") == 401
        probe = seeker_ctx.new_page()
        probe.goto(server.url + "/counsellor/")
        assert "/login" in probe.url and "工作人员登录" in probe.content()
        seeker_ctx.add_cookies([{"name": "zhitu_staff", "value": "eyJ1Ijoid2FuZyIsInIiOiJhZG1pbiJ9.deadbeef", "url": server.url}])
        probe.goto(server.url + "/counsellor/")
        assert "/login" in probe.url  # a forged cookie is no login
        assert _status(probe, "/counsellor/gradio_api/info") == 401
        probe.close()

        # --- the counsellor: a wrong password is refused, the right one opens the console
        staff = staff_ctx.new_page()
        staff.set_default_timeout(30_000)
        staff.goto(server.url + "/counsellor")
        assert "/login" in staff.url
        staff.fill("#name", "wang")
        staff.fill("#password", "wrong-password")
        staff.click("#login")
        assert staff.locator("#error").inner_text() == "用户名或密码错误"
        assert not [c for c in staff_ctx.cookies() if c["name"] == "zhitu_staff"]
        staff.goto(server.url + "/counsellor/")
        assert "/login" in staff.url
        assert _status(staff, "/counsellor/gradio_api/info") == 401
        staff.fill("#name", "wang")
        staff.fill("#password", "teacher-pass")
        staff.click("#login")
        staff.wait_for_url(re.compile(r".*/counsellor/?$"))
        staff.locator("#queue").get_by_text(tid).filter(visible=True).first.wait_for()
        assert PHONE not in staff.content()
        staff.locator("#ticket-id textarea, #ticket-id input").first.fill(tid)
        staff.click("#open")
        staff.locator("#detail").get_by_text("138****5678", exact=False).first.wait_for()
        assert "拖欠" in staff.locator("#detail").inner_text() and PHONE not in staff.content()
        staff.locator("#reply textarea").fill(REPLY)
        staff.click("#send-reply")
        staff.locator("#notice").get_by_text("已回复", exact=False).wait_for()
        staff.click("#resolve")
        staff.locator("#notice").get_by_text("已解决", exact=False).wait_for()
        assert PHONE not in staff.content()

        # --- the seeker comes back in the same browser session and sees the reply
        _ask(seeker, "老师回复了吗？")
        chat.get_by_text("明天上午来服务中心", exact=False).first.wait_for()
        assert f"工单 {tid}" in chat.inner_text()
    finally:
        seeker_ctx.close()
        staff_ctx.close()

    from core.settings import load_settings
    from zhitu.compose import build_services

    services = build_services(load_settings())
    view = services.tickets.get(tid)
    assert view.status == "resolved" and view.assignee == "wang" and view.contact == "电话 138****5678"
    actions = [(e.actor, e.action) for e in services.tickets.audit(tid)]
    assert actions[0] == ("assistant", "created") and ("seeker", "reply_delivered") in actions
    assert ("wang", "replied") in actions and [a for a in actions if a[1] == "status"][-1][0] == "wang"
    services.engine.dispose()
