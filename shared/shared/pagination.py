"""Cursor (keyset) pagination: stable under inserts and fast at any depth, unlike offsets.

The sort key always ends with the primary key, so every row has a unique position; the cursor is that position,
opaque to clients (base64url JSON).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, and_, or_
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


def page_params(
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
        return [_decode_value(v) for v in data["v"]], bool(data["d"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BadCursor("pagination.bad_cursor", field="query.cursor") from exc


def _after(columns: Sequence[ColumnElement[Any]], values: Sequence[Any], descending: bool) -> ColumnElement[bool]:
    """Row-value comparison spelled out so it works with mixed types: (a,b,c) > (x,y,z)."""
    clauses = []
    for i, column in enumerate(columns):
        equal_prefix = [columns[j] == values[j] for j in range(i)]
        step = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal_prefix, step))
    return or_(*clauses)


def keyset(
    query: Select[Any], sort: Sequence[ColumnElement[Any]], page: PageRequest, descending: bool = False
) -> Select[Any]:
    """Apply order, the cursor's position and limit+1 (to know whether there is a next page)."""
    if page.cursor:
        values, cursor_desc = decode_cursor(page.cursor)
        if len(values) != len(sort) or cursor_desc != descending:
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


M = TypeVar("M", bound=BaseModel)


async def page_of(
    session: AsyncSession,
    query: Select[Any],
    sort: Sequence[ColumnElement[Any]],
    page: PageRequest,
    out: type[M],
    *,
    descending: bool = False,
) -> Page[M]:
    """The usual list endpoint in one call: a keyset page of ORM entities, shaped as ``out``, with its cursor."""
    rows = list((await session.execute(keyset(query, sort, page, descending))).scalars())
    items, cursor = next_cursor(rows, [str(c.key) for c in sort], page, descending)
    return Page[out](items=[out.model_validate(r) for r in items], next_cursor=cursor)  # type: ignore[valid-type]
