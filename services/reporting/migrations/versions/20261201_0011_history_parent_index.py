"""the tree history by parent: a breakdown lists the children of a node as they stood on a date

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 08:45:00

``shared.orgtree.children_at`` reads ``org_node_history`` by ``parent_id``, which no index covered: every
breakdown, ranking and printed report scanned the whole history (353,000 rows for a country: about 150 ms of a
200 ms breakdown, ``bench/reporting_reads.py``). Reporting's copy only: the other services do not list children
as of a date in their hot paths.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_org_history_parent", "org_node_history", ["parent_id", "valid_from"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_org_history_parent", table_name="org_node_history")
