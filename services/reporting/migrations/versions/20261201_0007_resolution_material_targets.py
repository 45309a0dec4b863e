"""resolution and materials targets

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 05:20:00

Meetings' ``targets.set`` may carry the share of meetings adopting a resolution and the share with materials
prepared (null: the default); reporting keeps them beside the other meeting targets.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
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
