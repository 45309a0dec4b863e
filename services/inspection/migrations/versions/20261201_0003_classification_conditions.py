"""classification: the unit-or-leader condition recorded on each entry

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "classification_entries",
        sa.Column(
            "unit_or_leader_disciplined",
            sa.Boolean(),
            server_default="false",
            nullable=False,
            comment="A unit or a leading member disciplined in the year",
        ),
    )


def downgrade() -> None:
    op.drop_column("classification_entries", "unit_or_leader_disciplined")
