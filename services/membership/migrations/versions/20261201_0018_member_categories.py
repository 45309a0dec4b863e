"""members.categories: the record's statistical codes, kept on the member row so every member event carries them

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 07:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "members",
        sa.Column(
            "categories",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
            comment="The record's statistical codes (education, qualification, theory, occupation, religion), "
            "published",
        ),
    )
    # Records kept before: their coded sections become the member's categories (political theory was coded).
    op.execute(
        "UPDATE members m SET categories = jsonb_strip_nulls(jsonb_build_object("
        "'political_theory', r.sections->'education'->>'political_theory')) "
        "FROM member_records r WHERE r.member_id = m.id"
    )


def downgrade() -> None:
    op.drop_column("members", "categories")
