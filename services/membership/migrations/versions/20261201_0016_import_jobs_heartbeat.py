"""import_jobs: heartbeat_at, so a job interrupted by a restart is ended as failed instead of running forever

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 06:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "import_jobs",
        sa.Column(
            "heartbeat_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Last sign of life of a running job (each chunk); stale = interrupted",
        ),
    )


def downgrade() -> None:
    op.drop_column("import_jobs", "heartbeat_at")
