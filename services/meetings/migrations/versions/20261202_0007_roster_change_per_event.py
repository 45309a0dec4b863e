"""roster change per event: a member event's roster row is unique by (event_id, member_id)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 00:40:00

The consumer writes a member event's roster row with ``ON CONFLICT DO NOTHING`` on this key instead of recording the
event in the inbox (issue 13): a second delivery changes nothing. A merge's rows share its event id, one per member.
Rows the inbox let through twice cannot exist; any that did are removed first, keeping the first one written.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM roster_changes AS later USING roster_changes AS first "
        "WHERE later.event_id = first.event_id AND later.member_id = first.member_id AND later.id > first.id"
    )
    op.create_unique_constraint("uq_roster_changes_event_id", "roster_changes", ["event_id", "member_id"])


def downgrade() -> None:
    op.drop_constraint("uq_roster_changes_event_id", "roster_changes", type_="unique")
