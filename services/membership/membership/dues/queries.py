"""Reading dues: a member's arrears in a year, a member's payments, a level's months."""

from __future__ import annotations

from sqlalchemy import extract, select
from sqlalchemy.ext.asyncio import AsyncSession

from membership import scope
from membership.dues.arrears import DUES_RULE, owed_months
from membership.dues.models import ArrearsOut, DuesMonth, DuesMonthOut, DuesPayment, PaymentOut
from membership.dues.rules import unpaid_months
from membership.members.models import Member
from membership.members.status import REVIEW_FLAG
from shared import orgtree
from shared.auth import Principal
from shared.errors import NotFound
from shared.pagination import Page, PageRequest, page_of


async def _member(session: AsyncSession, principal: Principal, member_id: str) -> Member:
    member = await session.scalar(
        select(Member).where(Member.id == member_id, scope.in_scope(Member.org_id, principal))
    )
    if member is None:
        raise NotFound("resource.not_found", resource="member", id=member_id)
    return member


async def arrears(session: AsyncSession, principal: Principal, member_id: str, year: int) -> ArrearsOut:
    member = await _member(session, principal, member_id)
    closed = await session.scalars(
        select(DuesMonth.month).where(DuesMonth.org_id == member.org_id, extract("year", DuesMonth.month) == year)
    )
    paid = await session.scalars(
        select(DuesPayment.month).where(DuesPayment.member_id == member.id, extract("year", DuesPayment.month) == year)
    )
    unpaid = unpaid_months(owed_months(member, [m.month for m in closed], year), [m.month for m in paid])
    flag = (member.flags or {}).get(REVIEW_FLAG) or {}
    return ArrearsOut(member_id=member.id, year=year, unpaid_months=unpaid, flagged=flag.get("rule") == DUES_RULE)


async def payments(session: AsyncSession, principal: Principal, member_id: str, page: PageRequest) -> Page[PaymentOut]:
    member = await _member(session, principal, member_id)
    query = select(DuesPayment).where(DuesPayment.member_id == member.id)
    return await page_of(session, query, [DuesPayment.month.expression, DuesPayment.id.expression], page, PaymentOut)


async def months(session: AsyncSession, principal: Principal, under: str, page: PageRequest) -> Page[DuesMonthOut]:
    """Every level's months in the subtree (received, retained, remitted), by month then organisation."""
    node = await orgtree.node_in_scope(session, principal, under)
    query = select(DuesMonth).where(scope.within(DuesMonth.org_id, node.path))
    return await page_of(session, query, [DuesMonth.month.expression, DuesMonth.id.expression], page, DuesMonthOut)
