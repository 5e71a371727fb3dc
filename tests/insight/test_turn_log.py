"""Every answered turn is logged once (route, refused, latency, masked question), the eval's copy of the assistant
logs nothing, and a 👎 with a reason marks its turn; the 0007 migration matches the tables and downgrades."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import chat_turns


def test_assistant_logs_each_turn_and_eval_does_not(services):
    from eval.dryrun import for_evaluation

    first = services.assistant.ask("你好", session_id="s1")
    second = services.assistant.ask("我的电话13812345678，今天天气怎么样", session_id="s1")
    for_evaluation(services.assistant).ask("你好", session_id="eval")
    with services.engine.connect() as conn:
        rows = conn.execute(sa.select(chat_turns).order_by(chat_turns.c.id)).mappings().all()
    assert [r["id"] for r in rows] == [first.turn_id, second.turn_id]
    assert [r["session_id"] for r in rows] == ["s1", "s1"] and [r["new_session"] for r in rows] == [True, False]
    assert rows[0]["route"] == first.route and rows[1]["refused"] == second.refused
    assert rows[1]["question"] == "我的电话138****5678，今天天气怎么样"
    assert all(r["latency_ms"] == round(reply.latency_ms) for r, reply in zip(rows, (first, second)))


def test_thumbs_down_reason_marks_the_turn(services):
    from assistant.records import Reply
    from core.errors import NotFoundError, ZhituError

    turn = services.turn_log.record("s1", "问题", Reply(answer="答", route="policy", latency_ms=12.4))
    up = services.feedback.add("s1", "问题", "答", 1, [], "policy", turn_id=turn)
    assert services.turn_log.get(turn)["thumbs_down"] is False
    down = services.feedback.add("s1", "问题", "答", -1, [], "policy", turn_id=turn)
    assert services.turn_log.get(turn)["thumbs_down"] is True and services.turn_log.get(turn)["latency_ms"] == 12
    services.feedback.set_reason(down, "too_long", "  太长了  ")
    row = next(r for r in services.feedback.all() if r["id"] == down)
    assert (row["reason"], row["comment"], row["turn_id"]) == ("too_long", "太长了", turn)
    with pytest.raises(ZhituError, match="unknown feedback reason"):
        services.feedback.set_reason(down, "boring")
    with pytest.raises(NotFoundError):
        services.feedback.set_reason(up, "too_long")  # a 👍 takes no reason


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_0007_matches_metadata_and_downgrades(backend, tmp_path, request):
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.config import Config
    from alembic.migration import MigrationContext

    from core.db import MIGRATIONS, make_engine, metadata, migrate

    url = f"sqlite:///{tmp_path / 'z.db'}" if backend == "sqlite" else request.getfixturevalue("pg_server").new_database()
    engine = make_engine(url)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    ours = ("chat_turns", "login_attempts", "feedback", "users")
    assert [d for d in diff if any(name in repr(d) for name in ours)] == []
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007@-1")
    inspector = sa.inspect(engine)
    assert {"chat_turns", "login_attempts"}.isdisjoint(inspector.get_table_names())
    assert "reason" not in {c["name"] for c in inspector.get_columns("feedback")}
    migrate(engine)
    assert {"chat_turns", "login_attempts"} <= set(sa.inspect(engine).get_table_names())
    engine.dispose()
