"""good meeting flag

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 21:24:45.788859
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('meetings', sa.Column('good_meeting', sa.Boolean(), nullable=True, comment='the attendance test of a good meeting'))


def downgrade() -> None:
    op.drop_column('meetings', 'good_meeting')
