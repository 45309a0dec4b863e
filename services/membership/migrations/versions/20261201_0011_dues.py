"""dues: dues_payments (a member's month, with receipt) and dues_months (a level's received/retained/remitted)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 05:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'dues_payments',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('org_id', sa.String(length=36), nullable=False, comment='The branch that collected'),
        sa.Column('month', sa.Date(), nullable=False, comment='First day of the month the dues are for'),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('basis', sa.BigInteger(), nullable=True, comment='Salary basis, benefit or pension (VND)'),
        sa.Column('amount_due', sa.BigInteger(), nullable=False),
        sa.Column('amount_paid', sa.BigInteger(), nullable=False),
        sa.Column('reduction_percent', sa.Integer(), nullable=False),
        sa.Column('receipt_number', sa.String(length=60), nullable=True),
        sa.Column('paid_on', sa.Date(), nullable=False),
        sa.Column('excused_reason', sa.Text(), nullable=True, comment='A valid reason for not paying this month'),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('member_id', 'month', name='uq_dues_payments_member_month'),
    )
    op.create_index('ix_dues_payments_org_month', 'dues_payments', ['org_id', 'month'])
    op.create_table(
        'dues_months',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('org_id', sa.String(length=36), nullable=False),
        sa.Column('parent_id', sa.String(length=36), nullable=True, comment='The level the remittance went to'),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('collected', sa.BigInteger(), nullable=False, comment="Collected from this level's own members"),
        sa.Column('received', sa.BigInteger(), nullable=False, comment="Collected plus the units' remittances"),
        sa.Column('retained', sa.BigInteger(), nullable=False),
        sa.Column('remitted', sa.BigInteger(), nullable=False),
        sa.Column('retained_percent', sa.Integer(), nullable=False),
        sa.Column('arrears_members', sa.Integer(), nullable=False),
        sa.Column('receipt_number', sa.String(length=60), nullable=True),
        sa.Column('remitted_on', sa.Date(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('org_id', 'month', name='uq_dues_months_org_month'),
    )
    op.create_index('ix_dues_months_parent_month', 'dues_months', ['parent_id', 'month'])


def downgrade() -> None:
    op.drop_index('ix_dues_months_parent_month', table_name='dues_months')
    op.drop_table('dues_months')
    op.drop_index('ix_dues_payments_org_month', table_name='dues_payments')
    op.drop_table('dues_payments')
