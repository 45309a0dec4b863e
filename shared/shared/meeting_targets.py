"""Meetings' targets as they are published (``targets.set``): the one contract its producer and its reader share.

An organisation sets, for a year, the percentages its meetings are measured against. Meetings keeps them in its
``meeting_targets`` table and publishes them; reporting keeps a copy in a table of the same name and reads the
event with a tolerant view. Both tables take their percentage columns from ``TargetPercentColumns`` and both
payload models their fields from ``TargetsFacts``, so a target added or retyped on one side cannot silently be
missing from the other (``tests/contracts`` still checks reporting's view against the registered event).
Reporting's view keeps ignoring fields it does not know, as every consumer's view does.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field
from sqlalchemy import Numeric
from sqlalchemy.orm import Mapped, mapped_column

DEFAULTED = "Null: the default."


class TargetPercentColumns:
    """The targets' columns, in percent with two decimals; the last two may be null (the default applies)."""

    meetings_held_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    attendance_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    well_attended_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    superior_attended_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    resolutions_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment=DEFAULTED)
    materials_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), comment=DEFAULTED)


class TargetsFacts(BaseModel):
    """What ``targets.set`` says: whose targets, for which year, and each target in percent."""

    org_id: str
    year: int
    meetings_held_percent: Decimal
    attendance_percent: Decimal
    well_attended_percent: Decimal
    superior_attended_percent: Decimal
    resolutions_percent: Decimal | None = Field(None, description="Meetings adopting a resolution; None: default.")
    materials_percent: Decimal | None = Field(None, description="Meetings with materials prepared; None: default.")
