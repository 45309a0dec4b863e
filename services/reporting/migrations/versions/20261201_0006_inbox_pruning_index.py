"""inbox pruning index

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 05:00:00

The platform prunes consumer inbox rows older than a retention, oldest first per consumer (``shared.inbox``).
"""

from collections.abc import Sequence

from shared.platform_migrations import downgrade_inbox_pruning_index, upgrade_inbox_pruning_index

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    upgrade_inbox_pruning_index()


def downgrade() -> None:
    downgrade_inbox_pruning_index()
