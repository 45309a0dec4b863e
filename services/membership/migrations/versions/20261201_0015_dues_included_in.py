"""dues: each payment and each unit's month records the remittance that carried it (late ones go with the next)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 06:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'dues_payments',
        sa.Column(
            'included_in',
            sa.BigInteger(),
            nullable=True,
            comment="The branch's month (dues_months.id) whose remittance carried this payment",
        ),
    )
    op.add_column(
        'dues_months',
        sa.Column(
            'included_in',
            sa.BigInteger(),
            nullable=True,
            comment="The parent's month (dues_months.id) whose remittance carried this one",
        ),
    )
    # Rows recorded before: carried by the month of the same organisation (payments) or parent (units).
    op.execute(
        "UPDATE dues_payments p SET included_in = m.id FROM dues_months m "
        "WHERE m.org_id = p.org_id AND m.month = p.month"
    )
    op.execute(
        "UPDATE dues_months c SET included_in = m.id FROM dues_months m "
        "WHERE m.org_id = c.parent_id AND m.month = c.month"
    )


def downgrade() -> None:
    op.drop_column('dues_months', 'included_in')
    op.drop_column('dues_payments', 'included_in')
