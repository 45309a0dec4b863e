"""branches owing meetings

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 05:00:00

Meetings are required of the branches active throughout a month (``orgs.due.<kind>``) or a quarter
(``orgs.due_q.<kind>``), the rule meetings' compliance uses, where reports used the branches active at the
month's (quarter's) end (``orgs.active.<kind>``). Facts
already stored get the old count as the new one (a branch founded mid-month still owes that month until
``grassroots rebuild-reporting`` recounts it exactly).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE facts SET deltas = deltas || jsonb_strip_nulls(jsonb_build_object("
        "'orgs.due.branch', deltas -> 'orgs.active.branch', "
        "'orgs.due.grassroots_branch', deltas -> 'orgs.active.grassroots_branch', "
        "'orgs.due_q.branch', deltas -> 'orgs.active.branch', "
        "'orgs.due_q.grassroots_branch', deltas -> 'orgs.active.grassroots_branch')) "
        "WHERE deltas ?| ARRAY['orgs.active.branch', 'orgs.active.grassroots_branch']"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE facts SET deltas = deltas - 'orgs.due.branch' - 'orgs.due.grassroots_branch' "
        "- 'orgs.due_q.branch' - 'orgs.due_q.grassroots_branch'"
    )
