"""Staff accounts (counsellors and admins) with argon2-hashed passwords; logins throttled per account and per
client address, sessions revoked by disabling or deleting a user, every login, failure and revocation audited.

Throttling: when an account (or an address) has ``max_failures_per_*`` failed logins within ``window_seconds``,
the next attempt is refused with ``LoginThrottled`` before the password is looked at, so guessing costs the
attacker the window, not one hash. Attempts are rows of ``login_attempts``: every server process sees them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from core.db import app_secrets, audit_log, login_attempts, users
from core.errors import NotFoundError, ZhituError
from core.masking import mask_pii
from core.settings import AuthSettings

ROLES = ("counsellor", "admin")
MIN_PASSWORD = 8


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def has_role(self, role: str) -> bool:
        """Admins may do everything a counsellor may."""
        return self.role == role or self.role == "admin"


class LoginThrottled(ZhituError):
    """Too many failed logins for this account or address; ``retry_after`` seconds until the next try is checked."""

    def __init__(self, retry_after: int):
        super().__init__(f"登录失败次数过多，请 {retry_after} 秒后再试")
        self.retry_after = retry_after


def _utc(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


class UserService:
    """Staff accounts. ``limits`` are the throttling settings; ``clock`` returns the current UTC time (tests fix it)."""

    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None, limits: AuthSettings | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.engine = engine
        self.hasher = hasher or PasswordHasher()
        self.limits = limits or AuthSettings()
        self.clock = clock

    def add(self, name: str, role: str, password: str, actor: str = "cli") -> User:
        name = name.strip()
        if not name or len(name) > 100:
            raise ZhituError("user name must be 1-100 characters")
        if role not in ROLES:
            raise ZhituError(f"role must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise ZhituError(f"password must be at least {MIN_PASSWORD} characters")
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as conn:
                conn.execute(users.insert().values(name=name, role=role, password_hash=self.hasher.hash(password), created_at=now))
                conn.execute(audit_log.insert().values(at=now, actor=actor, entity="user", entity_id=name, action="created",
                                                       detail=json.dumps({"role": role})))
        except IntegrityError as exc:
            raise ZhituError(f"user {name!r} already exists") from exc
        return User(name, role)

    def get(self, name: str) -> User:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users.c.name, users.c.role).where(users.c.name == name, users.c.active)).first()
        if row is None:
            raise NotFoundError(f"user {name!r} not found")
        return User(row.name, row.role)

    def list(self) -> list[User]:
        with self.engine.connect() as conn:
            return [User(r.name, r.role) for r in conn.execute(sa.select(users.c.name, users.c.role).order_by(users.c.name))]

    def verify(self, name: str, password: str) -> User | None:
        """The user if the password is right, else None (same answer for unknown names)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.name == name.strip(), users.c.active)).mappings().first()
        if row is None:
            self.hasher.hash(password)  # spend the same time as a real check
            return None
        try:
            self.hasher.verify(row["password_hash"], password)
        except (VerificationError, InvalidHashError):
            return None
        return User(row["name"], row["role"])

    # --- login with throttling, and revocation (issue 20) ----------------------------------------------------

    def login(self, name: str, password: str, address: str = "") -> User | None:
        """The user if the password is right, else None; raises ``LoginThrottled`` (without checking the password)
        after too many recent failures for this account or this address. Every outcome is audited."""
        name, address = name.strip()[:100], (address or "unknown")[:100]
        now = self.clock()
        wait = self._throttle_wait(name, address, now)
        if wait:
            with self.engine.begin() as conn:
                self._audit(conn, now, "login", name, "login_throttled", {"address": address, "retry_after": wait})
            raise LoginThrottled(wait)
        user = self.verify(name, password)
        with self.engine.begin() as conn:
            conn.execute(login_attempts.insert().values(at=now, name=name, address=address, ok=user is not None))
            self._audit(conn, now, name if user else "login", name, "login" if user else "login_failed", {"address": address})
        return user

    def _throttle_wait(self, name: str, address: str, now: datetime) -> int:
        window = timedelta(seconds=self.limits.window_seconds)
        wait = 0.0
        with self.engine.connect() as conn:
            for column, value, limit in ((login_attempts.c.name, name, self.limits.max_failures_per_account),
                                         (login_attempts.c.address, address, self.limits.max_failures_per_address)):
                recent = conn.execute(
                    sa.select(login_attempts.c.at).where(column == value, sa.not_(login_attempts.c.ok), login_attempts.c.at > now - window)
                    .order_by(login_attempts.c.at.desc()).limit(limit)
                ).scalars().all()
                if len(recent) >= limit:  # tries open again when the limit-th latest failure leaves the window
                    wait = max(wait, (_utc(recent[-1]) + window - now).total_seconds())
        return max(1, math.ceil(wait)) if wait > 0 else 0

    def disable(self, name: str, actor: str = "cli") -> None:
        """Disable the account and void every session it has open (its next request gets 401)."""
        now = self.clock()
        with self.engine.begin() as conn:
            done = conn.execute(users.update().where(users.c.name == name).values(active=False, sessions_valid_after=now)).rowcount
            if not done:
                raise NotFoundError(f"user {name!r} not found")
            self._audit(conn, now, actor, name, "disabled", {})
            self._audit(conn, now, actor, name, "sessions_revoked", {"why": "disabled"})

    def delete(self, name: str, actor: str = "cli") -> None:
        """Delete the account; its sessions die with it (a cookie naming a missing user is refused)."""
        now = self.clock()
        with self.engine.begin() as conn:
            done = conn.execute(users.delete().where(users.c.name == name)).rowcount
            if not done:
                raise NotFoundError(f"user {name!r} not found")
            self._audit(conn, now, actor, name, "deleted", {})
            self._audit(conn, now, actor, name, "sessions_revoked", {"why": "deleted"})

    def session_user(self, name: str, issued_at: float) -> User | None:
        """The user a session cookie issued at ``issued_at`` (epoch seconds) stands for, if still valid: the account
        exists, is active and was not revoked after the cookie was issued. The role is the current one."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users.c.name, users.c.role, users.c.sessions_valid_after)
                               .where(users.c.name == name, users.c.active)).first()
        if row is None:
            return None
        valid_after = _utc(row.sessions_valid_after)
        if valid_after is not None and issued_at < valid_after.timestamp():
            return None
        return User(row.name, row.role)

    def logged_out(self, name: str, address: str = "") -> None:
        now = self.clock()
        with self.engine.begin() as conn:
            self._audit(conn, now, name, name, "logout", {"address": address})

    def audit(self, name: str) -> list[dict]:
        """The audit entries about this account, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(audit_log).where(audit_log.c.entity == "user", audit_log.c.entity_id == mask_pii(name))
                                .order_by(audit_log.c.id)).mappings().all()
        return [{"at": _utc(r["at"]), "actor": r["actor"], "action": r["action"], "detail": json.loads(r["detail"])} for r in rows]

    @staticmethod
    def _audit(conn, now: datetime, actor: str, name: str, action: str, detail: dict) -> None:
        conn.execute(audit_log.insert().values(at=now, actor=mask_pii(actor)[:100], entity="user", entity_id=mask_pii(name)[:100],
                                               action=action, detail=mask_pii(json.dumps(detail, ensure_ascii=False))))


def shared_secret(engine: Engine, name: str, candidate: str) -> str:
    """A secret every replica on this database agrees on: the first one offered is stored and returned to all."""
    def stored():
        with engine.connect() as conn:
            return conn.execute(sa.select(app_secrets.c.value).where(app_secrets.c.name == name)).scalar()

    value = stored()
    if value:
        return value
    try:
        with engine.begin() as conn:
            conn.execute(app_secrets.insert().values(name=name, value=candidate, created_at=datetime.now(UTC)))
    except IntegrityError:
        pass  # another replica stored one first
    return stored()
