"""The roster of a branch on a date, read from the roster log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.attendance.rules import Roster, RosterInterval, RosterStatus, roster_at
from meetings.roster.models import RosterChange


async def member_histories(
    session: AsyncSession, member_ids: Iterable[str] | None = None, *, org_id: str | None = None
) -> dict[str, list[RosterChange]]:
    """Each member's changes in effective order (ties broken by event time): the members named, or every
    member who ever stood in ``org_id``."""
    c = RosterChange
    query = select(c).order_by(c.member_id, c.effective_date, c.event_time, c.id)
    if member_ids is not None:
        query = query.where(c.member_id.in_(list(member_ids)))
    if org_id is not None:
        query = query.where(c.member_id.in_(select(c.member_id).where(c.org_id == org_id)))
    histories: dict[str, list[RosterChange]] = {}
    for change in (await session.execute(query)).scalars():
        histories.setdefault(change.member_id, []).append(change)
    return histories


def intervals_in(histories: dict[str, list[RosterChange]], org_id: str) -> list[RosterInterval]:
    """The half-open intervals each member spent in ``org_id``; a change on the same day as the previous one
    replaces it (the later event wins), so intervals never overlap."""
    intervals: list[RosterInterval] = []
    for member_id, changes in histories.items():
        by_day: dict[date, RosterChange] = {}
        for change in sorted(changes, key=lambda c: (c.effective_date, c.event_time, c.id or 0)):
            by_day[change.effective_date] = change
        days = sorted(by_day)
        for index, day in enumerate(days):
            change = by_day[day]
            if change.org_id != org_id or change.roster_status == RosterStatus.LEFT:
                continue
            end = days[index + 1] if index + 1 < len(days) else None
            intervals.append(RosterInterval(member_id, RosterStatus(change.roster_status), day, end))
    return intervals


async def branch_roster(session: AsyncSession, org_id: str, on: date) -> Roster:
    """Who is expected at a meeting of ``org_id`` on ``on``, and who is exempt or away that day."""
    histories = await member_histories(session, org_id=org_id)
    return roster_at(intervals_in(histories, org_id), on)


async def roster_known(session: AsyncSession, org_id: str) -> bool:
    return (
        await session.execute(select(RosterChange.id).where(RosterChange.org_id == org_id).limit(1))
    ).first() is not None


async def never_in(session: AsyncSession, org_id: str, member_ids: Iterable[str]) -> set[str]:
    """Of these members, those the roster log has never placed in ``org_id``: for this copy they are strangers
    to the branch, or their events have not arrived yet."""
    wanted = set(member_ids)
    if not wanted:
        return set()
    c = RosterChange
    seen = await session.execute(select(c.member_id).where(c.org_id == org_id, c.member_id.in_(list(wanted))))
    return wanted - set(seen.scalars())
