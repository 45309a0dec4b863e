"""initial

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 20:58:38.593286
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
    # reviewed: platform tables (shared.schema) then meetings’ own
    op.create_table('absence_alerts',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('alert_key', sa.String(length=20), nullable=False, comment='streak start date, or the year'),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('first_date', sa.Date(), nullable=False),
    sa.Column('last_date', sa.Date(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absence_alerts'))
    )
    op.create_index('uq_absence_alerts_identity', 'absence_alerts', ['member_id', 'rule', 'alert_key'], unique=True)
    op.create_table('attendance',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('mark', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('meeting_id', 'member_id', name=op.f('pk_attendance'))
    )
    op.create_index('ix_attendance_member_date', 'attendance', ['member_id', 'meeting_date'], unique=False)
    op.create_table('evaluations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('rubric_id', sa.String(length=36), nullable=False),
    sa.Column('scores', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('venue', sa.Text(), nullable=True),
    sa.Column('facilities', sa.Text(), nullable=True),
    sa.Column('materials', sa.Text(), nullable=True),
    sa.Column('recommendations', sa.Text(), nullable=True),
    sa.Column('observations', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False, comment='draft or confirmed'),
    sa.Column('filled_by', sa.String(length=200), nullable=False),
    sa.Column('confirmed_by', sa.String(length=200), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations')),
    sa.UniqueConstraint('meeting_id', name='uq_evaluations_meeting')
    )
    op.create_table('meeting_targets',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('meetings_held_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('attendance_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('well_attended_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('superior_attended_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('org_id', 'year', name=op.f('pk_meeting_targets'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False, comment='local (Asia/Ho_Chi_Minh) date of starts_at'),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('topic', sa.String(length=500), nullable=True),
    sa.Column('plan_id', sa.String(length=36), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('agenda', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('materials', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notice_late', sa.Boolean(), nullable=False),
    sa.Column('materials_late', sa.Boolean(), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('duration_short', sa.Boolean(), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=True),
    sa.Column('present', sa.Integer(), nullable=True),
    sa.Column('excused', sa.Integer(), nullable=True),
    sa.Column('unexcused', sa.Integer(), nullable=True),
    sa.Column('guests', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('superior_attendees', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    op.create_index('ix_meetings_date', 'meetings', ['meeting_date', 'id'], unique=False)
    op.create_index('ix_meetings_org_date', 'meetings', ['org_id', 'meeting_date', 'id'], unique=False)
    op.create_table('resolutions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('abstentions', sa.Integer(), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolutions'))
    )
    op.create_index('ix_resolutions_meeting', 'resolutions', ['meeting_id'], unique=False)
    op.create_table('roster_changes',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('roster_status', sa.String(length=20), nullable=False, comment='active, exempt, temporarily_away or left'),
    sa.Column('member_status', sa.String(length=30), nullable=False, comment="membership's status after the change"),
    sa.Column('change', sa.String(length=40), nullable=False, comment='the membership event verb'),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('event_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_changes'))
    )
    op.create_index('ix_roster_changes_member', 'roster_changes', ['member_id', 'effective_date', 'event_time', 'id'], unique=False)
    op.create_index('ix_roster_changes_org', 'roster_changes', ['org_id', 'member_id'], unique=False)
    op.create_table('rubrics',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('criteria', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('bands', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubrics')),
    sa.UniqueConstraint('org_id', 'effective_from', name='uq_rubrics_org_from')
    )
    op.create_table('thematic_plans',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('topics', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thematic_plans')),
    sa.UniqueConstraint('org_id', 'year', name='uq_thematic_plans_org_year')
    )


def downgrade() -> None:
    # reviewed: platform tables (shared.schema) then meetings’ own
    op.drop_table('thematic_plans')
    op.drop_table('rubrics')
    op.drop_index('ix_roster_changes_org', table_name='roster_changes')
    op.drop_index('ix_roster_changes_member', table_name='roster_changes')
    op.drop_table('roster_changes')
    op.drop_index('ix_resolutions_meeting', table_name='resolutions')
    op.drop_table('resolutions')
    op.drop_index('ix_meetings_org_date', table_name='meetings')
    op.drop_index('ix_meetings_date', table_name='meetings')
    op.drop_table('meetings')
    op.drop_table('meeting_targets')
    op.drop_table('evaluations')
    op.drop_index('ix_attendance_member_date', table_name='attendance')
    op.drop_table('attendance')
    op.drop_index('uq_absence_alerts_identity', table_name='absence_alerts')
    op.drop_table('absence_alerts')
    downgrade_platform_v1()
