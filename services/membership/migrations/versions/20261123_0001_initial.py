"""initial

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 20:49:24.980428
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('request_id', sa.String(length=100), nullable=True),
    sa.Column('action', sa.String(length=100), nullable=False),
    sa.Column('entity_type', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.String(length=80), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=True),
    sa.Column('before', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('after', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Append-only audit trail, written in the same transaction as the change.'
    )
    op.create_index('ix_audit_entity', 'audit_log', ['entity_type', 'entity_id', 'id'], unique=False)
    op.create_table('dead_letters',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('envelope', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('deliveries', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('replayed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replay_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('consumer', 'event_id', name='uq_dead_letters_consumer_event')
    )
    op.create_table('idempotency_keys',
    sa.Column('client', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('response_body', sa.Text(), nullable=True),
    sa.Column('response_headers', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('client', 'key')
    )
    op.create_table('inbox',
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer', 'event_id'),
    comment='Event ids a consumer has applied, written in the same transaction as the effects.'
    )
    op.create_table('org_node_history',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment="Each organisation's placement over time (valid_to exclusive), for reports 'as of' a date."
    )
    op.create_index('ix_org_history_org', 'org_node_history', ['org_id', 'valid_from'], unique=False)
    op.create_index('ix_org_history_path', 'org_node_history', ['path'], unique=False, postgresql_ops={'path': 'text_pattern_ops'})
    op.create_table('org_nodes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=True),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='active', nullable=False),
    sa.Column('merged_into', sa.String(length=36), nullable=True),
    sa.Column('established_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    comment="The organisation tree as it is now. `path` is '/root-id/.../own-id/' for subtree queries."
    )
    op.create_index('ix_org_nodes_parent', 'org_nodes', ['parent_id'], unique=False)
    op.create_index('ix_org_nodes_path', 'org_nodes', ['path'], unique=False, postgresql_ops={'path': 'text_pattern_ops'})
    op.create_table('outbox',
    sa.Column('seq', sa.BigInteger(), sa.Identity(always=True), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('aggregate_id', sa.String(length=80), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('nats_subject', sa.String(length=200), nullable=False),
    sa.Column('envelope', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('publish_attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('event_id'),
    comment="Transactional outbox, kept as the service's event log after publishing (see conventions)."
    )
    op.create_index('ix_outbox_aggregate_unpublished', 'outbox', ['aggregate_id', 'seq'], unique=False, postgresql_where=sa.text('published_at IS NULL'))
    op.create_index('ix_outbox_unpublished', 'outbox', ['seq'], unique=False, postgresql_where=sa.text('published_at IS NULL'))
    op.create_table('parked_events',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('envelope', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('waiting_for', sa.String(length=200), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('parked_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('consumer', 'event_id', name='uq_parked_consumer_event'),
    comment='Events that cannot be applied yet (their organisation is unknown); retried, never dropped.'
    )
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
    op.drop_table('parked_events')
    op.drop_index('ix_outbox_unpublished', table_name='outbox', postgresql_where=sa.text('published_at IS NULL'))
    op.drop_index('ix_outbox_aggregate_unpublished', table_name='outbox', postgresql_where=sa.text('published_at IS NULL'))
    op.drop_table('outbox')
    op.drop_index('ix_org_nodes_path', table_name='org_nodes', postgresql_ops={'path': 'text_pattern_ops'})
    op.drop_index('ix_org_nodes_parent', table_name='org_nodes')
    op.drop_table('org_nodes')
    op.drop_index('ix_org_history_path', table_name='org_node_history', postgresql_ops={'path': 'text_pattern_ops'})
    op.drop_index('ix_org_history_org', table_name='org_node_history')
    op.drop_table('org_node_history')
    op.drop_table('inbox')
    op.drop_table('idempotency_keys')
    op.drop_table('dead_letters')
    op.drop_index('ix_audit_entity', table_name='audit_log')
    op.drop_table('audit_log')
