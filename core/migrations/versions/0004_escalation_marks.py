"""escalation learning: counsellors' marks on messages ("should have been escalated" / "needn't have been")

Revision ID: 0004
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "escalation_marks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=True),
        sa.Column("session_id", sa.String(100), nullable=False, server_default=""),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("should_escalate", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(30), nullable=True),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_escalation_marks_ticket_id", "escalation_marks", ["ticket_id"])


def downgrade() -> None:
    op.drop_index("ix_escalation_marks_ticket_id", "escalation_marks")
    op.drop_table("escalation_marks")
