"""discipline: issuer level, never time-barred category, later violations

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 04:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "disciplines",
        sa.Column("issuer_level", sa.String(length=30), nullable=True, comment="The issuer's level on the decision date"),
    )
    op.add_column(
        "disciplines",
        sa.Column("violation_category", sa.String(length=40), nullable=True, comment="A never time-barred category"),
    )
    op.add_column(
        "disciplines",
        sa.Column(
            "later_violation_dates",
            postgresql.ARRAY(sa.Date()),
            server_default="{}",
            nullable=False,
            comment="Later violations that restart the limitation",
        ),
    )


def downgrade() -> None:
    op.drop_column("disciplines", "later_violation_dates")
    op.drop_column("disciplines", "violation_category")
    op.drop_column("disciplines", "issuer_level")
