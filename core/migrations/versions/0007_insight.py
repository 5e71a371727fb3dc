"""insight: one row per chat turn and its daily counters, 👎 reasons, login attempts, session revocation

Revision ID: 0007
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_turns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(100), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("new_session", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("route", sa.String(30), nullable=False, server_default=""),
        sa.Column("refused", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("escalated", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("thumbs_down", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("latency_ms", sa.Integer, nullable=False, server_default="0"),
        sa.Column("llm", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("fallback", sa.String(200), nullable=True),
        sa.Column("sources", sa.Text, nullable=False, server_default="[]"),
    )
    op.create_index("ix_chat_turns_session_id", "chat_turns", ["session_id"])
    flags = ("new_session", "refused", "escalated", "thumbs_down", "llm", "fallback")
    op.create_table(
        "turn_stats",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("day", sa.Date, nullable=False),
        *(sa.Column(flag, sa.Boolean, nullable=False) for flag in flags),
        sa.Column("turns", sa.Integer, nullable=False),
        sa.UniqueConstraint("day", *flags, name="uq_turn_stats"),
    )
    op.create_table(
        "turn_latency_stats",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("latency_ms", sa.Integer, nullable=False),
        sa.Column("turns", sa.Integer, nullable=False),
        sa.UniqueConstraint("day", "latency_ms", name="uq_turn_latency_stats"),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
    )
    op.create_index("ix_login_attempts_name", "login_attempts", ["name", "at"])
    op.create_index("ix_login_attempts_address", "login_attempts", ["address", "at"])
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("turn_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("reason", sa.String(30), nullable=True))
        batch.add_column(sa.Column("comment", sa.Text, nullable=True))
        batch.create_index("ix_feedback_turn_id", ["turn_id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("sessions_valid_after", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("sessions_valid_after")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index("ix_feedback_turn_id")
        batch.drop_column("comment")
        batch.drop_column("reason")
        batch.drop_column("turn_id")
    op.drop_index("ix_login_attempts_address", "login_attempts")
    op.drop_index("ix_login_attempts_name", "login_attempts")
    op.drop_table("login_attempts")
    op.drop_table("turn_latency_stats")
    op.drop_table("turn_stats")
    op.drop_index("ix_chat_turns_session_id", "chat_turns")
    op.drop_table("chat_turns")
