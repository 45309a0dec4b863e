"""Exporting members of a subtree as CSV or XLSX, streamed: the same columns the import reads.

The statistical codes' columns (``CODE_COLUMNS``) come from the member row's ``categories``, so a file exported
and imported elsewhere keeps them. ``religion_group`` is withheld (empty) from the roles the record withholds it
from (``records.rules.MASKED_SECTIONS``); an empty code cell leaves the stored code alone on import.

Rows come from a server-side cursor in batches; CSV is sent as it is produced, XLSX is written by openpyxl's
write-only mode to a temporary file (an XLSX is a zip and cannot be streamed before it is complete) and then
sent in chunks. Every text cell starting with ``= + - @`` (or a tab or carriage return) gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it as a formula (CSV/formula injection).
"""

from __future__ import annotations

import asyncio
import csv
import io
import tempfile
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select

from membership import scope
from membership.imports.rows import CODE_COLUMNS, COLUMNS
from membership.members.models import Member
from membership.members.queries import mask
from membership.records.rules import MASKED_SECTIONS
from shared.auth import SENSITIVE_READERS, Principal
from shared.db import Database
from shared.schema import org_nodes

BATCH = 1000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SENSITIVE = ("national_id", "phone", "email", "address", "religion")  # as the list and the record withhold them
HEADER = (*COLUMNS, *CODE_COLUMNS)
"""The export's columns: the member row's, then the statistical codes (the import reads both)."""


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _query(principal: Principal, path: str) -> Select[Any]:
    m = Member.__table__.c
    columns = [getattr(m, c) for c in COLUMNS if c not in ("org_code",)]
    return (
        select(*columns, m.categories, org_nodes.c.code.label("org_code"))
        .join(org_nodes, org_nodes.c.id == m.org_id)
        .where(scope.within(m.org_id, path), scope.in_scope(m.org_id, principal))
        .order_by(m.org_id, m.search_name, m.id)
    )


def _cells(row: Any, sensitive: bool) -> list[Any]:
    values = []
    for column in COLUMNS:
        value = getattr(row, column)
        if column == "positions":
            value = ";".join(value or [])
        elif column in SENSITIVE and not sensitive:
            value = mask(value) if column in ("national_id", "phone") else None
        values.append(neutralise(value))
    categories = row.categories or {}
    for column, dimension in CODE_COLUMNS.items():
        values.append(None if column in MASKED_SECTIONS and not sensitive else categories.get(dimension))
    return values


async def _batches(db: Database, principal: Principal, path: str) -> AsyncIterator[list[list[Any]]]:
    sensitive = principal.has(*SENSITIVE_READERS)
    async with db.read_session() as session:
        result = await session.stream(_query(principal, path).execution_options(yield_per=BATCH))
        async for partition in result.partitions(BATCH):
            yield [_cells(r, sensitive) for r in partition]


async def csv_stream(db: Database, principal: Principal, path: str) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield ("\ufeff" + buffer.getvalue()).encode()  # the BOM makes Excel read UTF-8
    async for batch in _batches(db, principal, path):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(
            [["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in r] for r in batch]
        )
        yield buffer.getvalue().encode()


async def xlsx_stream(db: Database, principal: Principal, path: str) -> AsyncIterator[bytes]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("members")
    sheet.append(list(HEADER))

    def append(rows: list[list[Any]]) -> None:
        for row in rows:
            sheet.append(row)

    async for batch in _batches(db, principal, path):
        await asyncio.to_thread(append, batch)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "members.xlsx"
        await asyncio.to_thread(workbook.save, target)
        with target.open("rb") as handle:
            while chunk := await asyncio.to_thread(handle.read, 1 << 16):
                yield chunk
