"""badges: member_badges (awards in the member's record) and member_disciplines (what defers a badge)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 05:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'member_badges',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('org_id', sa.String(length=36), nullable=False, comment="The member's branch on the award date"),
        sa.Column('milestone', sa.Integer(), nullable=False, comment='Years of party age'),
        sa.Column('award_date', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False, comment='regular, illness (early) or posthumous'),
        sa.Column('party_age_months', sa.Integer(), nullable=False),
        sa.Column('decision_number', sa.String(length=60), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('member_id', 'milestone', name='uq_member_badges_milestone'),
    )
    op.create_index('ix_member_badges_org_date', 'member_badges', ['org_id', 'award_date'])
    op.create_table(
        'member_disciplines',
        sa.Column('discipline_id', sa.String(length=64), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('measure', sa.String(length=30), nullable=False),
        sa.Column('effective_date', sa.Date(), nullable=False),
        sa.Column('annulled', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('discipline_id'),
    )
    op.create_index('ix_member_disciplines_member', 'member_disciplines', ['member_id'])


def downgrade() -> None:
    op.drop_index('ix_member_disciplines_member', table_name='member_disciplines')
    op.drop_table('member_disciplines')
    op.drop_index('ix_member_badges_org_date', table_name='member_badges')
    op.drop_table('member_badges')
