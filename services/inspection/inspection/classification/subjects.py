"""The subjects of a classification batch: where each sits in the tree, its grassroots organisation, and the
facts its grade's conditions need (disciplined in the year; for organisations, a unit or a leader disciplined).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.classification.models import BatchIn, Entry
from inspection.common import GRASSROOTS_KINDS, not_in_copy, subject_outside_org
from inspection.discipline.queries import disciplined_below, disciplined_members, disciplined_organisations
from inspection.discipline.targets import TargetKind
from inspection.members.models import MemberCopy
from shared import orgtree
from shared.errors import Conflict
from shared.schema import org_nodes


@dataclass(frozen=True)
class Subject:
    target_id: str
    org_id: str
    grassroots_org_id: str
    disciplined: bool
    unit_or_leader_disciplined: bool = False


async def subjects_of(session: AsyncSession, org: orgtree.OrgNode, body: BatchIn) -> list[Subject]:
    """Each entry's organisation (itself, or the member's branch), grassroots organisation and condition facts,
    in bulk; every subject must lie in the submitting organisation's subtree."""
    ids = [e.target_id for e in body.entries]
    org_of = await _org_of(session, body) if body.target_type is TargetKind.MEMBER else {i: i for i in ids}
    found = await session.execute(
        select(org_nodes.c.id, org_nodes.c.path).where(
            org_nodes.c.id.in_(set(org_of.values())), org_nodes.c.path.like(org.path + "%")
        )
    )
    paths: dict[str, str] = {row[0]: row[1] for row in found.all()}
    for index, target_id in enumerate(ids):
        if org_of[target_id] not in paths:
            raise subject_outside_org(index, target_id, org.id)
    grassroots = await _grassroots_by_path(session, paths)
    disciplined, below = await _condition_facts(session, body.target_type, ids, body.year)
    return [
        Subject(
            target_id=i,
            org_id=org_of[i],
            grassroots_org_id=grassroots[org_of[i]],
            disciplined=i in disciplined,
            unit_or_leader_disciplined=i in below,
        )
        for i in ids
    ]


async def _org_of(session: AsyncSession, body: BatchIn) -> dict[str, str]:
    """Each member's branch; an unknown member is a 404 located at its entry."""
    ids = [e.target_id for e in body.entries]
    members = {
        m.member_id: m.org_id
        for m in (await session.execute(select(MemberCopy).where(MemberCopy.member_id.in_(ids)))).scalars()
    }
    for index, target_id in enumerate(ids):
        if target_id not in members:
            raise not_in_copy(target_id, f"entries[{index}].target_id")
    return members


async def _condition_facts(
    session: AsyncSession, kind: TargetKind, ids: list[str], year: int
) -> tuple[set[str], set[str]]:
    """(disciplined in the year, with a unit or leader disciplined in the year): inspection knows its decisions."""
    if kind is TargetKind.MEMBER:
        return await disciplined_members(session, ids, year), set()
    return await disciplined_organisations(session, ids, year), await disciplined_below(session, ids, year)


async def _grassroots_by_path(session: AsyncSession, paths: dict[str, str]) -> dict[str, str]:
    chains = {org_id: orgtree.ids_in_path(path) for org_id, path in paths.items()}
    every = {i for chain in chains.values() for i in chain}
    grassroots = set(
        (
            await session.execute(
                select(org_nodes.c.id).where(org_nodes.c.id.in_(every), org_nodes.c.kind.in_(GRASSROOTS_KINDS))
            )
        ).scalars()
    )
    return {org_id: _deepest(chain, grassroots) or org_id for org_id, chain in chains.items()}


def _deepest(chain: Sequence[str], wanted: set[str]) -> str | None:
    return next((i for i in reversed(chain) if i in wanted), None)


async def check_not_classified_elsewhere(session: AsyncSession, body: BatchIn) -> None:
    row = (
        await session.execute(
            select(Entry.target_id, Entry.batch_id)
            .where(
                Entry.current.is_(True),
                Entry.year == body.year,
                Entry.target_type == body.target_type.value,
                Entry.target_id.in_([e.target_id for e in body.entries]),
            )
            .limit(1)
        )
    ).first()
    if row is not None:
        index = [e.target_id for e in body.entries].index(row.target_id)
        raise Conflict(
            "classification.subject_already_classified",
            field=f"entries[{index}].target_id",
            target_id=row.target_id,
            year=body.year,
            batch_id=row.batch_id,
        )
