"""org_unit_types: each grassroots organisation's unit type now (form 5-BTCTW counts organisations by it)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 08:55:00

A database built before it counts no organisation by type until ``./grassroots rebuild-reporting``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "org_unit_types",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("unit_type", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_org_unit_types")),
    )


def downgrade() -> None:
    op.drop_table("org_unit_types")
