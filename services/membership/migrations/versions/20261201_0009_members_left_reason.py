"""members: why a member left (the removal reason, resigned, expelled, deceased), for readmission's exclusions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 05:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'members',
        sa.Column(
            'left_reason',
            sa.String(length=30),
            nullable=True,
            comment="Why: the removal reason, resigned, expelled or deceased (readmission's exclusions)",
        ),
    )
    # A removal's reason was only in its event; resignations, expulsions and deaths say it by their status.
    op.execute("UPDATE members SET left_reason = status WHERE status IN ('resigned', 'expelled', 'deceased')")


def downgrade() -> None:
    op.drop_column('members', 'left_reason')
