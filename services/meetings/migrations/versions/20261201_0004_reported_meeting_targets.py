"""targets of the meeting figures reporting measures

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 05:15:00

An organisation may set, beside its compliance targets, the share of meetings adopting a resolution and the
share with materials prepared (Mường Nhé's Nghị quyết 07: 95 % and 100 %); null keeps the default. They are
published with ``targets.set`` and checked by reporting.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "meeting_targets",
        sa.Column("resolutions_percent", sa.Numeric(5, 2), nullable=True, comment="Null: the default."),
    )
    op.add_column(
        "meeting_targets",
        sa.Column("materials_percent", sa.Numeric(5, 2), nullable=True, comment="Null: the default."),
    )


def downgrade() -> None:
    op.drop_column("meeting_targets", "materials_percent")
    op.drop_column("meeting_targets", "resolutions_percent")
