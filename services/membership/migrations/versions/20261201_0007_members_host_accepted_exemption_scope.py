"""members: the host's acceptance of a temporary transfer; the scope of an exemption (reduce or exempt)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 05:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'members',
        sa.Column(
            'host_accepted_on',
            sa.Date(),
            nullable=True,
            comment='The host branch accepted the temporary transfer: the member is in its roster from here',
        ),
    )
    op.add_column(
        'members',
        sa.Column('exemption_scope', sa.String(length=10), nullable=True, comment='reduce or exempt (Charter Điều 7)'),
    )
    # Members exempted before scopes existed were exempted from both work and meetings; temporary guests already
    # hosted were, in effect, accepted when they were sent.
    op.execute("UPDATE members SET exemption_scope = 'exempt' WHERE status = 'exempt'")
    op.execute(
        "UPDATE members SET host_accepted_on = transfer_issued_on "
        "WHERE status = 'temporarily_away' AND host_org_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_column('members', 'exemption_scope')
    op.drop_column('members', 'host_accepted_on')
