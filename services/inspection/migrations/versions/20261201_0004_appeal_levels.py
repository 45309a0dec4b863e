"""appeals: one per decision and level, the level that hears it, the measure contested

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("appeals", sa.Column("level", sa.Integer(), server_default="1", nullable=False))
    op.add_column("appeals", sa.Column("heard_by_org_id", sa.String(length=36), nullable=True))
    op.add_column("appeals", sa.Column("final_authority", sa.String(length=40), nullable=True))
    op.add_column(
        "appeals",
        sa.Column(
            "contested_measure", sa.String(length=30), nullable=True, comment="The measure in force when lodged"
        ),
    )
    op.drop_constraint("uq_appeals_discipline_id", "appeals", type_="unique")
    op.create_unique_constraint("uq_appeals_discipline_level", "appeals", ["discipline_id", "level"])


def downgrade() -> None:
    op.drop_constraint("uq_appeals_discipline_level", "appeals", type_="unique")
    op.create_unique_constraint("uq_appeals_discipline_id", "appeals", ["discipline_id"])
    op.drop_column("appeals", "contested_measure")
    op.drop_column("appeals", "final_authority")
    op.drop_column("appeals", "heard_by_org_id")
    op.drop_column("appeals", "level")
