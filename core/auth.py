"""Staff accounts (counsellors and admins) with argon2-hashed passwords."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from core.db import app_secrets, audit_log, users
from core.errors import NotFoundError, ZhituError

ROLES = ("counsellor", "admin")
MIN_PASSWORD = 8


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def has_role(self, role: str) -> bool:
        """Admins may do everything a counsellor may."""
        return self.role == role or self.role == "admin"


class UserService:
    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None):
        self.engine = engine
        self.hasher = hasher or PasswordHasher()

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
