"""member versions and coverage

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 04:30:00

``member_facts.version``: the member's version last applied (contract 2), so stocks move only from a newer
state whatever order replicas apply events in. ``coverage``: per organisation, the earliest month its facts
reach and the earliest ``data_as_of`` an import declared, so a period before it answers "no data"; filled here
from the facts already stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "member_facts",
        sa.Column(
            "version",
            sa.BigInteger(),
            nullable=True,
            comment="The member's version last applied (contract 2); stocks move only from a newer one.",
        ),
    )
    op.create_table(
        "coverage",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("earliest", sa.Date(), nullable=False, comment="First month of the earliest fact counted here."),
        sa.Column(
            "data_as_of", sa.Date(), nullable=True, comment="Earliest data_as_of declared by an import."
        ),
        sa.PrimaryKeyConstraint("org_id"),
    )
    op.execute("INSERT INTO coverage (org_id, earliest) SELECT org_id, min(month) FROM facts GROUP BY org_id")


def downgrade() -> None:
    op.drop_table("coverage")
    op.drop_column("member_facts", "version")
