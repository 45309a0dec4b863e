"""Targets in force for an organisation, and compliance reports of a branch or a subtree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.common import BRANCH_KINDS
from meetings.compliance.models import ComplianceOut, FigureOut, MeetingTarget, TargetFilters, TargetsOut
from meetings.compliance.policies import DEFAULT_TARGETS, REPORTED_DEFAULT_TARGETS
from meetings.compliance.rules import ActiveInterval, ComplianceReport, Figure, HeldMeeting, Targets, assess_compliance
from meetings.schedules.models import Meeting
from meetings.schedules.rules import MeetingKind, MeetingStatus
from shared import orgtree
from shared.auth import Principal
from shared.calendar import Period
from shared.errors import RuleViolation
from shared.filters import all_in_scope, equal_to
from shared.listings import same_named
from shared.pagination import Page, PageRequest, fetch_page, page_of
from shared.schema import org_node_history, org_nodes

FIGURES = ("regular_months", "thematic_quarters", "attendance", "well_attended", "superior_attended")


def _targets_of(row: MeetingTarget) -> Targets:
    return Targets(
        row.meetings_held_percent, row.attendance_percent, row.well_attended_percent, row.superior_attended_percent
    )


def _reported(row: MeetingTarget | None, year: int) -> dict[str, Decimal]:
    """The targets of the figures reporting measures: the row's own, else the defaults."""
    out = dict(REPORTED_DEFAULT_TARGETS.at(date(year, 1, 1)))
    if row is not None and row.resolutions_percent is not None:
        out["resolutions_percent"] = row.resolutions_percent
    if row is not None and row.materials_percent is not None:
        out["materials_percent"] = row.materials_percent
    return out


def _resolve(node: orgtree.OrgNode, rows: dict[str, MeetingTarget], year: int) -> TargetsOut:
    for org_id in reversed(orgtree.ids_in_path(node.path)):
        row = rows.get(org_id)
        if row is not None:
            own = org_id == node.id
            return TargetsOut(
                org_id=node.id,
                year=year,
                source="own" if own else f"inherited:{org_id}",
                version=row.version if own else None,
                **_targets_of(row).__dict__,
                **_reported(row, year),
            )
    defaults = DEFAULT_TARGETS.at(date(year, 1, 1)).__dict__
    return TargetsOut(org_id=node.id, year=year, source="default", **defaults, **_reported(None, year))


async def targets_for(session: AsyncSession, nodes: Sequence[orgtree.OrgNode], year: int) -> dict[str, TargetsOut]:
    """Each organisation's own targets for the year, else its nearest ancestor's, else the defaults."""
    wanted = {org_id for node in nodes for org_id in orgtree.ids_in_path(node.path)}
    rows = (
        {
            r.org_id: r
            for r in (
                await session.execute(
                    select(MeetingTarget).where(MeetingTarget.org_id.in_(wanted), MeetingTarget.year == year)
                )
            ).scalars()
        }
        if wanted
        else {}
    )
    return {node.id: _resolve(node, rows, year) for node in nodes}


async def targets_in_force(session: AsyncSession, node: orgtree.OrgNode, year: int) -> TargetsOut:
    return (await targets_for(session, [node], year))[node.id]


def _own(row: MeetingTarget) -> TargetsOut:
    return TargetsOut(
        org_id=row.org_id,
        year=row.year,
        source="own",
        version=row.version,
        **_targets_of(row).__dict__,
        **_reported(row, row.year),
    )


async def list_targets(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: TargetFilters
) -> Page[TargetsOut]:
    """The targets organisations of the subtree set for themselves (inherited and default ones are not rows)."""
    query = equal_to(all_in_scope(MeetingTarget, principal), same_named(MeetingTarget, filters, "year"))
    sort: list[ColumnElement[Any]] = [MeetingTarget.org_id.expression, MeetingTarget.year.expression]
    return await page_of(session, query, sort, page, TargetsOut, shape=_own)


@dataclass(frozen=True)
class Branch:
    node: orgtree.OrgNode
    active: ActiveInterval


def _branch(row: Any) -> Branch:
    return Branch(
        orgtree.OrgNode(row.id, row.parent_id, row.kind, row.name, row.path, row.status),
        ActiveInterval(row.established_on, row.closed_on),
    )


def _plain(targets: TargetsOut) -> Targets:
    return Targets(
        targets.meetings_held_percent,
        targets.attendance_percent,
        targets.well_attended_percent,
        targets.superior_attended_percent,
    )


async def _held(
    session: AsyncSession, org_ids: Sequence[str], period: Period, as_of: date
) -> dict[str, list[HeldMeeting]]:
    rows = (
        await session.execute(
            select(
                Meeting.org_id,
                Meeting.meeting_date,
                Meeting.kind,
                Meeting.expected,
                Meeting.present,
                Meeting.superior_attendees,
            ).where(
                Meeting.org_id.in_(list(org_ids)),
                Meeting.status == MeetingStatus.HELD,
                Meeting.meeting_date >= period.start,
                Meeting.meeting_date <= min(period.end, as_of),
            )
        )
    ).all()
    held: dict[str, list[HeldMeeting]] = defaultdict(list)
    for r in rows:
        held[r.org_id].append(
            HeldMeeting(
                r.meeting_date, MeetingKind(r.kind), r.expected or 0, r.present or 0, bool(r.superior_attendees)
            )
        )
    return held


async def _branch_reports(
    session: AsyncSession, branches: Sequence[Branch], period: Period, as_of: date, targets: dict[str, TargetsOut]
) -> list[ComplianceReport]:
    held = await _held(session, [b.node.id for b in branches], period, as_of)
    return [
        assess_compliance(
            period, held.get(b.node.id, []), as_of=as_of, active=b.active, targets=_plain(targets[b.node.id])
        )
        for b in branches
    ]


def _out(
    node: orgtree.OrgNode,
    period: Period,
    as_of: date,
    reports: list[ComplianceReport],
    targets: TargetsOut,
) -> ComplianceOut:
    """One branch's report, or the sum of many against the asking organisation's targets."""
    plain = _plain(targets)
    target_of = {
        "regular_months": plain.meetings_held_percent,
        "thematic_quarters": plain.meetings_held_percent,
        "attendance": plain.attendance_percent,
        "well_attended": plain.well_attended_percent,
        "superior_attended": plain.superior_attended_percent,
    }
    figures = {
        name: Figure(
            sum(r.figures[name].achieved for r in reports),
            sum(r.figures[name].out_of for r in reports),
            target_of[name],
        )
        for name in FIGURES
    }
    return ComplianceOut(
        org_id=node.id,
        name=node.name,
        kind=node.kind,
        period=str(period),
        as_of=as_of,
        branches=len(reports),
        branches_passed=sum(1 for r in reports if r.passed),
        regular_meetings_held=sum(r.regular_meetings_held for r in reports),
        thematic_meetings_held=sum(r.thematic_meetings_held for r in reports),
        meetings_held=sum(r.meetings_held for r in reports),
        passed=all(f.passed is not False for f in figures.values()),
        targets_source=targets.source,
        **{name: FigureOut.model_validate(figure) for name, figure in figures.items()},
    )


def _check_as_of(period: Period, as_of: date) -> None:
    if as_of < period.start:
        raise RuleViolation("compliance.as_of_invalid", field="as_of", as_of=as_of.isoformat(), period=str(period))


def _branches_placed(placement: orgtree.Placement | None, first: date) -> Select[Any]:
    """The branches of a subtree as it stood in the period (none if the organisation did not exist then), each
    where it last stood in it, with its life span from the current tree: a report of 2023 counts the branches of
    2023's tree, even those since moved under another district, and those dissolved during 2023 for the months
    they owed."""
    n, h = org_nodes.c, org_node_history.c
    query = select(org_nodes, h.path.label("placed_path")).join(org_node_history, h.org_id == n.id)
    if placement is None:
        return query.where(false())
    return query.where(orgtree.under_placement_during(placement, first), h.kind.in_(BRANCH_KINDS))


async def _placement(
    session: AsyncSession, node: orgtree.OrgNode, period: Period, as_of: date
) -> orgtree.Placement | None:
    return await orgtree.placement_within(session, node.id, period.start, min(period.end, as_of))


async def compliance_of(
    session: AsyncSession, principal: Principal, org_id: str, period: Period, as_of: date
) -> ComplianceOut:
    """A branch's compliance, or a subtree's as the tree stood in the period: every branch under the organisation
    counted against its own targets for ``passed``, and the summed figures against the organisation's targets."""
    _check_as_of(period, as_of)
    node = await orgtree.node_in_scope(session, principal, org_id)
    placed = await _placement(session, node, period, as_of)
    rows = (await session.execute(_branches_placed(placed, period.start).order_by(org_node_history.c.path))).all()
    branches = [_branch(r) for r in rows]
    targets = await targets_for(session, [node, *(b.node for b in branches)], period.end.year)
    reports = await _branch_reports(session, branches, period, as_of, targets)
    own = targets[node.id]
    return _out(node, period, as_of, reports, own)


async def list_branch_compliance(
    session: AsyncSession, principal: Principal, under: str, period: Period, as_of: date, page: PageRequest
) -> Page[ComplianceOut]:
    """Each branch of the subtree as it stood in the period, with its own figures against its own targets, in
    tree order."""
    _check_as_of(period, as_of)
    node = await orgtree.node_in_scope(session, principal, under)
    placed = await _placement(session, node, period, as_of)
    sort = [org_node_history.c.path.label("placed_path"), org_nodes.c.id]
    items, cursor = await fetch_page(session, _branches_placed(placed, period.start), sort, page, entities=False)
    branches = [_branch(r) for r in items]
    targets = await targets_for(session, [b.node for b in branches], period.end.year)
    reports = await _branch_reports(session, branches, period, as_of, targets)
    return Page[ComplianceOut](
        items=[_out(b.node, period, as_of, [r], targets[b.node.id]) for b, r in zip(branches, reports, strict=True)],
        next_cursor=cursor,
    )
