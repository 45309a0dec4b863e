"""Use cases of the organisation tree: each changes the tree and records its event in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any, TypedDict, Unpack

from sqlalchemy import func, insert, select, update

from membership.events import (
    OrgCreated,
    OrgDissolved,
    OrgMerged,
    OrgMoved,
    OrgRenamed,
    OrgRestored,
    OrgUnitTypeSet,
)
from membership.members.models import Member
from membership.orgs import rules, unit_types
from membership.orgs.models import OrgCreate, OrgDissolve, OrgMerge, OrgMove, OrgOut, OrgRename, OrgUnitTypeIn
from membership.orgs.queries import load_org
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict, Forbidden
from shared.etag import check_version
from shared.schema import audit_log, org_nodes

ACTIVE_MEMBER_STATUSES = ("probationary", "official", "exempt", "transfer_pending", "temporarily_away")


@asynccontextmanager
async def _changing(
    db: Database,
    ctx: Context,
    principal: Principal,
    org_id: str,
    expected_version: int | None,
    *,
    own_scope_allowed: bool = False,
) -> AsyncIterator[tuple[UnitOfWork, orgtree.OrgNode]]:
    """Every command on one organisation starts alike: its unit of work and the active unit the principal may
    change, locked, at the version the client expects."""
    async with db.uow(ctx) as uow:
        if principal.org_id == org_id and not own_scope_allowed:
            raise Forbidden("org.cannot_change_own_scope")
        node = await orgtree.node_in_scope(uow.session, principal, org_id)
        current = await load_org(uow.session, org_id, for_update=True)
        check_version(current.version, expected_version)
        rules.check_active(node.status, org_id)
        yield uow, node


async def _active_target(uow: UnitOfWork, principal: Principal, org_id: str) -> orgtree.OrgNode:
    node = await orgtree.node_in_scope(uow.session, principal, org_id)
    rules.check_active(node.status, node.id)
    return node


async def _commit_and_read(uow: UnitOfWork, org_id: str) -> OrgOut:
    out = await load_org(uow.session, org_id)
    await uow.commit()
    return out


async def create_org(db: Database, ctx: Context, principal: Principal, body: OrgCreate) -> OrgOut:
    async with db.uow(ctx) as uow:
        parent_kind, parent_path = None, None
        if body.parent_id is None:
            if not principal.national:
                raise Forbidden("org.root_requires_national")
        else:
            parent = await _active_target(uow, principal, body.parent_id)
            parent_kind, parent_path = rules.OrgKind(parent.kind), parent.path
        rules.check_placement(body.kind, parent_kind)
        rules.check_unit_type(body.kind, body.unit_type)
        if (
            body.code
            and (await uow.session.execute(select(org_nodes.c.id).where(org_nodes.c.code == body.code))).first()
        ):
            raise Conflict("org.code_taken", field="code", code=body.code)
        org_id = str(uuid.uuid4())
        new = orgtree.NewNode(
            org_id, body.parent_id, parent_path, body.kind.value, body.name, body.code, body.effective_date
        )
        await create_nodes(uow, [new], {org_id: body.unit_type} if body.unit_type else {})
        return await _commit_and_read(uow, org_id)


async def create_nodes(uow: UnitOfWork, nodes: list[orgtree.NewNode], types: dict[str, str] | None = None) -> None:
    """The one write path of new units (the create command and the bulk import): each node with its history,
    its ``org.created`` event (with its unit type, ``types``: org id → type) and its audit row, inserted in bulk.
    Placement, codes and unit types are the caller's checks."""
    types = types or {}
    await orgtree.insert_nodes(uow.session, nodes)
    await unit_types.store(uow, {n.org_id: (types[n.org_id], n.established_on) for n in nodes if n.org_id in types})
    audits = []
    for n in nodes:
        created = OrgCreated(
            org_id=n.org_id,
            parent_id=n.parent_id,
            kind=n.kind,
            name=n.name,
            code=n.code,
            effective_date=n.established_on,
            unit_type=types.get(n.org_id),
        )
        _publish(uow, created, n.org_id, n.path)
        after = {
            "name": n.name,
            "kind": n.kind,
            "parent_id": n.parent_id,
            "code": n.code,
            "unit_type": types.get(n.org_id),
        }
        audits.append(
            {
                "actor": uow.context.actor,
                "request_id": uow.context.request_id,
                "action": "org.created",
                "entity_type": "org",
                "entity_id": n.org_id,
                "org_id": n.org_id,
                "before": None,
                "after": {**after, "effective_date": n.established_on.isoformat()},
            }
        )
    if audits:
        await uow.session.execute(insert(audit_log), audits)


async def set_unit_type(
    db: Database, ctx: Context, principal: Principal, org_id: str, body: OrgUnitTypeIn, expected_version: int | None
) -> OrgOut:
    """Set or change a grassroots organisation's unit type from a date (an unchanged type publishes nothing)."""
    async with _changing(db, ctx, principal, org_id, expected_version, own_scope_allowed=True) as (uow, node):
        rules.check_unit_type(rules.OrgKind(node.kind), body.unit_type)
        before = await unit_types.current(uow, org_id)
        if before != body.unit_type:
            await unit_types.store(uow, {org_id: (body.unit_type, body.effective_date)})
            payload = OrgUnitTypeSet(
                org_id=org_id, unit_type=body.unit_type, previous_unit_type=before, effective_date=body.effective_date
            )
            after = {"unit_type": body.unit_type, "since": body.effective_date.isoformat()}
            await _record(uow, payload, node.path, before={"unit_type": before}, after=after)
        return await _commit_and_read(uow, org_id)


async def rename_org(
    db: Database, ctx: Context, principal: Principal, org_id: str, body: OrgRename, expected_version: int | None
) -> OrgOut:
    async with _changing(db, ctx, principal, org_id, expected_version, own_scope_allowed=True) as (uow, node):
        await orgtree.rename_node(uow.session, org_id, body.name, body.effective_date)
        renamed = OrgRenamed(org_id=org_id, name=body.name, previous_name=node.name, effective_date=body.effective_date)
        return await _commit_change(uow, renamed, node.path, before={"name": node.name}, after={"name": body.name})


async def move_org(
    db: Database, ctx: Context, principal: Principal, org_id: str, body: OrgMove, expected_version: int | None
) -> OrgOut:
    async with _changing(db, ctx, principal, org_id, expected_version) as (uow, node):
        parent = await _active_target(uow, principal, body.parent_id)
        rules.check_move(org_id, rules.OrgKind(node.kind), rules.OrgKind(parent.kind), parent.ancestor_ids, parent.id)
        old_path, new_path = await orgtree.move_node(uow.session, org_id, parent.id, body.effective_date)
        moved = OrgMoved(
            org_id=org_id, old_parent_id=node.parent_id, new_parent_id=parent.id, effective_date=body.effective_date
        )
        return await _commit_change(
            uow,
            moved,
            new_path,
            before={"parent_id": node.parent_id},
            after={"parent_id": parent.id},
            previous_path=old_path,
        )


async def merge_org(
    db: Database, ctx: Context, principal: Principal, org_id: str, body: OrgMerge, expected_version: int | None
) -> OrgOut:
    """Merge ``org_id`` into ``into_id``: its children move under the target, its members join the target."""
    async with _changing(db, ctx, principal, org_id, expected_version) as (uow, node):
        into = await _active_target(uow, principal, body.into_id)
        rules.check_merge(org_id, rules.OrgKind(node.kind), into.id, rules.OrgKind(into.kind), into.ancestor_ids)
        children = (
            (
                await uow.session.execute(
                    select(org_nodes.c.id).where(org_nodes.c.parent_id == org_id, org_nodes.c.status == "active")
                )
            )
            .scalars()
            .all()
        )
        for child in children:
            await orgtree.move_node(uow.session, child, into.id, body.effective_date)
        moved = await uow.session.execute(
            update(Member).where(Member.org_id == org_id).values(org_id=into.id, version=Member.version + 1)
        )
        await orgtree.close_node(uow.session, org_id, body.effective_date, status="merged", merged_into=into.id)
        merged = OrgMerged(
            org_id=org_id,
            into_id=into.id,
            moved_children=list(children),
            moved_members=moved.rowcount or 0,  # type: ignore[attr-defined]
            effective_date=body.effective_date,
        )
        return await _commit_change(uow, merged, node.path, after={"into_id": into.id})


async def dissolve_org(
    db: Database, ctx: Context, principal: Principal, org_id: str, body: OrgDissolve, expected_version: int | None
) -> OrgOut:
    async with _changing(db, ctx, principal, org_id, expected_version) as (uow, node):
        children = (
            await uow.session.execute(
                select(func.count())
                .select_from(org_nodes)
                .where(org_nodes.c.parent_id == org_id, org_nodes.c.status == "active")
            )
        ).scalar_one()
        members = (
            await uow.session.execute(
                select(func.count())
                .select_from(Member)
                .where(Member.org_id == org_id, Member.status.in_(ACTIVE_MEMBER_STATUSES))
            )
        ).scalar_one()
        rules.check_dissolvable(children, members)
        await dissolve_node(uow, org_id, node.path, body.reason, body.decision_ref, body.effective_date)
        return await _commit_and_read(uow, org_id)


async def dissolve_node(
    uow: UnitOfWork, org_id: str, path: str, reason: str, decision_ref: str | None, effective_date: date
) -> None:
    """Shared by the dissolve command and by inspection's dissolution discipline."""
    await orgtree.close_node(uow.session, org_id, effective_date, status="dissolved")
    dissolved = OrgDissolved(org_id=org_id, reason=reason, decision_ref=decision_ref, effective_date=effective_date)
    await _record(uow, dissolved, path, after={"reason": reason})


async def restore_node(uow: UnitOfWork, org_id: str, path: str, effective_date: date) -> None:
    await orgtree.reopen_node(uow.session, org_id, effective_date)
    await _record(uow, OrgRestored(org_id=org_id, effective_date=effective_date), path)


OrgEvent = OrgCreated | OrgRenamed | OrgMoved | OrgMerged | OrgDissolved | OrgRestored | OrgUnitTypeSet


async def _record(
    uow: UnitOfWork,
    payload: OrgEvent,
    path: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    previous_path: str | None = None,
) -> None:
    """A change of one organisation besides its tree rows: its event and its audit row (``org.<verb>`` of the
    event), in the caller's unit of work (the consumers' too: inspection dissolves and restores organisations)."""
    org_id = payload.org_id
    _publish(uow, payload, org_id, path, previous_path=previous_path)
    await uow.audit(f"org.{payload.spec.verb}", "org", org_id, org_id=org_id, before=before, after=after)


class _Change(TypedDict, total=False):
    """``_record``'s keyword arguments: the audit row's before and after, where a moved organisation stood."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None
    previous_path: str | None


async def _commit_change(uow: UnitOfWork, payload: OrgEvent, path: str, **change: Unpack[_Change]) -> OrgOut:
    """The end of an organisation command: ``_record``, then the organisation as the answer, then the commit."""
    await _record(uow, payload, path, **change)
    return await _commit_and_read(uow, payload.org_id)


def _publish(
    uow: UnitOfWork,
    payload: OrgEvent,
    org_id: str,
    path: str,
    *,
    previous_path: str | None = None,
) -> None:
    """``previous_path``: where a moved organisation stood, so the change feed shows it leaving that subtree."""
    uow.publish(
        payload, subject=f"org/{org_id}", aggregate_id=f"org:{org_id}", orgpath=path, previous_orgpath=previous_path
    )
