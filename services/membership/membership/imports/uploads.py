"""Receiving an uploaded file (members or organisations): its format, spooled to disk under a size limit.

The body is written to a temporary file as it arrives and refused as soon as it passes the limit; the readers
(``readers``) then stream rows from it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fastapi import Request

from membership.imports.readers import BadFile, ImportFormat, Limits
from membership.settings import Settings
from shared.errors import PayloadTooLarge

CONTENT_TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "text/csv": ImportFormat.CSV,
    CONTENT_TYPE_XLSX: ImportFormat.XLSX,
    "application/json": ImportFormat.JSON,
    "application/x-ndjson": ImportFormat.JSON,
}
BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string", "format": "binary"}},
            CONTENT_TYPE_XLSX: {"schema": {"type": "string", "format": "binary"}},
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
        },
    }
}
"""The request body of an upload route in OpenAPI (the route reads the raw stream itself)."""


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)


def limits(settings: Settings, max_rows: int | None = None) -> Limits:
    return Limits(
        max_rows or settings.import_max_rows,
        settings.import_max_uncompressed_bytes,
        settings.import_max_compression_ratio,
        max_sheet_bytes=settings.import_xlsx_max_sheet_bytes,
        max_shared_strings_bytes=settings.import_xlsx_max_shared_strings_bytes,
        shared_strings_floor_bytes=settings.import_xlsx_shared_strings_floor_bytes,
        shared_strings_per_sheet_byte=settings.import_xlsx_shared_strings_per_sheet_byte,
    )


async def spool(request: Request, settings: Settings) -> Path:
    """Write the body to a temporary file as it arrives, refusing it as soon as it passes the size limit."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.import_max_bytes:
        raise PayloadTooLarge("import.too_large", max_bytes=settings.import_max_bytes)
    fd, name = tempfile.mkstemp(prefix="import-", dir=settings.import_spool_dir)
    path, size = Path(name), 0
    try:
        with os.fdopen(fd, "wb") as handle:
            async for chunk in request.stream():
                size += len(chunk)
                if size > settings.import_max_bytes:
                    raise PayloadTooLarge("import.too_large", max_bytes=settings.import_max_bytes)
                handle.write(chunk)
    except BaseException:
        discard(path)
        raise
    if size == 0:
        discard(path)
        raise BadFile("import.empty")
    return path


def file_format(request: Request, explicit: ImportFormat | None) -> ImportFormat:
    if explicit is not None:
        return explicit
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES:
        raise BadFile("import.unknown_format", content_type=content_type or "-")
    return CONTENT_TYPES[content_type]
