"""SessionStore, staff accounts and the 0002 migration, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from assistant.records import Turn
from assistant.sessions import SessionStore
from core.auth import UserService
from core.errors import NotFoundError, ZhituError


def test_sessions_history_and_streak(engine):
    store = SessionStore(engine, max_turns=4)
    assert store.history("x") == [] and store.streak("x") == 0
    for i in range(6):
        store.append("x", Turn("user" if i % 2 == 0 else "assistant", f"第{i}句"))
    assert [t.content for t in store.history("x")] == ["第2句", "第3句", "第4句", "第5句"]
    assert store.mark_unresolved("x", "policy:租房补贴") == 1
    assert store.mark_unresolved("x", "policy:租房补贴") == 2
    assert store.streak("x") == 2
    assert store.mark_unresolved("x", "job:电工") == 1  # another topic starts again
    store.mark_resolved("x")
    assert store.streak("x") == 0 and store.topic("x") == "job:电工"
    assert store.history("y") == []
    assert len(store.history("x")) == 4  # streak changes keep the turns


def test_users(engine):
    users = UserService(engine)
    users.add("wang", "counsellor", "correct horse")
    users.add("root", "admin", "battery staple")
    assert users.verify("wang", "correct horse").role == "counsellor"
    assert users.verify("wang", "wrong password") is None
    assert users.verify("nobody", "correct horse") is None
    assert users.get("root").has_role("counsellor") and not users.get("wang").has_role("admin")
    assert [u.name for u in users.list()] == ["root", "wang"]
    with pytest.raises(ZhituError, match="already exists"):
        users.add("wang", "counsellor", "another pass")
    with pytest.raises(ZhituError, match="role"):
        users.add("li", "seeker", "long enough")
    with pytest.raises(ZhituError, match="at least"):
        users.add("li", "counsellor", "short")
    with pytest.raises(NotFoundError):
        users.get("li")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users WHERE name='wang'")).scalar_one()
    assert stored.startswith("$argon2") and "correct horse" not in stored


def test_migration_matches_metadata_and_downgrades(engine):
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.config import Config
    from alembic.migration import MigrationContext

    from core.db import MIGRATIONS, metadata

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    ours = {"users", "tickets", "ticket_messages", "audit_log", "reviewed_answers", "chat_sessions"}
    relevant = [d for d in diff if any(name in repr(d) for name in ours)]
    assert relevant == []
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert ours.isdisjoint(sa.inspect(engine).get_table_names())
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert ours <= set(sa.inspect(engine).get_table_names())
