"""member records: member_records (sections, version), member_record_supplements, member_card_events,
member_record_attachments (sha256 of the stored scan)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 06:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'member_records',
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('sections', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('member_id'),
    )
    op.create_table(
        'member_record_supplements',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('supplement_date', sa.Date(), nullable=False),
        sa.Column('content', sa.Text(), nullable=False, comment='What changed in the year, as the member declared it'),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('member_id', 'year', name='uq_member_record_supplements_year'),
    )
    op.create_table(
        'member_card_events',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('event_date', sa.Date(), nullable=False),
        sa.Column('card_number', sa.String(length=30), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_member_card_events_member', 'member_card_events', ['member_id', 'event_date'])
    op.create_table(
        'member_record_attachments',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('size_bytes', sa.BigInteger(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=True),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('member_id', 'sha256', name='uq_member_record_attachments_sha'),
    )


def downgrade() -> None:
    op.drop_table('member_record_attachments')
    op.drop_index('ix_member_card_events_member', table_name='member_card_events')
    op.drop_table('member_card_events')
    op.drop_table('member_record_supplements')
    op.drop_table('member_records')
