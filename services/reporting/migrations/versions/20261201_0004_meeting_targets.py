"""meeting targets from meetings

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 04:50:00

Each organisation's own meeting targets for a year, from meetings' ``targets.set`` event, so reports check an
organisation against its own targets (inherited down the tree) instead of the defaults.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_targets",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False, comment="The targets' version in meetings (newer replaces)."),
        sa.Column("meetings_held_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("attendance_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("well_attended_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("superior_attended_percent", sa.Numeric(5, 2), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "year"),
    )


def downgrade() -> None:
    op.drop_table("meeting_targets")
