"""member copies: membership's row version (contract 2), to order member events

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "member_copies",
        sa.Column(
            "member_version",
            sa.Integer(),
            nullable=True,
            comment="Membership's row version last applied (events carrying one are ordered by it)",
        ),
    )


def downgrade() -> None:
    op.drop_column("member_copies", "member_version")
