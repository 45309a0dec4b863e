"""outbox commit order once per transaction: the deferred trigger's work done at the transaction's first row

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 18:30:00

The trigger renumbered each outbox row with its own UPDATE inside COMMIT; now the first firing keeps the numbers the
INSERT drew when they are already in commit order, or renumbers the transaction's rows in one UPDATE, and the other
firings return at once (``shared.platform_migrations.upgrade_outbox_commit_order_once_per_transaction``).
"""

from collections.abc import Sequence

from shared.platform_migrations import (
    downgrade_outbox_commit_order_once_per_transaction,
    upgrade_outbox_commit_order_once_per_transaction,
)

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    upgrade_outbox_commit_order_once_per_transaction()


def downgrade() -> None:
    downgrade_outbox_commit_order_once_per_transaction()
