"""badges and dues tables: primary keys named by the naming convention (pk_<table>), like every other table

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 05:50:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('member_badges', 'member_disciplines', 'dues_payments', 'dues_months')


def upgrade() -> None:
    for table in TABLES:
        op.execute(f'ALTER TABLE {table} RENAME CONSTRAINT {table}_pkey TO pk_{table}')


def downgrade() -> None:
    for table in TABLES:
        op.execute(f'ALTER TABLE {table} RENAME CONSTRAINT pk_{table} TO {table}_pkey')
