"""initial

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 20:49:24.980428
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.platform_migrations import downgrade_platform_v1, upgrade_platform_v1
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    upgrade_platform_v1()
    op.create_table('member_changes',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('change', sa.String(length=60), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('request_id', sa.String(length=100), nullable=True),
    sa.Column('snapshot', postgresql.JSONB(astext_type=sa.Text()), nullable=False, comment="The member's state after the change"),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_changes'))
    )
    op.create_index('ix_member_changes_member', 'member_changes', ['member_id', 'effective_date', 'id'], unique=False)
    op.create_table('members',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('search_name', sa.String(length=200), nullable=False, comment='unidecode(full_name).lower(), for search'),
    sa.Column('gender', sa.String(length=10), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('ethnicity', sa.String(length=60), nullable=False),
    sa.Column('religion', sa.String(length=60), nullable=True),
    sa.Column('national_id', sa.String(length=12), nullable=False),
    sa.Column('party_card_number', sa.String(length=30), nullable=True),
    sa.Column('hometown', sa.String(length=300), nullable=True),
    sa.Column('education', sa.String(length=200), nullable=True),
    sa.Column('occupation', sa.String(length=200), nullable=True),
    sa.Column('positions', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('admission_date', sa.Date(), nullable=True),
    sa.Column('recognition_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('previous_status', sa.String(length=30), nullable=True),
    sa.Column('source_system', sa.String(length=60), nullable=True),
    sa.Column('external_id', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('flags', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('national_id', name=op.f('uq_members_national_id')),
    sa.UniqueConstraint('source_system', 'external_id', name='uq_members_external_ref')
    )
    op.create_index(op.f('ix_members_org_id'), 'members', ['org_id'], unique=False)
    op.create_index('ix_members_org_name_id', 'members', ['org_id', 'search_name', 'id'], unique=False)
    op.create_index('ix_members_org_status', 'members', ['org_id', 'status'], unique=False)
    op.create_index('ix_members_search_name_trgm', 'members', ['search_name'], unique=False, postgresql_using='gin', postgresql_ops={'search_name': 'gin_trgm_ops'})


def downgrade() -> None:
    op.drop_index('ix_members_search_name_trgm', table_name='members', postgresql_using='gin', postgresql_ops={'search_name': 'gin_trgm_ops'})
    op.drop_index('ix_members_org_status', table_name='members')
    op.drop_index('ix_members_org_name_id', table_name='members')
    op.drop_index(op.f('ix_members_org_id'), table_name='members')
    op.drop_table('members')
    op.drop_index('ix_member_changes_member', table_name='member_changes')
    op.drop_table('member_changes')
    downgrade_platform_v1()
