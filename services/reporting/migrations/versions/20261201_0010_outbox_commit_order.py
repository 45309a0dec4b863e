"""outbox commit order: sequence numbers handed out at commit by a deferred trigger, under the order lock

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 08:00:00

The order lock was held by the client across its outbox INSERT and COMMIT, serialising every writer on client
round trips (``shared.platform_migrations.upgrade_outbox_commit_order``).
"""

from collections.abc import Sequence

from shared.platform_migrations import downgrade_outbox_commit_order, upgrade_outbox_commit_order

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    upgrade_outbox_commit_order()


def downgrade() -> None:
    downgrade_outbox_commit_order()
