"""facts_pending: a rebuild's summed fact rows on their way into facts

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 10:50:00

``reporting.rebuild`` sums its batches' facts in memory and now and then copies the sums here (``COPY``, no key,
no index) to add them to ``facts`` with two set-based statements (``facts.store.merge_staged``). Unlogged and
emptied in the same transaction: its rows live only within one.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE UNLOGGED TABLE facts_pending (org_id varchar(36) NOT NULL, month date NOT NULL, "
        "family varchar(20) NOT NULL, deltas jsonb NOT NULL)"
    )


def downgrade() -> None:
    op.execute("DROP TABLE facts_pending")
