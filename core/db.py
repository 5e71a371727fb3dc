"""The relational database: SQLite (WAL) under $ZHITU_HOME by default, PostgreSQL by URL. Schema via Alembic."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("source", sa.String(255), primary_key=True),
    sa.Column("title", sa.String(500), nullable=False),
    sa.Column("doc_type", sa.String(20), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("chunks", sa.Integer, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("uploaded_by", sa.String(100), nullable=False, server_default="cli"),
)

feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(100), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("rating", sa.Integer, nullable=False),  # +1 👍, -1 👎
    sa.Column("sources", sa.Text, nullable=False, server_default="[]"),  # JSON list of cited file names
    sa.Column("route", sa.String(30), nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # issue 20: the turn it rates, and why a 👎 (one of assistant/feedback.py REASONS) with optional text
    sa.Column("turn_id", sa.Integer, nullable=True, index=True),
    sa.Column("reason", sa.String(30), nullable=True),
    sa.Column("comment", sa.Text, nullable=True),
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """Create the engine; SQLite gets WAL and a busy timeout so several processes can share it."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision (idempotent, serialised by Alembic's version table)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


# --- escalation (issue 7): users, tickets, their messages, the audit log, reviewed answers, chat sessions ---

users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),  # counsellor | admin
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # issue 20: cookies issued before this instant are void (set by disable; a deleted user has no row at all)
    sa.Column("sessions_valid_after", sa.DateTime(timezone=True), nullable=True),
)

tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(100), nullable=False, index=True),
    # = session_id while the ticket is open, NULL once resolved/closed: the unique constraint makes
    # "one open ticket per session" hold across processes without locks.
    sa.Column("open_key", sa.String(100), nullable=True, unique=True),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("priority", sa.String(10), nullable=False),
    sa.Column("reasons", sa.Text, nullable=False, server_default="[]"),  # JSON list of reason ids
    sa.Column("summary", sa.Text, nullable=False, server_default=""),
    sa.Column("transcript", sa.Text, nullable=False, server_default="[]"),  # JSON [{"role","content"}]
    sa.Column("cited", sa.Text, nullable=False, server_default="[]"),  # JSON [{"source","title","page",...}]
    sa.Column("contact", sa.String(200), nullable=True),
    sa.Column("assignee", sa.String(100), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

ticket_messages = sa.Table(
    "ticket_messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False, index=True),
    sa.Column("author", sa.String(100), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),  # seeker | counsellor
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),  # counsellor replies: shown to the seeker
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("entity", sa.String(30), nullable=False),  # ticket | user | reviewed_answer | …
    sa.Column("entity_id", sa.String(100), nullable=False),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, server_default="{}"),  # JSON, masked
    sa.Index("ix_audit_entity", "entity", "entity_id"),
)

reviewed_answers = sa.Table(
    "reviewed_answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("expires_at", sa.Date, nullable=False),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=True),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

chat_sessions = sa.Table(
    "chat_sessions",
    metadata,
    sa.Column("session_id", sa.String(100), primary_key=True),
    sa.Column("turns", sa.Text, nullable=False, server_default="[]"),  # JSON [{"role","content"}]
    sa.Column("topic", sa.String(200), nullable=False, server_default=""),
    sa.Column("unresolved_streak", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# --- escalation learning (issue 16): a counsellor's "should have been escalated" / "needn't have been" on a message ---

escalation_marks = sa.Table(
    "escalation_marks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=True, index=True),
    sa.Column("session_id", sa.String(100), nullable=False, server_default=""),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("should_escalate", sa.Boolean, nullable=False),
    sa.Column("reason", sa.String(30), nullable=True),  # one of assistant.escalation.REASONS when should_escalate
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# --- admin console (issue 9): uploads waiting for Apply/Cancel; the file itself is under $ZHITU_HOME/staging ---

document_previews = sa.Table(
    "document_previews",
    metadata,
    sa.Column("token", sa.String(32), primary_key=True),
    sa.Column("source", sa.String(255), nullable=False, index=True),
    sa.Column("title", sa.String(500), nullable=False, server_default=""),
    sa.Column("doc_type", sa.String(20), nullable=False, server_default=""),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("chunks", sa.Integer, nullable=False, server_default="0"),
    sa.Column("base_version", sa.Integer, nullable=True),  # the live version it was compared with; NULL = new document
    sa.Column("status", sa.String(20), nullable=False),  # pending | applied | cancelled | stale
    sa.Column("diff", sa.Text, nullable=False, server_default="{}"),  # JSON, knowledge.changes.DocumentDiff
    sa.Column("impact", sa.Text, nullable=False, server_default="{}"),  # JSON, knowledge.impact.Impact
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("decided_by", sa.String(100), nullable=True),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
)

# --- several replicas on shared engines (issue 19): the live-version signal, stored file versions, staged uploads ---

kb_state = sa.Table(
    "kb_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # one row, id 1
    # Bumped in the same transaction as every registry change: a replica whose loaded generation differs reloads.
    sa.Column("generation", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
)

document_files = sa.Table(
    "document_files",
    metadata,
    sa.Column("source", sa.String(255), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
)

staged_uploads = sa.Table(
    "staged_uploads",
    metadata,
    sa.Column("token", sa.String(32), primary_key=True),  # = document_previews.token
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

app_secrets = sa.Table(
    "app_secrets",
    metadata,
    sa.Column("name", sa.String(50), primary_key=True),  # web_session: the staff-cookie signing key every replica uses
    sa.Column("value", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


# --- insight (issue 20): one row per answered turn, and staff login attempts for throttling ---

chat_turns = sa.Table(
    "chat_turns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(100), nullable=False, index=True),
    sa.Column("day", sa.Date, nullable=False),  # local date in settings.service.timezone: per-day figures group on it
    sa.Column("new_session", sa.Boolean, nullable=False, server_default=sa.false()),  # the conversation's first turn
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("question", sa.Text, nullable=False),  # masked when written (core.masking)
    sa.Column("route", sa.String(30), nullable=False, server_default=""),
    sa.Column("refused", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("escalated", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("thumbs_down", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("latency_ms", sa.Integer, nullable=False, server_default="0"),
    sa.Column("llm", sa.Boolean, nullable=False, server_default=sa.false()),  # an LLM was configured for this turn
    sa.Column("fallback", sa.String(200), nullable=True),  # why the extractive answer replaced the LLM's
    sa.Column("sources", sa.Text, nullable=False, server_default="[]"),  # JSON list of cited file names
)

# Counters kept with every write of chat_turns (assistant/turns.py), so the page's figures read a few thousand rows
# whatever the number of turns; ``TurnLog.rebuild_stats`` recomputes them from chat_turns.
STAT_FLAGS = ("new_session", "refused", "escalated", "thumbs_down", "llm", "fallback")
turn_stats = sa.Table(
    "turn_stats",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("day", sa.Date, nullable=False),
    *(sa.Column(flag, sa.Boolean, nullable=False) for flag in STAT_FLAGS),
    sa.Column("turns", sa.Integer, nullable=False),
    sa.UniqueConstraint("day", *STAT_FLAGS, name="uq_turn_stats"),
)

turn_latency_stats = sa.Table(
    "turn_latency_stats",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("latency_ms", sa.Integer, nullable=False),
    sa.Column("turns", sa.Integer, nullable=False),
    sa.UniqueConstraint("day", "latency_ms", name="uq_turn_latency_stats"),
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("address", sa.String(100), nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Index("ix_login_attempts_name", "name", "at"),
    sa.Index("ix_login_attempts_address", "address", "at"),
)


# --- supply side of the supply–demand warnings (issue 18): anonymised job-seeker registrations ---
# Rows of an ingested registration file (origin "file", source = its file name, replaced with the document) and
# profiles that seekers chose to count on the 岗位匹配 tab (origin "web", one per browser session: ``consent_key``).
# Never a name, ID number or phone: ingest/seekers.py keeps only these fields, masked.

seekers = sa.Table(
    "seekers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(255), nullable=False, index=True),
    sa.Column("origin", sa.String(10), nullable=False, server_default="file"),  # file | web
    sa.Column("consent_key", sa.String(64), nullable=True, unique=True),
    sa.Column("row", sa.Integer, nullable=False, server_default="0"),
    sa.Column("ref", sa.Text, nullable=False, server_default=""),
    sa.Column("intent", sa.Text, nullable=False, server_default=""),
    sa.Column("major", sa.Text, nullable=False, server_default=""),
    sa.Column("education", sa.Text, nullable=False, server_default=""),
    sa.Column("district", sa.Text, nullable=False, server_default=""),
    sa.Column("skills", sa.Text, nullable=False, server_default=""),
    sa.Column("certificates", sa.Text, nullable=False, server_default=""),
    sa.Column("experience", sa.Text, nullable=False, server_default=""),
    sa.Column("expected_salary", sa.Text, nullable=False, server_default=""),
    sa.Column("registered_at", sa.String(10), nullable=False, server_default=""),  # ISO date or ""
    sa.Column("month", sa.String(7), nullable=False, server_default=""),  # YYYY-MM of registered_at
    # the supply–demand count groups by these: reading them in index order spares a sort of 100k rows
    sa.Index("ix_seekers_group", "intent", "major", "district", "month"),
)
