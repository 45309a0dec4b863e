"""Imports every table module so the metadata is complete (for alembic and tests)."""

from inspection.appeals.models import AppealRecord
from inspection.classification.models import Batch, Entry
from inspection.discipline.models import Discipline
from inspection.members.models import MemberCopy
from inspection.programmes.models import Item, Programme

__all__ = ["AppealRecord", "Batch", "Discipline", "Entry", "Item", "MemberCopy", "Programme"]
