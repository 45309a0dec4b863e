"""yearly roll-ups of facts

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 04:40:00

Each (organisation, month, family) row of ``facts`` now has a roll-up row for its year (family ``<family>@y``
on 1 January) written with it, so a report sums one row per past year instead of twelve. Filled here from the
monthly rows already stored. No schema change: the same table, other keys.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO facts (org_id, month, family, deltas) "
        "SELECT org_id, year, family || '@y', jsonb_object_agg(metric, value) FROM ("
        "  SELECT f.org_id, CAST(date_trunc('year', f.month) AS date) AS year, f.family, e.key AS metric, "
        "  sum(CAST(e.value AS bigint)) AS value "
        "  FROM facts f CROSS JOIN LATERAL jsonb_each_text(f.deltas) e WHERE f.family NOT LIKE '%@y' "
        "  GROUP BY 1, 2, 3, 4 HAVING sum(CAST(e.value AS bigint)) <> 0"
        ") AS sums GROUP BY org_id, year, family"
    )


def downgrade() -> None:
    op.execute("DELETE FROM facts WHERE family LIKE '%@y'")
