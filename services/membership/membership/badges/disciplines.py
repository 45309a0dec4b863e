"""Inspection's disciplines of members, kept for the badge rule (a disciplined member's badge is deferred).

Written by membership's consumer of ``discipline.imposed`` and ``appeal.decided``; idempotent (one row per
discipline id) and tolerant of order (an appeal about a discipline not seen yet changes nothing).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert

from membership.badges.models import MemberDiscipline
from shared.db import UnitOfWork

MEMBER_MEASURES = frozenset({"reprimand", "warning", "removal_from_post", "expulsion"})


async def record_discipline(uow: UnitOfWork, discipline_id: str, member_id: str, measure: str, on: date) -> None:
    """The decision's date always comes from the decision; its measure only if no appeal was seen first."""
    if measure not in MEMBER_MEASURES:
        return
    row = {"discipline_id": discipline_id, "member_id": member_id, "measure": measure, "effective_date": on}
    statement = insert(MemberDiscipline).values(**row, annulled=False)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=["discipline_id"], set_={"effective_date": statement.excluded.effective_date}
        )
    )


async def record_appeal(uow: UnitOfWork, discipline_id: str, member_id: str, outcome: str, measure: str | None) -> None:
    """An annulled discipline no longer defers a badge; a reduced or increased one counts as ``measure`` (the
    measure in force) from the original decision's date. An appeal seen before its decision keeps its outcome
    in a row the decision then dates."""
    if outcome == "annulled":
        values: dict[str, object] = {"annulled": True}
    elif outcome in ("reduced", "increased") and measure in MEMBER_MEASURES:
        values = {"measure": measure, "annulled": False}
    else:
        return
    row = {"discipline_id": discipline_id, "member_id": member_id, "measure": measure or "reprimand"}
    statement = insert(MemberDiscipline).values(**{**row, "annulled": False, "effective_date": date.min, **values})
    await uow.session.execute(statement.on_conflict_do_update(index_elements=["discipline_id"], set_=values))
