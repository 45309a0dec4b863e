"""Arrears: the months of a year a branch has closed that a member neither paid nor was excused for.

Three such months raise the member's removal-review flag (Charter Điều 8.2, 01-QĐ/TW 2026 Điều 2) through the
same path as the absence rule — a flag for the branch, never a removal; paying them clears a flag they raised.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import extract, select

from membership.dues.models import DuesMonth, DuesPayment
from membership.dues.rules import needs_review, unpaid_months
from membership.members.models import Member
from membership.members.policies import REMOVAL_MONTHS_IN_YEAR
from membership.members.rules import STANDINGS
from membership.members.status import REVIEW_FLAG, clear_review_flag, flag_for_review
from shared.db import UnitOfWork

DUES_RULE = "dues.unpaid_3_months"


async def closed_months(uow: UnitOfWork, org_id: str, year: int) -> list[int]:
    rows = await uow.session.scalars(
        select(DuesMonth.month).where(DuesMonth.org_id == org_id, extract("year", DuesMonth.month) == year)
    )
    return [m.month for m in rows]


async def settled_months(uow: UnitOfWork, member_ids: list[str], year: int) -> dict[str, list[int]]:
    """Months paid or excused, wherever the member paid them (a member who moved paid at the old branch)."""
    settled: dict[str, list[int]] = {m: [] for m in member_ids}
    rows = await uow.session.execute(
        select(DuesPayment.member_id, DuesPayment.month).where(
            DuesPayment.member_id.in_(member_ids), extract("year", DuesPayment.month) == year
        )
    )
    for member_id, month in rows:
        settled[member_id].append(month.month)
    return settled


def owed_months(member: Member, closed: list[int], year: int) -> list[int]:
    """Closed months from the member's admission on (a member admitted mid-year owed nothing before)."""
    admitted = member.admission_date
    if admitted is not None and admitted.year > year:
        return []
    first = admitted.month if admitted is not None and admitted.year == year else 1
    return [m for m in closed if m >= first]


async def close_branch_month(uow: UnitOfWork, org_id: str, month: date, on: date) -> int:
    """Count the branch's members with three or more unpaid months in the year (this month included) and flag
    those not yet flagged. Returns how many are in arrears."""
    closed = sorted({*await closed_months(uow, org_id, month.year), month.month})
    members = list(
        await uow.session.scalars(
            select(Member)
            .where(Member.org_id == org_id, Member.status.in_([s.value for s in STANDINGS]))
            .order_by(Member.id)
            .with_for_update()
        )
    )
    settled = await settled_months(uow, [m.id for m in members], month.year)
    threshold = REMOVAL_MONTHS_IN_YEAR.at(month)
    in_arrears = 0
    for member in members:
        unpaid = unpaid_months(owed_months(member, closed, month.year), settled[member.id])
        if not needs_review(unpaid, threshold):
            continue
        in_arrears += 1
        if REVIEW_FLAG not in (member.flags or {}):
            details: dict[str, object] = {"count": len(unpaid), "year": month.year, "months": unpaid}
            await flag_for_review(uow, member, DUES_RULE, details, on, None)
    return in_arrears


async def review_after_payment(uow: UnitOfWork, member: Member, year: int, on: date) -> None:
    """A payment that brings the unpaid months below the threshold clears the flag unpaid dues raised (a flag
    the absence rule raised stays for the branch to review)."""
    flag = (member.flags or {}).get(REVIEW_FLAG)
    if not flag or flag.get("rule") != DUES_RULE or flag.get("year") != year:
        return
    closed = await closed_months(uow, member.org_id, year)
    settled = (await settled_months(uow, [member.id], year))[member.id]
    unpaid = unpaid_months(owed_months(member, closed, year), settled)
    if not needs_review(unpaid, REMOVAL_MONTHS_IN_YEAR.at(date(year, 1, 1))):
        await clear_review_flag(uow, member, on, f"{DUES_RULE}: paid")
