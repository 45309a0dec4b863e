"""Inspection's disciplines of members, kept for the badge rule (a disciplined member's badge is deferred).

Written by membership's consumer of ``discipline.imposed`` and ``appeal.decided``; idempotent (one row per
discipline id) and tolerant of order (an appeal about a discipline not seen yet changes nothing).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert

from membership.badges.models import MemberDiscipline
from shared.db import UnitOfWork

MEMBER_MEASURES = frozenset({"reprimand", "warning", "removal_from_post", "expulsion"})


async def record_discipline(uow: UnitOfWork, discipline_id: str, member_id: str, measure: str, on: date) -> None:
    if measure not in MEMBER_MEASURES:
        return
    row = {"discipline_id": discipline_id, "member_id": member_id, "measure": measure, "effective_date": on}
    await uow.session.execute(
        insert(MemberDiscipline).values(**row, annulled=False).on_conflict_do_nothing(index_elements=["discipline_id"])
    )


async def record_appeal(uow: UnitOfWork, discipline_id: str, outcome: str, measure_in_force: str | None) -> None:
    """An annulled discipline no longer defers a badge; a reduced or increased one counts as its new measure
    from the original decision's date."""
    if outcome == "annulled":
        values: dict[str, object] = {"annulled": True}
    elif outcome in ("reduced", "increased") and measure_in_force in MEMBER_MEASURES:
        values = {"measure": measure_in_force, "annulled": False}
    else:
        return
    await uow.session.execute(
        update(MemberDiscipline).where(MemberDiscipline.discipline_id == discipline_id).values(**values)
    )
