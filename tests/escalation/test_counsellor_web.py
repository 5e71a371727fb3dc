"""The staff login and the counsellor page of the real app (``app.create_app``, served by uvicorn in a thread) over
real HTTP with gradio_client, SQLite. The browser test drives the same app as a `zhitu serve` process."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from core.auth import User
from tests.conftest import free_port
from web.auth import COOKIE, SessionSigner


class ThreadServer:
    """uvicorn in a thread of the test process, on a free port of 127.0.0.1."""

    def __init__(self, app, port: int):
        import uvicorn

        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise TimeoutError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def web(services):
    from app import create_app

    services.users.add("wang", "counsellor", "teacher-pass")
    services.users.add("root", "admin", "admin-passw")
    server = ThreadServer(create_app(services), free_port()).start()
    yield server
    server.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url, cookie=None, accept="text/html"):
    req = urllib.request.Request(url, headers={"Accept": accept, **({"Cookie": f"{COOKIE}={cookie}"} if cookie else {})})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(req, timeout=10) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def _login(url, name, password):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    data = urllib.parse.urlencode({"name": name, "password": password, "next": "/counsellor"}).encode()
    try:
        with opener.open(url + "/login", data=data, timeout=10) as r:
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    cookie = next((c.value for c in jar if c.name == COOKIE), None)
    return status, cookie


def test_anonymous_is_sent_to_login_and_api_is_closed(web):
    status, headers, _ = _get(web.url + "/counsellor")
    assert status == 303 and headers["location"].startswith("/login?next=/counsellor")
    for path in ("/counsellor/config", "/counsellor/gradio_api/info", "/counsellor/gradio_api/queue/join"):
        assert _get(web.url + path, accept="application/json")[0] == 401, path
    status, _, body = _get(web.url + "/login")
    assert status == 200 and "工作人员登录" in body


def test_wrong_password_and_forged_cookie_are_refused(web, settings):
    status, cookie = _login(web.url, "wang", "not-the-password")
    assert status == 401 and cookie is None
    assert _login(web.url, "nobody", "teacher-pass") == (401, None)
    forged = SessionSigner(b"some other secret").sign(User("wang", "counsellor"))
    assert _get(web.url + "/counsellor", forged)[0] == 303
    assert _get(web.url + "/counsellor/config", forged, accept="application/json")[0] == 401
    expired = SessionSigner.for_home(settings.home_dir).sign(User("wang", "counsellor"), now=0)
    assert _get(web.url + "/counsellor/config", expired, accept="application/json")[0] == 401


def test_counsellor_works_the_queue_through_the_page_api(web, services):
    from gradio_client import Client

    tid = services.tickets.create("seeker-1", ["labour_dispute"], "high", "欠薪三个月", [
        {"role": "user", "content": "老板拖欠工资三个月了，我电话13812345678"}], [{"source": "劳动合同法要点.md", "title": "劳动合同法要点", "page": 1, "section": "工资"}])
    status, cookie = _login(web.url, "wang", "teacher-pass")
    assert status == 303 and cookie
    assert _get(web.url + "/counsellor/", cookie)[0] == 200
    client = Client(web.url + "/counsellor/", headers={"Cookie": f"{COOKIE}={cookie}"}, verbose=False)
    who, queue = client.predict("open", "all", api_name="/queue")
    assert "wang" in who and queue["data"][0][0] == tid
    detail = client.predict(tid, api_name="/ticket")
    assert "138****5678" in detail and "13812345678" not in detail and "劳动合同法要点" in detail
    notice, detail, _ = client.predict(tid, "open", "all", "你好，请准备好劳动合同和工资条。", api_name="/reply")
    assert "已回复" in notice
    assert services.tickets.get(tid).status == "waiting_for_seeker" and services.tickets.get(tid).assignee == "wang"
    assert services.tickets.is_held("seeker-1")
    notice, _, _ = client.predict(tid, "open", "all", "被拖欠工资怎么办", "先收集证据，再申请劳动仲裁", "王老师", "2099-01-01", api_name="/mark_reviewed")
    assert "审核答案" in notice
    notice, _, queue = client.predict(tid, "open", "all", api_name="/resolve")
    assert "已解决" in notice and all(row[0] != tid for row in queue["data"])  # the open queue no longer shows it
    assert services.tickets.get(tid).status == "resolved"
    assert [a.question for a in services.tickets.reviewed_answers()] == ["被拖欠工资怎么办"]
    replies = services.tickets.pending_replies("seeker-1")
    assert len(replies) == 1 and "劳动合同和工资条" in replies[0]
    assert [e.actor for e in services.tickets.audit(tid) if e.action in ("replied", "status")] == ["wang"] * 4


def test_admin_may_use_the_counsellor_page(web):
    status, cookie = _login(web.url, "root", "admin-passw")
    assert status == 303 and _get(web.url + "/counsellor/", cookie)[0] == 200
