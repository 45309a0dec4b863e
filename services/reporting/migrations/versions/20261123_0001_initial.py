"""initial

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 21:18:00.332116
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


ADD_FUNCTION = """
CREATE OR REPLACE FUNCTION reporting_add(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_strip_nulls(a || coalesce((
    SELECT jsonb_object_agg(key, nullif(coalesce(CAST(a ->> key AS bigint), 0) + CAST(value AS bigint), 0))
    FROM jsonb_each_text(b)), '{}'::jsonb))
$$
"""


def upgrade() -> None:
    upgrade_platform_v1()
    # a row's deltas plus the batch's: only the batch's few keys are looked up; zeros are dropped
    op.execute(ADD_FUNCTION)
    op.create_table('entity_contributions',
    sa.Column('entity_key', sa.String(length=200), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('deltas', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.PrimaryKeyConstraint('entity_key', name=op.f('pk_entity_contributions'))
    )
    op.create_table('facts',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('month', sa.Date(), nullable=False, comment='First day of the month.'),
    sa.Column('family', sa.String(length=20), nullable=False, comment='The stream whose consumer writes these metrics.'),
    sa.Column('deltas', postgresql.JSONB(astext_type=sa.Text()), nullable=False, comment='metric -> change in the month'),
    sa.PrimaryKeyConstraint('org_id', 'month', 'family', name=op.f('pk_facts')),
    postgresql_with={'fillfactor': 70}
    )
    op.create_table('member_facts',
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('standing', sa.String(length=30), nullable=True),
    sa.Column('gender', sa.String(length=20), nullable=False),
    sa.Column('minority', sa.Boolean(), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('guest', sa.Boolean(), nullable=False, comment="A host's record of a temporary member: never counted."),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_member_facts'))
    )
    op.create_index(op.f('ix_member_facts_org_id'), 'member_facts', ['org_id'], unique=False)
    op.create_table('tree_version',
    sa.Column('id', sa.SmallInteger(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tree_version'))
    )
    op.execute("INSERT INTO tree_version (id, version) VALUES (1, 0)")
    op.create_table('org_targets',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('figure', sa.String(length=80), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('org_id', 'year', 'figure', name=op.f('pk_org_targets'))
    )
    op.create_table('progress',
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('last_event_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer', name=op.f('pk_progress'))
    )


def downgrade() -> None:
    op.drop_table('progress')
    op.drop_index(op.f('ix_member_facts_org_id'), table_name='member_facts')
    op.drop_table('member_facts')
    op.drop_table('facts')
    op.drop_table('tree_version')
    op.drop_table('org_targets')
    op.execute("DROP FUNCTION IF EXISTS reporting_add(jsonb, jsonb)")
    op.drop_table('entity_contributions')
    downgrade_platform_v1()
