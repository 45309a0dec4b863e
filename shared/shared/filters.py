"""Narrowing a list query by the filters its route was given, one way for every list.

A list route's filters are optional: a value given narrows the rows, ``None`` leaves them. ``equal_to`` applies
the equality filters at once; ``within_subtree`` the ``under`` filter every list of organisation-placed records
has (the node must itself be in the caller's subtree: 404 otherwise, as everywhere).
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncSession

from shared import orgtree
from shared.auth import Principal

Q = TypeVar("Q", bound=Select[Any])


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
