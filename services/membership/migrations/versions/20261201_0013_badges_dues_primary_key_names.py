"""primary keys of the tables added on 1 Dec (badges, dues, member records) named by the naming convention
(pk_<table>), like every other table; a key already so named is left alone

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 06:05:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    'member_badges',
    'member_disciplines',
    'dues_payments',
    'dues_months',
    'member_records',
    'member_record_supplements',
    'member_card_events',
    'member_record_attachments',
)


def _rename(table: str, old: str, new: str) -> None:
    op.execute(
        f"""DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '{old}' AND conrelid = '{table}'::regclass) THEN
                ALTER TABLE {table} RENAME CONSTRAINT {old} TO {new};
            END IF;
        END $$"""
    )


def upgrade() -> None:
    for table in TABLES:
        _rename(table, f'{table}_pkey', f'pk_{table}')


def downgrade() -> None:
    for table in TABLES:
        _rename(table, f'pk_{table}', f'{table}_pkey')
