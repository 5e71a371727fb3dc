"""Staff login for the web pages: /login and /logout on the FastAPI app, a signed session cookie, role checks.

``install_auth(app, services)`` adds the routes and a middleware that (1) reads the cookie on every request and
puts the user in the ASGI scope, and (2) keeps protected prefixes (``/counsellor`` → counsellor, ``/admin`` →
admin, ``/insight`` → counsellor) closed: browsers are redirected to /login, API calls get 401. Gradio pages are
additionally mounted with ``auth_dependency=user_for_role(role)``, so each Gradio route checks the same thing again.

A valid signature is not enough: every request also asks the database whether the account still exists, is active
and was not revoked after the cookie was issued (``UserService.session_user``), so `zhitu user disable|delete`
ends a session at its next request. Failed logins are throttled per account and per address (``LoginThrottled``:
HTTP 429 with the wait in the message); logins, failures, throttling and logouts are audited.

The cookie is ``base64(json).hmac`` signed with a secret kept in ``$ZHITU_HOME/web_secret`` (created on first
use, mode 0600), so sessions survive a server restart and nothing secret is in the code or the settings. The first
secret offered is also kept in the database, and every replica sharing it signs with that one (a login on one replica
is valid on the others); the home file mirrors it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from core.auth import LoginThrottled, User

COOKIE = "zhitu_staff"
SCOPE_KEY = "zhitu.user"
DEFAULT_PROTECTED = {"/counsellor": "counsellor", "/admin": "admin", "/insight": "counsellor"}
SESSION_SECONDS = 12 * 3600

LOGIN_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>职途 · 工作人员登录</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:sans-serif;max-width:360px;margin:10vh auto;padding:0 1em}}
label{{display:block;margin:.8em 0 .2em}}input{{width:100%;padding:.5em;box-sizing:border-box}}
button{{margin-top:1em;padding:.6em 1.5em}}.error{{color:#b00020}}</style></head>
<body><h1>职途 · 工作人员登录</h1>{error}
<form method="post" action="/login">
<input type="hidden" name="next" value="{next}">
<label for="name">用户名</label><input id="name" name="name" autocomplete="username" required>
<label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="login">登录</button></form></body></html>"""


class SessionSigner:
    """Signs and checks the staff session cookie."""

    def __init__(self, secret: bytes, ttl: int = SESSION_SECONDS):
        self.secret = secret
        self.ttl = ttl

    @classmethod
    def for_home(cls, home: Path, shared: Callable[[str], str] | None = None) -> SessionSigner:
        """The home's secret; with ``shared`` (candidate → the one agreed in the database) the agreed one, mirrored."""
        path = home / "web_secret"
        home.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: two server processes starting together agree on one secret
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
        for _ in range(50):  # the creator may not have written it yet
            if path.read_text().strip():
                break
            time.sleep(0.01)
        mine = path.read_text().strip()
        agreed = shared(mine) if shared else mine
        if agreed != mine:
            tmp = path.with_name(f".web_secret.{os.getpid()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(agreed)
            os.replace(tmp, path)
        return cls(agreed.encode())

    def _mac(self, payload: bytes) -> str:
        return hmac.new(self.secret, payload, hashlib.sha256).hexdigest()

    def sign(self, user: User, now: float | None = None) -> str:
        now = time.time() if now is None else now
        payload = json.dumps({"u": user.name, "r": user.role, "iat": now, "exp": int(now + self.ttl)}).encode()
        return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + self._mac(payload)

    def load(self, token: str | None, now: float | None = None) -> User | None:
        claims = self.claims(token, now)
        return User(claims["u"], claims["r"]) if claims else None

    def claims(self, token: str | None, now: float | None = None) -> dict | None:
        """The cookie's content (``u`` name, ``r`` role, ``iat`` issued, ``exp`` expiry) if signed by us and unexpired."""
        if not token or "." not in token:
            return None
        body, mac = token.rsplit(".", 1)
        try:
            payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except ValueError:
            return None
        if not hmac.compare_digest(self._mac(payload), mac):
            return None
        data = json.loads(payload)
        if data.get("exp", 0) < (time.time() if now is None else now):
            return None
        data.setdefault("iat", data["exp"] - self.ttl)  # cookies from before issue 20
        return data


def current_user(request: Request) -> User | None:
    """The logged-in staff member of this request (set by the middleware), or None."""
    return request.scope.get(SCOPE_KEY)


def require_role(request: Request, role: str) -> User | None:
    """The user if they hold ``role`` (admins hold every role), else None."""
    user = current_user(request)
    return user if user is not None and user.has_role(role) else None


def user_for_role(role: str) -> Callable[[Request], str | None]:
    """An ``auth_dependency`` for ``gr.mount_gradio_app``: the user name if the request may see the page."""

    def dependency(request: Request) -> str | None:
        user = require_role(request, role)
        return user.name if user else None

    return dependency


def staff_name(request, role: str, refusal: str) -> str:
    """The logged-in staff member holding ``role`` behind a Gradio event (``gr.Request``); raises ``gr.Error(refusal)``
    otherwise, so a page's API cannot be used without the login even when called directly."""
    import gradio as gr

    if request is None:
        raise gr.Error(refusal, title="无权限")
    # Set by Gradio from auth_dependency=user_for_role(role): only staff allowed on the page get a name.
    name = request.__dict__.get("username")
    if name:
        return name
    raw = request.__dict__.get("request")
    user = require_role(raw, role) if raw is not None and hasattr(raw, "scope") else None
    if user is None:
        raise gr.Error(refusal, title="无权限")
    return user.name


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/") and not value.startswith("//") else "/counsellor"


def install_auth(app: FastAPI, services, protected: dict[str, str] | None = None) -> SessionSigner:
    """Add /login and /logout, and guard the protected prefixes. Returns the signer (tests sign cookies with it)."""
    from core.auth import shared_secret

    signer = SessionSigner.for_home(services.settings.home_dir, lambda mine: shared_secret(services.engine, "web_session", mine))
    guarded = dict(DEFAULT_PROTECTED if protected is None else protected)

    @app.middleware("http")
    async def staff_session(request: Request, call_next):
        claims = signer.claims(request.cookies.get(COOKIE))
        user = None
        if claims is not None:  # still an active account, not revoked since the cookie was issued?
            user = await run_in_threadpool(services.users.session_user, claims["u"], claims["iat"])
        request.scope[SCOPE_KEY] = user
        path = request.url.path
        for prefix, role in guarded.items():
            if path == prefix or path.startswith(prefix + "/"):
                if user is None or not user.has_role(role):
                    wants_page = request.method == "GET" and "text/html" in request.headers.get("accept", "")
                    if wants_page and user is None:
                        return RedirectResponse(f"/login?next={quote(path)}", status_code=303)
                    return JSONResponse({"detail": "login required" if user is None else "forbidden"},
                                        status_code=401 if user is None else 403)
                break
        return await call_next(request)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(next: str = "/counsellor") -> HTMLResponse:
        return HTMLResponse(LOGIN_PAGE.format(error="", next=html.escape(_safe_next(next))))

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        target = _safe_next(str(form.get("next", "")))
        address = request.client.host if request.client else ""
        try:
            user = await run_in_threadpool(services.users.login, name, password, address)
        except LoginThrottled as exc:
            page = LOGIN_PAGE.format(error=f'<p class="error" id="error">{html.escape(str(exc))}</p>', next=html.escape(target))
            return HTMLResponse(page, status_code=429, headers={"Retry-After": str(exc.retry_after)})
        if user is None:
            page = LOGIN_PAGE.format(error='<p class="error" id="error">用户名或密码错误</p>', next=html.escape(target))
            return HTMLResponse(page, status_code=401)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, signer.sign(user), max_age=signer.ttl, httponly=True, samesite="lax", path="/")
        return response

    @app.api_route("/logout", methods=["GET", "POST"])
    def logout(request: Request) -> Response:
        user = current_user(request)
        if user is not None:
            services.users.logged_out(user.name, request.client.host if request.client else "")
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    return signer
