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
        command.upgrade(cfg, "heads")  # features add revisions off the same parent; all heads apply


# --- escalation (issue 7): users, tickets, their messages, the audit log, reviewed answers, chat sessions ---

users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),  # counsellor | admin
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
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
