"""org_unit_types: the unit type a grassroots organisation is set up in (loại hình tổ chức cơ sở đảng)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 08:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "org_unit_types",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("unit_type", sa.String(length=40), nullable=False, comment="shared.org_unit_types code"),
        sa.Column("since", sa.Date(), nullable=False, comment="The date the type holds from"),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_org_unit_types")),
    )


def downgrade() -> None:
    op.drop_table("org_unit_types")
