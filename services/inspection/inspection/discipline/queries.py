"""Reads of discipline decisions, inside the caller's subtree (by the target's organisation)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.discipline.competence import DecidingLevel
from inspection.discipline.measures import Measure
from inspection.discipline.models import Discipline, DisciplineOut
from inspection.discipline.policies import ViolationCategory
from inspection.discipline.rules import DisciplineDecision
from inspection.discipline.targets import DisciplineTarget, MemberStanding, TargetKind
from shared import orgtree
from shared.auth import Principal
from shared.errors import NotFound
from shared.pagination import Page, PageRequest, page_of


async def load_discipline(
    session: AsyncSession,
    principal: Principal,
    discipline_id: str,
    *,
    for_update: bool = False,
    field: str | None = None,
) -> Discipline:
    query = select(Discipline).where(
        Discipline.id == discipline_id, orgtree.in_scope(Discipline.org_id.expression, principal)
    )
    if for_update:
        query = query.with_for_update()
    found = (await session.execute(query)).scalar_one_or_none()
    if found is None:
        raise NotFound("discipline.not_found", field=field, discipline_id=discipline_id)
    return found


async def disciplined_members(session: AsyncSession, member_ids: list[str], year: int) -> set[str]:
    """Members with a decision dated in ``year`` that still stands (an annulled one does not count)."""
    if not member_ids:
        return set()
    rows = await session.execute(
        select(Discipline.member_id).where(
            Discipline.member_id.in_(member_ids),
            Discipline.measure_in_force.is_not(None),
            Discipline.decision_date >= date(year, 1, 1),
            Discipline.decision_date <= date(year, 12, 31),
        )
    )
    return {r for r in rows.scalars() if r is not None}


async def list_disciplines(
    session: AsyncSession,
    principal: Principal,
    page: PageRequest,
    *,
    member_id: str | None,
    target_type: str | None,
    measure: str | None,
    year: int | None,
    under: str | None,
) -> Page[DisciplineOut]:
    query = select(Discipline).where(orgtree.in_scope(Discipline.org_id.expression, principal))
    if member_id is not None:
        query = query.where(Discipline.member_id == member_id)
    if target_type is not None:
        query = query.where(Discipline.target_type == target_type)
    if measure is not None:
        query = query.where(Discipline.measure == measure)
    if year is not None:
        query = query.where(
            Discipline.decision_date >= date(year, 1, 1), Discipline.decision_date <= date(year, 12, 31)
        )
    if under is not None:
        node = await orgtree.node_in_scope(session, principal, under)
        query = query.where(orgtree.within(Discipline.org_id.expression, node.path))
    sort: list[ColumnElement[Any]] = [Discipline.decision_date.expression, Discipline.id.expression]
    return await page_of(session, query, sort, page, DisciplineOut, descending=True)


def decision_of(discipline: Discipline) -> DisciplineDecision:
    """The pure rules' view of a stored decision, with the target as it stood on the decision date."""
    if discipline.target_type == TargetKind.ORGANISATION.value:
        target = DisciplineTarget.organisation(UUID(discipline.target_id))
    else:
        target = DisciplineTarget.member(
            UUID(discipline.target_id),
            UUID(discipline.org_id),
            MemberStanding(discipline.standing or MemberStanding.OFFICIAL.value),
            holds_post=discipline.held_post,
        )
    return DisciplineDecision(
        number=discipline.decision_number,
        decided_on=discipline.decision_date,
        issuing_org_id=UUID(discipline.issuing_org_id),
        violation_on=discipline.violation_date,
        measure=Measure(discipline.measure),
        target=target,
        # rows stored before the level was recorded were checked for competence when imposed
        issuer_level=DecidingLevel(discipline.issuer_level or DecidingLevel.PROVINCE),
        category=ViolationCategory(discipline.violation_category) if discipline.violation_category else None,
        later_violations=tuple(discipline.later_violation_dates or ()),
    )
