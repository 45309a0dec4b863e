"""Cursor (keyset) pagination: stable under inserts and fast at any depth, unlike offsets.

The sort key always ends with the primary key, so every row has a unique position; the cursor is that position,
opaque to clients (base64url JSON).
"""

from __future__ import annotations

import base64
import enum
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import BigInteger, ColumnElement, Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from shared.errors import DomainError

T = TypeVar("T")
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` to get the next page; null at the end.")


@dataclass(frozen=True)
class PageRequest:
    limit: int
    cursor: str | None


async def page_params(  # async: called on the event loop, not in FastAPI's thread pool
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (at most 200).")] = 50,
    cursor: Annotated[str | None, Query(description="Opaque cursor from the previous page.")] = None,
) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor)


class BadCursor(DomainError):
    status = 400
    kind = "bad-request"


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return {"__d": value.isoformat(), "t": "dt" if isinstance(value, datetime) else "d"}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and "__d" in value:
        return datetime.fromisoformat(value["__d"]) if value["t"] == "dt" else date.fromisoformat(value["__d"])
    return value


def encode_cursor(values: Sequence[Any], descending: bool = False) -> str:
    raw = json.dumps({"v": [_encode_value(v) for v in values], "d": descending}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[list[Any], bool]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(data, dict) or not isinstance(data["v"], list):
            raise TypeError("not a cursor")
        return [_decode_value(v) for v in data["v"]], bool(data["d"])
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
        raise BadCursor("pagination.bad_cursor", field="query.cursor") from exc


def _after(columns: Sequence[ColumnElement[Any]], values: Sequence[Any], descending: bool) -> ColumnElement[bool]:
    """Row-value comparison spelled out so it works with mixed types: (a,b,c) > (x,y,z)."""
    clauses = []
    for i, column in enumerate(columns):
        equal_prefix = [columns[j] == values[j] for j in range(i)]
        step = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal_prefix, step))
    return or_(*clauses)


def _fits(column: ColumnElement[Any], value: Any) -> bool:
    """A cursor value must have its sort column's type (and range): a tampered cursor is a 400, never a 500."""
    if value is None:
        return True
    try:
        expected = column.type.python_type
    except NotImplementedError:  # a type without a Python equivalent: only JSON scalars pass
        return isinstance(value, str | int | float)
    if isinstance(expected, type) and issubclass(expected, enum.Enum):
        return value in {member.value for member in expected}
    if expected is datetime:
        return isinstance(value, datetime)
    if expected is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if expected is int:
        bits = 63 if isinstance(column.type, BigInteger) else 31
        return isinstance(value, int) and not isinstance(value, bool) and -(2**bits) <= value < 2**bits
    if expected is uuid.UUID:
        return isinstance(value, str) and _is_uuid(value)
    if expected in (float, Decimal):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is str:
        length = getattr(column.type, "length", None)
        return isinstance(value, str) and "\x00" not in value and (length is None or len(value) <= length)
    return isinstance(value, expected)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def keyset(
    query: Select[Any], sort: Sequence[ColumnElement[Any]], page: PageRequest, descending: bool = False
) -> Select[Any]:
    """Apply order, the cursor's position and limit+1 (to know whether there is a next page)."""
    if page.cursor:
        values, cursor_desc = decode_cursor(page.cursor)
        if (
            len(values) != len(sort)
            or cursor_desc != descending
            or not all(_fits(c, v) for c, v in zip(sort, values, strict=True))
        ):
            raise BadCursor("pagination.bad_cursor", field="query.cursor")
        query = query.where(_after(sort, values, descending))
    order = [c.desc() for c in sort] if descending else list(sort)
    return query.order_by(*order).limit(page.limit + 1)


def next_cursor(
    rows: Sequence[Any], sort_keys: Sequence[str], page: PageRequest, descending: bool = False
) -> tuple[list[Any], str | None]:
    """Split the limit+1 rows into the page and the cursor of its last row."""
    items = list(rows[: page.limit])
    if len(rows) <= page.limit or not items:
        return items, None
    last = items[-1]
    return items, encode_cursor([getattr(last, k) for k in sort_keys], descending)


def page_of_sorted(
    items: Sequence[T], key: Callable[[T], tuple[Any, ...]], page: PageRequest, *, descending: bool = False
) -> tuple[list[T], str | None]:
    """Keyset paging over rows computed in memory (a report's figures per organisation), with the same cursor
    as a query's; ``key`` ends with a unique id so every row has one position."""
    ordered = sorted(items, key=key, reverse=descending)
    if page.cursor:
        values, cursor_desc = decode_cursor(page.cursor)
        position = tuple(values)
        try:
            ordered = [r for r in ordered if (key(r) < position if descending else key(r) > position)]
        except TypeError as exc:  # a cursor of another list: its values do not compare with this key
            raise BadCursor("pagination.bad_cursor", field="query.cursor") from exc
        if cursor_desc != descending:
            raise BadCursor("pagination.bad_cursor", field="query.cursor")
    chosen = ordered[: page.limit]
    more = len(ordered) > page.limit
    return chosen, encode_cursor(list(key(chosen[-1])), descending) if more and chosen else None


M = TypeVar("M", bound=BaseModel)


async def fetch_page(
    session: AsyncSession,
    query: Select[Any],
    sort: Sequence[ColumnElement[Any]],
    page: PageRequest,
    *,
    descending: bool = False,
    entities: bool = True,
) -> tuple[list[Any], str | None]:
    """One keyset page and the cursor after it, for lists that shape their rows in bulk (one query for the
    page's related data). ``entities`` reads ORM entities; ``False`` reads Core rows (``select(table)``). The
    sort columns' keys name the attributes the cursor is made of."""
    result = await session.execute(keyset(query, sort, page, descending))
    rows = list(result.scalars() if entities else result.all())
    return next_cursor(rows, [str(c.key) for c in sort], page, descending)


async def page_of(
    session: AsyncSession,
    query: Select[Any],
    sort: Sequence[ColumnElement[Any]],
    page: PageRequest,
    out: type[M],
    *,
    descending: bool = False,
    shape: Callable[[Any], M] | None = None,
    entities: bool = True,
) -> Page[M]:
    """The usual list endpoint in one call: a keyset page shaped as ``out`` (or by ``shape`` where the response is
    not the row's own fields), with its cursor. ORM entities by default; ``entities=False`` for Core rows
    (``select(table)``, chosen columns), shaped from each row's mapping."""
    items, cursor = await fetch_page(session, query, sort, page, descending=descending, entities=entities)
    make = shape or (out.model_validate if entities else lambda row: out.model_validate(dict(row._mapping)))
    return Page[out](items=[make(r) for r in items], next_cursor=cursor)  # type: ignore[valid-type]
