"""candidates: grassroots committee review, over-60 decision, readmission conditions

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 04:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('candidates', sa.Column('review_date', sa.Date(), nullable=True, comment="The grassroots committee's review"))
    op.add_column('candidates', sa.Column('review_votes_for', sa.Integer(), nullable=True))
    op.add_column('candidates', sa.Column('review_votes_against', sa.Integer(), nullable=True))
    op.add_column('candidates', sa.Column('review_committee_members', sa.Integer(), nullable=True))
    op.add_column(
        'candidates',
        sa.Column(
            'age_exception',
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=True,
            comment='The decision admitting a candidate over 60 (number, date, issuing committee)',
        ),
    )
    op.add_column(
        'candidates',
        sa.Column(
            'readmission',
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=True,
            comment="Why they left, record cleared on, the provincial standing committee's consent",
        ),
    )


def downgrade() -> None:
    for column in ('readmission', 'age_exception', 'review_committee_members', 'review_votes_against',
                   'review_votes_for', 'review_date'):
        op.drop_column('candidates', column)
