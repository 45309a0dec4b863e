"""The organisation tree as each service holds it, and the subtree scope applied inside every query.

Membership owns the tree; the other services keep a copy in the same two tables, maintained from membership's
``org.*`` events by ``apply_*`` below. ``path`` is ``/<root>/…/<id>/``, so "the subtree of X" is one indexed
``LIKE 'X-path%'``; the history table keeps every placement with its validity so a report can ask for the tree
as it was on a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal, or_, select, text, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.consumer import NotReady
from shared.freshness import NotInCopy
from shared.schema import org_node_history, org_nodes


class OrgKind(StrEnum):
    """The kinds of party organisation (Điều lệ Đảng, chương III). Membership places them (its rules say which
    kind may sit under which); every service's copy of the tree, and its API, names them with these values."""

    PROVINCE = "province"
    DISTRICT = "district"
    GRASSROOTS_COMMITTEE = "grassroots_committee"
    GRASSROOTS_BRANCH = "grassroots_branch"
    PARTIAL_COMMITTEE = "partial_committee"
    BRANCH = "branch"


OrgStatus = Literal["active", "merged", "dissolved"]
"""An organisation is active until merged into another or dissolved (``close_node``)."""


ORG_CREATED = "vn.party.membership.org.created.v1"  # the event that brings an organisation into a copy


def path_of(parent_path: str | None, org_id: str) -> str:
    return f"{parent_path or '/'}{org_id}/"


def ids_in_path(path: str) -> list[str]:
    return [p for p in path.split("/") if p]


def _principal_path(principal: Principal) -> Any:
    return select(org_nodes.c.path).where(org_nodes.c.id == principal.org_id).scalar_subquery()


def scope_ids(principal: Principal) -> Select[tuple[str]]:
    """The ids of every organisation the principal may see (its own and all below it)."""
    query = select(org_nodes.c.id)
    if principal.national:
        return query
    if principal.org_path is not None:  # a constant prefix: the text_pattern_ops index serves it
        return query.where(org_nodes.c.path.like(prefix_pattern(principal.org_path)))
    return query.where(org_nodes.c.path.like(func.concat(_principal_path(principal), literal("%"))))


def in_scope(column: ColumnElement[Any], principal: Principal) -> ColumnElement[bool]:
    """A WHERE clause restricting ``column`` (an organisation id) to the principal's subtree."""
    if principal.national:
        return true()
    return column.in_(scope_ids(principal))


ScopeShape = Literal["national", "path", "org"]
"""How a principal's subtree is written in SQL: no restriction, a constant path prefix, or the path of its
organisation read in the query (``in_scope``)."""


def scope_shape(principal: Principal) -> ScopeShape:
    if principal.national:
        return "national"
    return "path" if principal.org_path is not None else "org"


def bound_in_scope(column: ColumnElement[Any], shape: ScopeShape) -> ColumnElement[bool]:
    """``in_scope`` for a statement built once and executed with ``scope_parameters(principal)``: the same SQL,
    the principal's values bound (the path prefix still rendered as a constant, for the index)."""
    if shape == "national":
        return true()
    ids = select(org_nodes.c.id)
    if shape == "path":
        return column.in_(ids.where(org_nodes.c.path.like(bindparam("scope_prefix", literal_execute=True))))
    path = select(org_nodes.c.path).where(org_nodes.c.id == bindparam("scope_org_id")).scalar_subquery()
    return column.in_(ids.where(org_nodes.c.path.like(func.concat(path, literal("%")))))


def scope_parameters(principal: Principal) -> dict[str, str]:
    """The parameters of ``bound_in_scope`` for this principal."""
    shape = scope_shape(principal)
    if shape == "path":
        assert principal.org_path is not None
        return {"scope_prefix": principal.org_path + "%"}
    return {"scope_org_id": principal.org_id} if shape == "org" else {}


def prefix_pattern(org_path: str) -> Any:
    """``LIKE 'path%'`` rendered as a constant: a prepared statement's generic plan cannot use the index for a
    bound pattern, and this query runs on every request."""
    return bindparam(None, org_path + "%", literal_execute=True)


def within(column: ColumnElement[Any], org_path: str) -> ColumnElement[bool]:
    """Restrict ``column`` (an organisation id) to the subtree at ``org_path``."""
    return column.in_(select(org_nodes.c.id).where(org_nodes.c.path.like(prefix_pattern(org_path))))


@dataclass(frozen=True)
class OrgNode:
    id: str
    parent_id: str | None
    kind: str
    name: str
    path: str
    status: str

    @property
    def ancestor_ids(self) -> list[str]:
        """Ids from the root down to the parent."""
        return ids_in_path(self.path)[:-1]


def node_from(row: Any) -> OrgNode:
    """The node of a row holding ``org_nodes``' columns (a caller's own query may read it beside other values)."""
    return OrgNode(row.id, row.parent_id, row.kind, row.name, row.path, row.status)


async def get_node(session: AsyncSession, org_id: str) -> OrgNode | None:
    row = (await session.execute(select(org_nodes).where(org_nodes.c.id == org_id))).first()
    return node_from(row) if row else None


_KNOWN = text("SELECT id FROM org_nodes WHERE id = ANY(CAST(:ids AS varchar[]))")


async def unknown_nodes(session: AsyncSession, org_ids: set[str]) -> set[str]:
    """Which of these organisations this copy of the tree does not hold yet (one query for a consumer's batch).

    One array parameter, not an IN list: each batch's count of branches made a new statement for the driver to
    prepare (3 % of inspection's member consumer in py-spy, issue 13)."""
    if not org_ids:
        return set()
    known = await session.execute(_KNOWN, {"ids": list(org_ids)})
    return org_ids - set(known.scalars())


async def node_in_scope(session: AsyncSession, principal: Principal, org_id: str) -> OrgNode:
    """The organisation if the principal may act on it; 404 otherwise (existence outside scope never leaks)."""
    row = (
        await session.execute(select(org_nodes).where(org_nodes.c.id == org_id, in_scope(org_nodes.c.id, principal)))
    ).first()
    if row is None:  # unknown, or outside the caller's scope: one answer, also while the copy lags
        raise NotInCopy(
            "org.not_found", record="organisation", id=org_id, fed_by=ORG_CREATED, field="org_id", org_id=org_id
        )
    return node_from(row)


def placed_on(on: date) -> ColumnElement[bool]:
    """The history rows valid on ``on`` (``valid_to`` is exclusive)."""
    h = org_node_history.c
    return and_(h.valid_from <= on, or_(h.valid_to.is_(None), h.valid_to > on))


async def path_at(session: AsyncSession, org_id: str, on: date) -> str | None:
    """Where the organisation stood in the tree on ``on`` (None if it did not exist then)."""
    h = org_node_history.c
    return (
        await session.execute(
            select(h.path).where(h.org_id == org_id, placed_on(on)).order_by(h.valid_from.desc()).limit(1)
        )
    ).scalar_one_or_none()


@dataclass(frozen=True)
class Placement:
    """Where an organisation stood on ``day``: the last day of a period it existed in (a district dissolved on
    1 Jul 2025 answers for 2025 with its subtree of 30 June)."""

    path: str
    day: date


async def placement_within(session: AsyncSession, org_id: str, first: date, last: date) -> Placement | None:
    """The organisation's placement on the last day of ``first..last`` it existed; None if it never did then.

    Reports of a past period read the tree as it stood then through this: the subtree is every node whose history
    row on ``day`` lies under ``path``."""
    h = org_node_history.c
    row = (
        await session.execute(
            select(h.path, h.valid_to)
            .where(h.org_id == org_id, h.valid_from <= last, or_(h.valid_to.is_(None), h.valid_to > first))
            .order_by(h.valid_from.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    day = last if row.valid_to is None or row.valid_to > last else row.valid_to - timedelta(days=1)
    return Placement(row.path, day)


def under_placement_during(placement: Placement, first: date) -> ColumnElement[bool]:
    """History rows of the subtree at ``placement``, taking each organisation where it last stood in
    ``first..placement.day``: a branch dissolved in March still belongs to the year it owed meetings in (join
    ``org_node_history`` to use it)."""
    h, latest = org_node_history.c, org_node_history.alias("latest").c
    last_start = (
        select(func.max(latest.valid_from))
        .where(latest.org_id == h.org_id, latest.valid_from <= placement.day)
        .scalar_subquery()
    )
    return and_(
        h.valid_from == last_start,
        or_(h.valid_to.is_(None), h.valid_to > first),
        h.path.like(prefix_pattern(placement.path)),
    )


def under_placement(placement: Placement) -> ColumnElement[bool]:
    """History rows of the subtree as it stood at ``placement`` (join ``org_node_history`` to use it)."""
    return and_(placed_on(placement.day), org_node_history.c.path.like(prefix_pattern(placement.path)))


async def children_at(session: AsyncSession, org_id: str, on: date) -> list[tuple[str, str, str]]:
    """(id, name, kind) of the organisations directly under ``org_id`` on ``on``."""
    h = org_node_history.c
    rows = (
        await session.execute(
            select(h.org_id, h.name, h.kind)
            .where(h.parent_id == org_id, h.valid_from <= on, or_(h.valid_to.is_(None), h.valid_to > on))
            .order_by(h.name)
        )
    ).all()
    return [(r.org_id, r.name, r.kind) for r in rows]


# ---- maintaining the tree (membership's commands, and the copies in other services) ---------------------------


@dataclass(frozen=True)
class NewNode:
    """A unit to insert whose parent's path is known (None for a root)."""

    org_id: str
    parent_id: str | None
    parent_path: str | None
    kind: str
    name: str
    code: str | None
    established_on: date

    @property
    def path(self) -> str:
        return path_of(self.parent_path, self.org_id)


async def insert_nodes(session: AsyncSession, nodes: list[NewNode]) -> set[str]:
    """Insert units (parents before children) with their first history rows, in batches of statements rather
    than one round trip per unit (a province of 12,651 units loads in one request). An id already present is
    left alone, so applying the same event twice is harmless; returns the ids inserted."""
    if not nodes:
        return set()
    values = [
        {
            "id": n.org_id,
            "parent_id": n.parent_id,
            "kind": n.kind,
            "name": n.name,
            "code": n.code,
            "path": n.path,
            "depth": n.path.count("/") - 1,
            "established_on": n.established_on,
            "status": "active",
        }
        for n in nodes
    ]
    statement = pg_insert(org_nodes).on_conflict_do_nothing().returning(org_nodes.c.id)
    inserted = set((await session.execute(statement, values)).scalars())
    history = [
        {
            "org_id": n.org_id,
            "parent_id": n.parent_id,
            "path": n.path,
            "name": n.name,
            "kind": n.kind,
            "status": "active",
            "valid_from": n.established_on,
        }
        for n in nodes
        if n.org_id in inserted
    ]
    if history:
        await session.execute(org_node_history.insert(), history)
    return inserted


async def insert_node(
    session: AsyncSession,
    *,
    org_id: str,
    parent_id: str | None,
    kind: str,
    name: str,
    code: str | None,
    established_on: date,
) -> OrgNode:
    parent_path = None
    if parent_id is not None:
        parent = await get_node(session, parent_id)
        if parent is None:
            raise NotReady(f"org:{parent_id}")
        parent_path = parent.path
    new = NewNode(org_id, parent_id, parent_path, kind, name, code, established_on)
    if org_id in await insert_nodes(session, [new]):  # as inserted: no statement to read it back (issue 13)
        return OrgNode(org_id, parent_id, kind, name, new.path, "active")
    node = await get_node(session, org_id)  # there already (the event applied before): as it is now
    assert node is not None
    return node


async def _reopen_history(session: AsyncSession, subtree_path: str, on: date) -> list[Any]:
    """Close the open history rows of a subtree on ``on``; returns the closed rows' org ids."""
    h = org_node_history.c
    closed = (
        await session.execute(
            update(org_node_history)
            .where(h.path.like(subtree_path + "%"), h.valid_to.is_(None))
            .values(valid_to=on)
            .returning(h.org_id)
        )
    ).all()
    return [r.org_id for r in closed]


async def _snapshot_history(session: AsyncSession, subtree_path: str, on: date) -> None:
    rows = (await session.execute(select(org_nodes).where(org_nodes.c.path.like(subtree_path + "%")))).all()
    if rows:
        await session.execute(
            org_node_history.insert(),
            [
                {
                    "org_id": r.id,
                    "parent_id": r.parent_id,
                    "path": r.path,
                    "name": r.name,
                    "kind": r.kind,
                    "status": r.status,
                    "valid_from": on,
                }
                for r in rows
                if r.status == "active"
            ],
        )


async def move_node(session: AsyncSession, org_id: str, new_parent_id: str, on: date) -> tuple[str, str]:
    """Re-parent a subtree; returns (old path, new path). Paths of every descendant follow."""
    node = await get_node(session, org_id)
    parent = await get_node(session, new_parent_id)
    if node is None:
        raise NotReady(f"org:{org_id}")
    if parent is None:
        raise NotReady(f"org:{new_parent_id}")
    old_path, new_path = node.path, path_of(parent.path, org_id)
    if old_path == new_path:
        return old_path, new_path
    await _reopen_history(session, old_path, on)
    n = org_nodes.c
    await session.execute(
        update(org_nodes)
        .where(n.path.like(old_path + "%"))
        .values(
            path=func.concat(new_path, func.substr(n.path, len(old_path) + 1)),
            depth=n.depth + (new_path.count("/") - old_path.count("/")),
            version=n.version + 1,
            updated_at=func.now(),
        )
    )
    await session.execute(update(org_nodes).where(n.id == org_id).values(parent_id=new_parent_id))
    await _snapshot_history(session, new_path, on)
    return old_path, new_path


async def rename_node(session: AsyncSession, org_id: str, name: str, on: date) -> None:
    node = await get_node(session, org_id)
    if node is None:
        raise NotReady(f"org:{org_id}")
    n, h = org_nodes.c, org_node_history.c
    await session.execute(
        update(org_nodes).where(n.id == org_id).values(name=name, version=n.version + 1, updated_at=func.now())
    )
    await session.execute(update(org_node_history).where(h.org_id == org_id, h.valid_to.is_(None)).values(valid_to=on))
    await session.execute(
        org_node_history.insert().values(
            org_id=org_id,
            parent_id=node.parent_id,
            path=node.path,
            name=name,
            kind=node.kind,
            status=node.status,
            valid_from=on,
        )
    )


async def close_node(
    session: AsyncSession, org_id: str, on: date, *, status: str, merged_into: str | None = None
) -> None:
    """Dissolve or merge away an organisation: it leaves the current tree's active set and its history closes."""
    node = await get_node(session, org_id)
    if node is None:
        raise NotReady(f"org:{org_id}")
    n, h = org_nodes.c, org_node_history.c
    await session.execute(
        update(org_nodes)
        .where(n.id == org_id)
        .values(status=status, merged_into=merged_into, closed_on=on, version=n.version + 1, updated_at=func.now())
    )
    await session.execute(update(org_node_history).where(h.org_id == org_id, h.valid_to.is_(None)).values(valid_to=on))


async def reopen_node(session: AsyncSession, org_id: str, on: date) -> None:
    """Undo a dissolution (an appeal annulled it)."""
    node = await get_node(session, org_id)
    if node is None:
        raise NotReady(f"org:{org_id}")
    n = org_nodes.c
    await session.execute(
        update(org_nodes)
        .where(n.id == org_id)
        .values(status="active", merged_into=None, closed_on=None, version=n.version + 1, updated_at=func.now())
    )
    await session.execute(
        org_node_history.insert().values(
            org_id=org_id,
            parent_id=node.parent_id,
            path=node.path,
            name=node.name,
            kind=node.kind,
            status="active",
            valid_from=on,
        )
    )


__all__ = [
    "OrgNode",
    "children_at",
    "close_node",
    "get_node",
    "in_scope",
    "insert_node",
    "move_node",
    "node_in_scope",
    "path_at",
    "rename_node",
    "reopen_node",
    "scope_ids",
    "within",
]
