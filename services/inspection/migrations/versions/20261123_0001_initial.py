"""initial

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 20:56:25.102379
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
    upgrade_platform_v1()
    op.create_table('appeals',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('discipline_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('lodged_on', sa.Date(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('new_measure', sa.String(length=30), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeals')),
    sa.UniqueConstraint('discipline_id', name=op.f('uq_appeals_discipline_id'))
    )
    op.create_index('ix_appeals_org', 'appeals', ['org_id', 'id'], unique=False)
    op.create_table('classification_batches',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=True),
    sa.Column('cap_flagged', sa.Boolean(), nullable=False),
    sa.Column('cap_excellent', sa.Integer(), nullable=False),
    sa.Column('cap_basis', sa.String(length=20), nullable=False),
    sa.Column('cap_basis_count', sa.Integer(), nullable=False),
    sa.Column('cap_max_allowed', sa.Integer(), nullable=False),
    sa.Column('cap_ratio', sa.Numeric(precision=6, scale=4), nullable=False),
    sa.Column('entry_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False, comment='current | superseded'),
    sa.Column('replaces_batch_id', sa.String(length=36), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classification_batches'))
    )
    op.create_index('ix_classification_batches_org', 'classification_batches', ['org_id', 'year', 'id'], unique=False)
    op.create_index('uq_classification_batches_current', 'classification_batches', ['org_id', 'year', 'target_type'], unique=True, postgresql_where=sa.text("status = 'current'"))
    op.create_table('classification_entries',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.String(length=36), nullable=False),
    sa.Column('subject_org_id', sa.String(length=36), nullable=False),
    sa.Column('grassroots_org_id', sa.String(length=36), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('disciplined_in_year', sa.Boolean(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classification_entries'))
    )
    op.create_index('ix_classification_entries_batch', 'classification_entries', ['batch_id', 'id'], unique=False)
    op.create_index('ix_classification_entries_year_org', 'classification_entries', ['year', 'target_type', 'subject_org_id'], unique=False)
    op.create_index('uq_classification_entries_current', 'classification_entries', ['target_type', 'target_id', 'year'], unique=True, postgresql_where=sa.text('current'))
    op.create_table('disciplines',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=True),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('measure', sa.String(length=30), nullable=False),
    sa.Column('measure_in_force', sa.String(length=30), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False, comment='in_force | reduced | annulled'),
    sa.Column('decision_number', sa.String(length=100), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('issuing_org_id', sa.String(length=36), nullable=False),
    sa.Column('violation_date', sa.Date(), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('inspection_id', sa.String(length=36), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('standing', sa.String(length=20), nullable=True, comment="A member's standing on the decision date"),
    sa.Column('held_post', sa.Boolean(), nullable=False, comment='Whether the member held a post then'),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disciplines')),
    sa.UniqueConstraint('issuing_org_id', 'decision_number', name='uq_disciplines_issuer_number')
    )
    op.create_index('ix_disciplines_member', 'disciplines', ['member_id', 'decision_date'], unique=False)
    op.create_index('ix_disciplines_org', 'disciplines', ['org_id', 'decision_date', 'id'], unique=False)
    op.create_table('inspection_items',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('programme_id', sa.String(length=36), nullable=False),
    sa.Column('committee_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.Text(), nullable=True),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=True),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('concluded_on', sa.Date(), nullable=True),
    sa.Column('violation', sa.Boolean(), nullable=True),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('recommended_measure', sa.String(length=30), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_items'))
    )
    op.create_index('ix_inspection_items_committee', 'inspection_items', ['committee_id', 'year', 'id'], unique=False)
    op.create_index(op.f('ix_inspection_items_member_id'), 'inspection_items', ['member_id'], unique=False)
    op.create_index('ix_inspection_items_org', 'inspection_items', ['org_id', 'id'], unique=False)
    op.create_index('ix_inspection_items_programme', 'inspection_items', ['programme_id', 'id'], unique=False)
    op.create_table('member_copies',
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False, comment="The member's branch"),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('positions', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('as_of', sa.DateTime(timezone=True), nullable=False, comment='Time of the last event applied (older ones are ignored)'),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_member_copies'))
    )
    op.create_index(op.f('ix_member_copies_org_id'), 'member_copies', ['org_id'], unique=False)
    op.create_table('programmes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('committee_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    sa.UniqueConstraint('committee_id', 'year', name='uq_programmes_committee_year')
    )


def downgrade() -> None:
    op.drop_table('programmes')
    op.drop_index(op.f('ix_member_copies_org_id'), table_name='member_copies')
    op.drop_table('member_copies')
    op.drop_index('ix_inspection_items_programme', table_name='inspection_items')
    op.drop_index('ix_inspection_items_org', table_name='inspection_items')
    op.drop_index(op.f('ix_inspection_items_member_id'), table_name='inspection_items')
    op.drop_index('ix_inspection_items_committee', table_name='inspection_items')
    op.drop_table('inspection_items')
    op.drop_index('ix_disciplines_org', table_name='disciplines')
    op.drop_index('ix_disciplines_member', table_name='disciplines')
    op.drop_table('disciplines')
    op.drop_index('uq_classification_entries_current', table_name='classification_entries', postgresql_where=sa.text('current'))
    op.drop_index('ix_classification_entries_year_org', table_name='classification_entries')
    op.drop_index('ix_classification_entries_batch', table_name='classification_entries')
    op.drop_table('classification_entries')
    op.drop_index('uq_classification_batches_current', table_name='classification_batches', postgresql_where=sa.text("status = 'current'"))
    op.drop_index('ix_classification_batches_org', table_name='classification_batches')
    op.drop_table('classification_batches')
    op.drop_index('ix_appeals_org', table_name='appeals')
    op.drop_table('appeals')
    downgrade_platform_v1()
