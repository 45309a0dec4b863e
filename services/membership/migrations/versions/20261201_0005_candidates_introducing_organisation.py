"""candidates: the Youth Union's or trade union's grassroots committee as an introducer

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 05:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'candidates',
        sa.Column(
            'introducing_organisation',
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=True,
            comment="The Youth Union's or trade union's grassroots committee introducing beside one member",
        ),
    )


def downgrade() -> None:
    op.drop_column('candidates', 'introducing_organisation')
