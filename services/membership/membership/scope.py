"""The subtree scope of ``shared.orgtree`` for ORM attributes as well as Core columns (typed for mypy)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from shared import orgtree
from shared.auth import Principal

Column = ColumnElement[Any] | InstrumentedAttribute[Any]


def _element(column: Column) -> ColumnElement[Any]:
    return column.expression if isinstance(column, InstrumentedAttribute) else column


def in_scope(column: Column, principal: Principal) -> ColumnElement[bool]:
    """``column`` (an organisation id) within the principal's subtree."""
    return orgtree.in_scope(_element(column), principal)


def within(column: Column, org_path: str) -> ColumnElement[bool]:
    """``column`` (an organisation id) within the subtree at ``org_path``."""
    return orgtree.within(_element(column), org_path)
