"""Reads of discipline decisions, inside the caller's subtree (by the target's organisation)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, any_, or_, select
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.discipline.competence import DecidingLevel
from inspection.discipline.measures import Measure
from inspection.discipline.models import Discipline, DisciplineFilters, DisciplineOut
from inspection.discipline.policies import ViolationCategory
from inspection.discipline.rules import DisciplineDecision
from inspection.discipline.targets import DisciplineTarget, MemberStanding, TargetKind
from shared import orgtree
from shared.auth import Principal
from shared.filters import all_in_scope, equal_to, within_subtree
from shared.listings import same_named
from shared.lookups import Lookup
from shared.pagination import Page, PageRequest, page_of
from shared.schema import org_node_history

load_discipline = Lookup(Discipline, "discipline.not_found", "discipline_id")


def decided_in(year: int) -> ColumnElement[bool]:
    """Decisions dated in ``year`` that still stand (an annulled one does not count)."""
    return and_(
        Discipline.decision_date >= date(year, 1, 1),
        Discipline.decision_date <= date(year, 12, 31),
        Discipline.measure_in_force.is_not(None),
    )


async def disciplined_members(session: AsyncSession, member_ids: list[str], year: int) -> set[str]:
    """Members with a decision dated in ``year`` that still stands."""
    if not member_ids:
        return set()
    rows = await session.execute(
        select(Discipline.member_id).where(Discipline.member_id.in_(member_ids), decided_in(year))
    )
    return {r for r in rows.scalars() if r is not None}


async def disciplined_organisations(session: AsyncSession, org_ids: list[str], year: int) -> set[str]:
    """Organisations themselves disciplined by a decision dated in ``year`` that still stands."""
    if not org_ids:
        return set()
    rows = await session.execute(
        select(Discipline.target_id).where(
            Discipline.target_type == TargetKind.ORGANISATION.value, Discipline.target_id.in_(org_ids), decided_in(year)
        )
    )
    return set(rows.scalars())


async def disciplined_below(session: AsyncSession, org_ids: list[str], year: int) -> set[str]:
    """Those of ``org_ids`` under which a unit, or a member holding a post, was disciplined in ``year``.

    "Under" is read from the tree as it stood on each decision's date (the history table), so a commune moved
    to the province in 2025 still counts for its former district's 2023 grade and not for 2026's.
    """
    if not org_ids:
        return set()
    h = org_node_history.c
    valid_then = and_(
        h.org_id == Discipline.org_id,
        h.valid_from <= Discipline.decision_date,
        or_(h.valid_to.is_(None), h.valid_to > Discipline.decision_date),
    )
    rows = await session.execute(
        select(Discipline.target_type, h.path)
        .join(org_node_history, valid_then)
        .where(
            decided_in(year),
            or_(Discipline.target_type == TargetKind.ORGANISATION.value, Discipline.held_post.is_(True)),
            h.path.like(any_(array([f"%/{i}/%" for i in org_ids]))),
        )
    )
    wanted, found = set(org_ids), set()
    for target_type, path in rows.all():
        chain = orgtree.ids_in_path(path)
        above = chain[:-1] if target_type == TargetKind.ORGANISATION.value else chain
        found |= wanted.intersection(above)
    return found


async def list_disciplines(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: DisciplineFilters
) -> Page[DisciplineOut]:
    narrowed = same_named(Discipline, filters, "member_id", "target_type", "measure")
    query = equal_to(all_in_scope(Discipline, principal), narrowed)
    if (year := filters.year) is not None:
        query = query.where(
            Discipline.decision_date >= date(year, 1, 1), Discipline.decision_date <= date(year, 12, 31)
        )
    query = await within_subtree(session, principal, query, Discipline.org_id.expression, filters.under)
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
