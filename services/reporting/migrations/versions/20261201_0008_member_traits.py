"""member_facts.traits: the member's categories the statistical forms count

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 08:05:00

Members are counted per category (ethnic group, general education, qualification, political theory, occupation,
religion) like gender: the stocks ``members.c.<dimension>.<code>``; the row keeps the categories applied, so the
next change moves the member out of them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "member_facts",
        sa.Column(
            "traits",
            sa.String(length=400),
            server_default="",
            nullable=False,
            comment="The member's categories: dimension=code, space-separated.",
        ),
    )


def downgrade() -> None:
    op.drop_column("member_facts", "traits")
