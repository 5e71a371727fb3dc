"""supply side: anonymised job-seeker registrations (files and consented profiles from the matching tab)

Revision ID: 0005
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seekers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("origin", sa.String(10), nullable=False, server_default="file"),
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
        sa.Column("registered_at", sa.String(10), nullable=False, server_default=""),
        sa.Column("month", sa.String(7), nullable=False, server_default=""),  # YYYY-MM of registered_at
    )
    op.create_index("ix_seekers_source", "seekers", ["source"])
    op.create_index("ix_seekers_group", "seekers", ["intent", "major", "district", "month"])


def downgrade() -> None:
    op.drop_index("ix_seekers_group", "seekers")
    op.drop_index("ix_seekers_source", "seekers")
    op.drop_table("seekers")
