"""Reads of members inside the caller's subtree, with sensitive fields masked for roles that do not need them."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from membership import scope
from membership.members.models import Headcount, HistoryItem, Member, MemberAsOf, MemberChange, MemberOut
from membership.members.rules import ACTIVE, MemberStatus, counts_in_headcount
from shared import orgtree
from shared.auth import SENSITIVE_READERS, Principal
from shared.calendar import add_months, today_in_vietnam
from shared.errors import NotFound, RuleViolation
from shared.pagination import Page, PageRequest, page_of
from shared.schema import org_nodes
from shared.text import search_key


def mask(value: str | None, keep: int = 3) -> str | None:
    if not value:
        return value
    return "*" * max(0, len(value) - keep) + value[-keep:]


def member_out(member: Member, principal: Principal) -> MemberOut:
    out = MemberOut.model_validate(member)
    if not principal.has(*SENSITIVE_READERS):
        out = out.model_copy(
            update={
                "national_id": mask(out.national_id),
                "phone": mask(out.phone),
                "email": mask(out.email, 0) if out.email else None,
                "address": None,
                "religion": None,  # a belief is withheld as the member's record withholds it (records.rules)
            }
        )
    return out


async def get_member(session: AsyncSession, principal: Principal, member_id: str) -> Member:
    member = (
        await session.execute(
            select(Member).where(
                Member.id == member_id,
                or_(scope.in_scope(Member.org_id, principal), scope.in_scope(Member.transfer_to_org_id, principal)),
            )
        )
    ).scalar_one_or_none()
    if member is None:
        raise NotFound("resource.not_found", resource="member", id=member_id)
    return member


async def history(session: AsyncSession, principal: Principal, member_id: str) -> list[HistoryItem]:
    await get_member(session, principal, member_id)
    rows = (
        await session.execute(
            select(MemberChange)
            .where(MemberChange.member_id == member_id)
            .order_by(MemberChange.effective_date, MemberChange.id)
        )
    ).scalars()
    return [HistoryItem.model_validate(r) for r in rows]


async def as_of(session: AsyncSession, principal: Principal, member_id: str, on: date) -> MemberAsOf:
    """The last change effective on or before ``on`` (recorded later changes with earlier dates count too).

    Before a registration (an existing member entered, often by import decades later) the member's life is read
    from its dates: probationary from the admission decision, official from recognition (contract 2)."""
    await get_member(session, principal, member_id)
    history = select(MemberChange).where(MemberChange.member_id == member_id)
    row = (
        await session.execute(
            history.where(MemberChange.effective_date <= on)
            .order_by(MemberChange.effective_date.desc(), MemberChange.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    status: str | None = None
    if row is None:
        first = (
            await session.execute(history.order_by(MemberChange.effective_date, MemberChange.id).limit(1))
        ).scalar_one_or_none()
        if first is not None and first.change == "registered":
            row, status = first, status_before_registration(first.snapshot, on)
    if row is None or (row.effective_date > on and status is None):
        raise NotFound("member.not_yet_recorded", field="as_of", id=member_id, as_of=on.isoformat())
    snap: dict[str, Any] = row.snapshot
    return MemberAsOf(
        member_id=member_id,
        as_of=on,
        change=row.change,
        effective_date=row.effective_date,
        org_id=snap["org_id"],
        status=status or snap["status"],
        full_name=snap["full_name"],
        positions=snap.get("positions") or [],
        admission_date=snap.get("admission_date"),
        recognition_date=snap.get("recognition_date"),
    )


def status_before_registration(snap: dict[str, Any], on: date) -> str | None:
    """A registered member's status on a day before its registration, from its dates; None before admission."""
    admitted, recognised = snap.get("admission_date"), snap.get("recognition_date")
    if admitted is None or date.fromisoformat(admitted) > on:
        return None
    if recognised is not None:
        return MemberStatus.OFFICIAL.value if date.fromisoformat(recognised) <= on else MemberStatus.PROBATIONARY.value
    return str(snap["status"])


SORTS: dict[str, tuple[str, ...]] = {
    "name": ("search_name", "id"),
    "birth_date": ("birth_date", "id"),
    "created": ("created_at", "id"),
    "id": ("id",),
}


@dataclass(frozen=True)
class MemberFilter:
    under: str | None = None
    status: list[str] | None = None
    gender: str | None = None
    ethnicity: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    admission_year: int | None = None
    q: str | None = None
    flagged: str | None = None
    today: date | None = None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


MAX_LISTED_ORGS = 20_000  # bind parameters per statement stay well under the protocol's 32,767


async def _subtree(session: AsyncSession, principal: Principal, under: str | None) -> ColumnElement[bool] | None:
    """The organisations to list, as the ids themselves when there are not too many.

    With a subquery the planner cannot know how big the subtree is (the path prefix is only known at run time),
    so it sorts the whole subtree to return one page; given the ids it walks the list-order index instead, and a
    province's first page costs a millisecond instead of seconds.
    """
    if under is None and principal.national:
        return None
    if under:
        path = (await orgtree.node_in_scope(session, principal, under)).path
    else:
        own = await orgtree.get_node(session, principal.org_id)
        if own is None:  # a token for an organisation not (yet) in the tree sees nothing
            return false()
        path = own.path
    ids = (
        (
            await session.execute(
                select(org_nodes.c.id).where(org_nodes.c.path.like(path + "%")).limit(MAX_LISTED_ORGS + 1)
            )
        )
        .scalars()
        .all()
    )
    if len(ids) > MAX_LISTED_ORGS:
        return scope.within(Member.org_id, path)
    return Member.org_id.in_(ids)


async def _conditions(session: AsyncSession, principal: Principal, f: MemberFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    subtree = await _subtree(session, principal, f.under)
    if subtree is not None:
        where.append(subtree)
    if f.status:
        where.append(Member.status.in_(f.status))
    if f.gender:
        where.append(Member.gender == f.gender)
    if f.ethnicity:
        where.append(func.lower(Member.ethnicity) == f.ethnicity.lower())
    today = f.today or today_in_vietnam()
    if f.age_min is not None:  # at least age_min full years: born on or before today - age_min years
        where.append(Member.birth_date <= add_months(today, -12 * f.age_min))
    if f.age_max is not None:  # at most age_max full years: born after today - (age_max + 1) years
        where.append(Member.birth_date > add_months(today, -12 * (f.age_max + 1)))
    if f.admission_year is not None:
        where.append(Member.admission_date.between(date(f.admission_year, 1, 1), date(f.admission_year, 12, 31)))
    if f.q:
        key = search_key(f.q)
        if len(key) < 3:  # trigrams: a shorter pattern cannot use the index and would scan every member
            raise RuleViolation("member.search_too_short", field="q", min_length=3)
        where.append(Member.search_name.ilike(f"%{_like_escape(key)}%", escape="\\"))
    if f.flagged:
        where.append(Member.flags.has_key(f.flagged))
    return where


async def list_members(
    session: AsyncSession, principal: Principal, page: PageRequest, f: MemberFilter, sort: str
) -> Page[MemberOut]:
    descending = sort.startswith("-")
    keys = SORTS[sort.lstrip("-")]
    columns = [getattr(Member, k) for k in keys]
    query: Select[Any] = select(Member).where(*await _conditions(session, principal, f))
    shape = functools.partial(member_out, principal=principal)
    return await page_of(session, query, columns, page, MemberOut, descending=descending, shape=shape)


async def headcount(session: AsyncSession, principal: Principal, under: str) -> Headcount:
    """Members of the subtree by status; those hosted here on a temporary transfer are listed, not counted."""
    node = await orgtree.node_in_scope(session, principal, under)
    by_status = dict(
        (
            await session.execute(
                select(Member.status, func.count())
                .where(scope.within(Member.org_id, node.path), Member.status.in_([s.value for s in ACTIVE]))
                .group_by(Member.status)
            )
        ).all()
    )
    guests = (
        await session.execute(
            select(func.count())
            .select_from(Member)
            .where(
                scope.within(Member.host_org_id, node.path),
                Member.status == MemberStatus.TEMPORARILY_AWAY.value,
                Member.host_accepted_on.is_not(None),  # in the host's roster only once the host accepted
                ~scope.within(Member.org_id, node.path),
            )
        )
    ).scalar_one()
    counted = sum(n for s, n in by_status.items() if counts_in_headcount(MemberStatus(s), False))
    return Headcount(org_id=under, counted=counted, by_status=by_status, temporary_guests=guests)
