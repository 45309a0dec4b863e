"""import_jobs: the date a file's data is true as of

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "import_jobs",
        sa.Column("data_as_of", sa.Date(), nullable=True, comment="The date the file's data is true as of"),
    )


def downgrade() -> None:
    op.drop_column("import_jobs", "data_as_of")
