"""Narrowing a query to what the caller asked for and may see, one way for every list and every lookup.

A list route's filters are optional: a value given narrows the rows, ``None`` leaves them. ``equal_to`` applies
the equality filters at once; ``within_subtree`` the ``under`` filter every list of organisation-placed records
has (the node must itself be in the caller's subtree: 404 otherwise, as everywhere). A lookup by id reads the
record only through the caller's subtree (``by_id_in_scope``), a list starts from every record in it
(``all_in_scope``), and ``one_or_404`` answers a record outside it
exactly as one that does not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared import orgtree
from shared.auth import Principal
from shared.errors import NotFound

Q = TypeVar("Q", bound=Select[Any])
M = TypeVar("M")


def equal_to(query: Q, filters: dict[Any, Any]) -> Q:
    """``query`` narrowed to rows whose column equals the value given for it (``{Item.state: state}``)."""
    conditions = [column == value for column, value in filters.items() if value is not None]
    return query.where(*conditions)


async def within_subtree(
    session: AsyncSession, principal: Principal, query: Q, column: ColumnElement[Any], under: str | None
) -> Q:
    """``query`` narrowed to rows whose organisation ``column`` lies in ``under``'s subtree."""
    if under is None:
        return query
    node = await orgtree.node_in_scope(session, principal, under)
    return query.where(orgtree.within(column, node.path))


def all_in_scope(entity: type[M], principal: Principal) -> Select[M]:
    """Every record of ``entity`` whose ``org_id`` lies in the caller's subtree: where every list starts."""
    table: Any = entity
    return select(entity).where(orgtree.in_scope(table.org_id.expression, principal))


def by_id_in_scope(
    entity: type[M], record_id: str, principal: Principal, scope: tuple[str, ...] = ("org_id",)
) -> Select[M]:
    """The record ``record_id`` of ``entity`` if one of its ``scope`` columns (its organisation, by default) lies
    in the caller's subtree."""
    table: Any = entity
    in_scope = [orgtree.in_scope(getattr(table, column).expression, principal) for column in scope]
    return select(entity).where(table.id == record_id, or_(*in_scope))


async def one_or_404(session: AsyncSession, query: Select[M], not_found: NotFound, *, for_update: bool = False) -> M:
    """The one record ``query`` selects (locked when ``for_update``), or ``not_found``."""
    found = (await session.execute(query.with_for_update() if for_update else query)).scalar_one_or_none()
    if found is None:
        raise not_found
    return found
