"""CSV and XLSX renderings of any report table, with formula injection neutralised (OWASP CSV injection):
a text cell starting with ``= + - @`` (or a tab or carriage return) gets a leading quote."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi import Response
from openpyxl import Workbook

from shared.errors import RuleViolation

FORMATS = ("json", "csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def check_format(value: str) -> str:
    if value not in FORMATS:
        raise RuleViolation("report.bad_format", field="format", value=value)
    return value


def safe_cell(value: Any) -> Any:
    """Numbers stay numbers; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def to_csv(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(columns: Sequence[str], rows: Sequence[Mapping[str, Any]], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "report")
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_xlsx_value(safe_cell(row.get(c))) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def table_response(
    fmt: str, name: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], last_event_at: datetime | None
) -> Response:
    """The table as a file; ``Last-Event-At`` carries what JSON responses give as ``last_event_at``."""
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
        "Last-Event-At": last_event_at.isoformat() if last_event_at else "",
    }
    if fmt == "csv":
        return Response(to_csv(columns, rows), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(to_xlsx(columns, rows, name), media_type=XLSX_TYPE, headers=headers)
