"""Staff logins hardened: throttling per account and per address, disable/delete revoke sessions at once, everything
audited. Library on SQLite and PostgreSQL; the web part over real HTTP against ``app.create_app``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from core.auth import LoginThrottled, UserService
from core.settings import AuthSettings
from tests.conftest import free_port
from tests.escalation.test_counsellor_web import ThreadServer, _get, _login
from zhitu.cli import main


class CountingHasher(PasswordHasher):
    """A real argon2 hasher that counts password checks."""

    checks = 0

    def verify(self, hash, password):
        CountingHasher.checks += 1
        return super().verify(hash, password)


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def engine(request, tmp_path):
    from core.db import make_engine, migrate

    url = f"sqlite:///{tmp_path / 'zhitu.db'}"
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_server").new_database()
    eng = make_engine(url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"], indirect=True)
def test_sixth_wrong_password_in_a_minute_is_refused_unchecked(engine):
    clock = Clock()
    users = UserService(engine, hasher=CountingHasher(), limits=AuthSettings(), clock=clock)
    users.add("wang", "counsellor", "teacher-pass")
    CountingHasher.checks = 0
    for i in range(5):
        clock.now += timedelta(seconds=5)
        assert users.login("wang", f"guess-{i}", "10.0.0.1") is None
    assert CountingHasher.checks == 5
    clock.now += timedelta(seconds=5)
    with pytest.raises(LoginThrottled, match="登录失败次数过多") as exc:
        users.login("wang", "guess-5", "10.0.0.2")  # another address: the account's own limit holds
    assert CountingHasher.checks == 5  # refused without checking the password
    assert exc.value.retry_after == 35  # the first failure (at +5 s) leaves the 60 s window at +65 s; now is +30 s
    with pytest.raises(LoginThrottled):
        users.login("wang", "teacher-pass", "10.0.0.3")  # even the right password waits
    assert CountingHasher.checks == 5
    clock.now += timedelta(seconds=36)
    assert users.login("wang", "teacher-pass", "10.0.0.3").name == "wang"
    actions = [e["action"] for e in users.audit("wang")]
    assert actions == ["created", *["login_failed"] * 5, "login_throttled", "login_throttled", "login"]
    assert [e["detail"]["address"] for e in users.audit("wang") if e["action"] == "login_failed"] == ["10.0.0.1"] * 5


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_throttled_per_address_across_accounts(engine):
    clock = Clock()
    users = UserService(engine, limits=AuthSettings(max_failures_per_address=3), clock=clock)
    users.add("li", "counsellor", "teacher-pass")
    for name in ("a1", "a2", "a3"):
        assert users.login(name, "whatever-pass", "10.9.9.9") is None
    with pytest.raises(LoginThrottled):
        users.login("li", "teacher-pass", "10.9.9.9")
    assert users.login("li", "teacher-pass", "10.1.1.1").name == "li"  # another address is not held up


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"], indirect=True)
def test_disable_and_delete_revoke_sessions(engine):
    clock = Clock()
    users = UserService(engine, clock=clock)
    users.add("wang", "counsellor", "teacher-pass")
    users.add("zhao", "admin", "admin-passw")
    issued = clock.now.timestamp()
    assert users.session_user("wang", issued).role == "counsellor"
    clock.now += timedelta(seconds=1)
    users.disable("wang", actor="root")
    assert users.session_user("wang", issued) is None
    assert users.session_user("wang", clock.now.timestamp() + 1) is None  # disabled: no new session either
    assert users.login("wang", "teacher-pass", "10.0.0.1") is None
    users.delete("zhao", actor="root")
    assert users.session_user("zhao", issued) is None
    assert [e["action"] for e in users.audit("wang")][-3:] == ["disabled", "sessions_revoked", "login_failed"]
    assert [(e["actor"], e["action"]) for e in users.audit("zhao")][-2:] == [("root", "deleted"), ("root", "sessions_revoked")]


@pytest.fixture
def web(services):
    from app import create_app

    services.users.add("wang", "counsellor", "teacher-pass")
    services.users.add("zhao", "counsellor", "teacher-pass2")
    server = ThreadServer(create_app(services), free_port()).start()
    yield server
    server.stop()


def test_web_throttles_the_sixth_try_with_a_clear_message(web, services):
    for i in range(5):
        assert _login(web.url, "wang", f"wrong-{i}") == (401, None)
    status, cookie = _login(web.url, "wang", "teacher-pass")
    assert (status, cookie) == (429, None)
    from urllib.error import HTTPError
    from urllib.parse import urlencode
    from urllib.request import urlopen

    try:
        urlopen(web.url + "/login", data=urlencode({"name": "wang", "password": "x"}).encode(), timeout=10)
    except HTTPError as e:
        assert e.code == 429 and "登录失败次数过多" in e.read().decode() and int(e.headers["Retry-After"]) > 0
    assert _login(web.url, "zhao", "teacher-pass2")[0] == 303  # other accounts are not locked out


def test_disabled_users_open_page_gets_401_on_next_request(web, services):
    from gradio_client import Client

    status, cookie = _login(web.url, "wang", "teacher-pass")
    assert status == 303 and cookie
    assert _get(web.url + "/counsellor/config", cookie, accept="application/json")[0] == 200
    client = Client(web.url + "/counsellor/", headers={"Cookie": f"zhitu_staff={cookie}"}, verbose=False)
    assert "wang" in client.predict("open", "all", api_name="/queue")[0]
    result = CliRunner().invoke(main, ["user", "disable", "wang"], obj=services)
    assert result.exit_code == 0 and "sessions revoked" in result.output
    assert _get(web.url + "/counsellor/config", cookie, accept="application/json")[0] == 401
    assert _get(web.url + "/counsellor/", cookie)[0] == 303  # the page sends the browser to the login
    with pytest.raises(Exception, match="401|Unauthorized|login"):
        client.predict("open", "all", api_name="/queue")
    status, cookie2 = _login(web.url, "zhao", "teacher-pass2")
    assert _get(web.url + "/insight/config", cookie2, accept="application/json")[0] == 200
    assert CliRunner().invoke(main, ["user", "delete", "zhao"], obj=services).exit_code == 0
    assert _get(web.url + "/insight/config", cookie2, accept="application/json")[0] == 401
    assert CliRunner().invoke(main, ["user", "delete", "nobody"], obj=services).output.strip() == "Error: user 'nobody' not found"
    actions = [e["action"] for e in services.users.audit("wang")]
    assert actions[-3:] == ["login", "disabled", "sessions_revoked"]
