"""Benchmark: the insight page's figures (``InsightService.figures``: per-day counts, shares, 👎 reasons, latency
p50/p95, LLM fallbacks, escalations) over many stored turns, on SQLite and on PostgreSQL. Target: ≤ 2 s for
1 million turns on each. The turns are bulk-loaded, then their counters (``turn_stats``, kept by ``TurnLog`` on
every live write) are rebuilt once; ``load_s`` includes that.

Generates ``--turns`` turns (default 1,000,000) over 30 days in sessions of about four turns (15 % refused, 3 %
escalated, 5 % 👎 with reasons, half with an LLM and 4 % of those falling back) plus one ticket per 50 turns, two
thirds with a counsellor reply. PostgreSQL is a throw-away server (the tests' ``PostgresServer``) unless ``--pg-url``
is given; ``--no-pg`` skips it. The unanswered-question grouping is not part of the timing: it reads at most
``settings.insight.max_questions`` (500) rows and is bounded by the embedding model, not the table size.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 2.0
DAYS = 30
REASONS = ["not_answered", "wrong_info", "too_long", "want_human", None]
ESC_REASONS = ['["labour_dispute"]', '["explicit_request"]', '["distress"]', '["repeated_failure"]', '["fraud", "explicit_request"]']
PRIORITIES = ["urgent", "high", "normal", "normal"]


def generate(n: int, today: date, seed: int = 7):
    """Rows for chat_turns, feedback (👎 only), tickets and ticket_messages, as plain tuples."""
    rnd = random.Random(seed)
    start = datetime.combine(today - timedelta(days=DAYS - 1), datetime.min.time(), UTC)
    span = DAYS * 86400
    turns, fb, tix, msgs = [], [], [], []
    session = 0
    for i in range(1, n + 1):
        new = i == 1 or rnd.random() < 0.25
        session += new
        at = start + timedelta(seconds=rnd.random() * span)
        refused = rnd.random() < 0.15
        escalated = not refused and rnd.random() < 0.03
        down = rnd.random() < 0.05
        llm = rnd.random() < 0.5
        fallback = "unsupported numbers" if llm and rnd.random() < 0.04 else None
        latency = int(rnd.lognormvariate(5.5, 0.8))
        turns.append((i, f"s{session}", at.date(), new, at, f"问题{i % 997}", "policy", refused, escalated, down, latency, llm, fallback, "[]"))
        if down:
            fb.append((f"s{session}", f"问题{i % 997}", "答复", -1, "[]", "policy", at, i, rnd.choice(REASONS), None))
        if i % 50 == 0:
            t = len(tix) + 1
            created = at
            status = rnd.choice(["new", "assigned", "waiting_for_seeker", "resolved", "closed", "resolved"])
            tix.append((t, f"s{session}", f"s{session}" if status in ("new", "assigned", "waiting_for_seeker") else None, status,
                        rnd.choice(PRIORITIES), rnd.choice(ESC_REASONS), "摘要", "[]", "[]", None, None, created, created))
            if rnd.random() < 0.67:
                msgs.append((t, "wang", "counsellor", "回复", created + timedelta(minutes=rnd.randint(1, 600)), None))
    return turns, fb, tix, msgs


TURN_COLS = "id, session_id, day, new_session, created_at, question, route, refused, escalated, thumbs_down, latency_ms, llm, fallback, sources"
FB_COLS = "session_id, question, answer, rating, sources, route, created_at, turn_id, reason, comment"
TICKET_COLS = "id, session_id, open_key, status, priority, reasons, summary, transcript, cited, contact, assignee, created_at, updated_at"
MSG_COLS = "ticket_id, author, role, body, created_at, delivered_at"


def load_sqlite(path: Path, data) -> None:
    import sqlite3

    def fix(row):  # the shapes SQLAlchemy stores on SQLite: ISO text for dates, 0/1 for booleans
        return tuple(v.isoformat(" ") if isinstance(v, datetime) else v.isoformat() if isinstance(v, date)
                     else int(v) if isinstance(v, bool) else v for v in row)

    db = sqlite3.connect(path)
    for table, cols, rows in zip(("chat_turns", "feedback", "tickets", "ticket_messages"), (TURN_COLS, FB_COLS, TICKET_COLS, MSG_COLS), data):
        marks = ", ".join("?" * len(cols.split(",")))
        db.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", (fix(r) for r in rows))
    db.commit()
    db.execute("ANALYZE")
    db.close()


def load_postgres(url: str, data) -> None:
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        for table, cols, rows in zip(("chat_turns", "feedback", "tickets", "ticket_messages"), (TURN_COLS, FB_COLS, TICKET_COLS, MSG_COLS), data):
            with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        cur.execute("SELECT setval('tickets_id_seq', (SELECT max(id) FROM tickets))")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # what autovacuum does on a live server: index-only scans need the visibility map


def measure(url: str, load, data, repeats: int) -> dict:
    from core.db import make_engine, migrate
    from core.settings import load_settings
    from eval.insight import InsightService

    engine = make_engine(url)
    migrate(engine)
    from assistant.turns import rebuild_stats

    started = time.perf_counter()
    load(data)
    rebuild_stats(engine)  # the bulk load bypassed TurnLog: compute its counters once
    load_s = time.perf_counter() - started
    settings = load_settings()
    insight = InsightService(engine, settings)
    period = insight.period(None, None)
    times, figures = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        figures = insight.figures(period)
        times.append(time.perf_counter() - started)
    engine.dispose()
    return {"load_s": round(load_s, 1), "figures_s": [round(t, 3) for t in times], "median_s": round(statistics.median(times), 3),
            "ok": statistics.median(times) <= TARGET_S, "questions_counted": figures["totals"]["questions"],
            "auto_resolved_share": figures["shares"]["auto_resolved"], "latency_p95_ms": figures["latency_ms"]["p95"]}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=1_000_000, help="stored turns to generate (default 1,000,000)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pg-url", help="an empty PostgreSQL database (postgresql+psycopg://…); default: a throw-away server")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="zhitu-bench-insight-") as home:
        import os

        os.environ["ZHITU_HOME"] = home
        from core.settings import load_settings

        tz_today = datetime.now(UTC).astimezone(__import__("zoneinfo").ZoneInfo(load_settings().service.timezone)).date()
        started = time.perf_counter()
        data = generate(args.turns, tz_today)
        result: dict = {"bench": "insight", "turns": args.turns, "generate_s": round(time.perf_counter() - started, 1),
                        "target_s": TARGET_S}
        db_path = Path(home) / "zhitu.db"
        result["sqlite"] = measure(f"sqlite:///{db_path}", lambda d: load_sqlite(db_path, d), data, args.repeats)
        if not args.no_pg:
            server = None
            try:
                url = args.pg_url
                if url is None:
                    sys.path[:0] = [str(REPO), str(REPO / "scripts")]
                    from tests.conftest import PostgresServer

                    server = PostgresServer().start()
                    url = server.new_database()
                result["postgresql"] = measure(url, lambda d: load_postgres(url, d), data, args.repeats)
            except BaseException as exc:  # noqa: BLE001 - pytest.fail (no PostgreSQL) is a BaseException
                result["postgresql"] = {"error": f"{type(exc).__name__}: {exc}"}
            finally:
                if server is not None:
                    server.stop()
    result["ok"] = result["sqlite"]["ok"] and result.get("postgresql", {}).get("ok", args.no_pg)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return result


if __name__ == "__main__":
    main()
