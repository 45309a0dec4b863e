"""member_facts.admitted_org/admitted_on: where and when a member was admitted

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 08:00:00

An admission's detail (gender, minority, age band, categories: ``a.…`` flows) is counted at the admission's
organisation and day and restated from the member's newest state; the member's row keeps where and when, so no
other row is read for it. Metrics of the categories were renamed short (``c.oc.farmer``): rebuild reporting
(``grassroots rebuild-reporting``) if facts were kept under the long names of revision 0008.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "member_facts",
        sa.Column(
            "admitted_org",
            sa.String(length=36),
            nullable=True,
            comment="Where the member was admitted: the admission's detail counts there.",
        ),
    )
    op.add_column(
        "member_facts",
        sa.Column("admitted_on", sa.Date(), nullable=True, comment="The admission decision's day."),
    )


def downgrade() -> None:
    op.drop_column("member_facts", "admitted_on")
    op.drop_column("member_facts", "admitted_org")
