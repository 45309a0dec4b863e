"""Imports every table module so the metadata is complete (for alembic and tests)."""

from membership.members.models import Member, MemberChange

__all__ = ["Member", "MemberChange"]
