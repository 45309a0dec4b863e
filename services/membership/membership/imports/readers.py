"""Row readers for uploaded files: CSV, XLSX and JSON, each streamed from a spooled file one row at a time.

No reader holds the file in memory: CSV is read line by line, XLSX through openpyxl's read-only mode (which
parses the sheet with ``defusedxml``), JSON through an incremental decoder over a JSON array or JSON Lines.
XLSX files are inspected before parsing: an archive that unzips to far more than it weighs (a zip bomb) or an XML
part declaring a DTD or entities (billion laughs, external entities) is refused outright.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from shared.errors import DomainError
from shared.text import nfc

Row = dict[str, str | None]


class ImportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


class BadFile(DomainError):
    """The file as a whole cannot be read (422): malformed, malicious, or too big once unpacked."""

    status = 422
    kind = "bad-file"


class UnpacksTooLarge(BadFile):
    """An XLSX part would unpack past a configured limit (413): refused from the archive's directory, before
    any XML parser loads it."""

    status = 413
    kind = "payload-too-large"


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_uncompressed_bytes: int
    max_compression_ratio: int
    max_sheet_bytes: int = 1 << 30
    max_shared_strings_bytes: int = 256 << 20
    shared_strings_floor_bytes: int = 4 << 20
    shared_strings_per_sheet_byte: int = 16


def read_rows(path: Path, fmt: ImportFormat, limits: Limits) -> Iterator[Row]:
    """Data rows as {column: text or None}, header names lower-cased; raises ``BadFile`` for a bad file."""
    readers = {ImportFormat.CSV: _csv_rows, ImportFormat.XLSX: _xlsx_rows, ImportFormat.JSON: _json_rows}
    count = 0
    try:
        for row in readers[fmt](path, limits):
            count += 1
            if count > limits.max_rows:
                raise BadFile("import.too_many_rows", max_rows=limits.max_rows)
            yield row
    except BadFile:
        raise
    except UnicodeDecodeError as exc:
        raise BadFile("import.not_utf8", position=exc.start) from exc
    except Exception as exc:  # every parser's own error: csv.Error, zipfile.BadZipFile, defusedxml's, …
        raise BadFile("import.malformed", format=fmt.value, error=type(exc).__name__) from exc


def cell_text(value: Any) -> str | None:
    """A cell as the import reads it: dates ISO, lists joined by ";", whole floats as integers, blank as None,
    text in NFC. Files are not JSON bodies, so the platform's boundary does not see them: a name typed
    decomposed (NFD, as some Office and macOS sources write it) must match the same name stored precomposed."""
    if type(value) is str:  # every CSV cell: its answer without the other types' tests (issue 13)
        return nfc(value.strip()) or None
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfc(str(value).strip())
    return text or None


def _header(names: list[Any]) -> list[str]:
    header = [nfc(str(n or "").strip().lower()) for n in names]
    if not any(header):
        raise BadFile("import.no_header")
    return header


def _csv_rows(path: Path, limits: Limits) -> Iterator[Row]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = _header(next(reader))
        except StopIteration:
            return
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                raise BadFile("import.too_many_cells", row=reader.line_num - 1)
            values += [""] * (len(header) - len(values))
            yield {name: cell_text(value) for name, value in zip(header, values, strict=True) if name}


def check_xlsx_archive(path: Path, limits: Limits) -> None:
    """Refuse zip bombs and XML parts with a DTD before any XML parser sees them."""
    if not zipfile.is_zipfile(path):
        raise BadFile("import.malformed", format="xlsx", error="not a zip archive")
    with zipfile.ZipFile(path) as archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > limits.max_uncompressed_bytes or (
                info.file_size > 1_000_000 and ratio > limits.max_compression_ratio
            ):
                raise BadFile("import.zip_bomb", member=info.filename, ratio=int(ratio))
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as part:
                    head = part.read(65536).upper()
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise BadFile("import.xml_dtd", member=info.filename)
        check_xlsx_sizes(archive, limits)


_SHARED_STRINGS_TYPE = "/relationships/sharedStrings"
_WORKSHEET_TYPE = "/relationships/worksheet"


def _workbook_parts(archive: zipfile.ZipFile) -> tuple[list[str], list[str]]:
    """The worksheet and shared-strings parts named by the workbook's relationships (a renamed part is still
    found), each as an archive member name."""
    from defusedxml.ElementTree import fromstring

    try:
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return [], []
    sheets, strings = [], []
    for rel in rels:
        target, kind = rel.get("Target", ""), rel.get("Type", "")
        name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if kind.endswith(_WORKSHEET_TYPE):
            sheets.append(name)
        elif kind.endswith(_SHARED_STRINGS_TYPE):
            strings.append(name)
    return sheets, strings


def check_xlsx_sizes(archive: zipfile.ZipFile, limits: Limits) -> None:
    """openpyxl loads the whole shared-strings table into memory before the first row, even in read-only mode:
    a table that unpacks far beyond what its sheets could reference (a 0.13 MB file expanding to 24 MB) is
    refused from the archive's directory. A real table is at most ``shared_strings_per_sheet_byte`` times the
    sheets that point into it (each reference is a cell of ~40 bytes, each text at most a few hundred)."""
    sheets, strings = _workbook_parts(archive)
    sizes = {info.filename: info.file_size for info in archive.infolist()}
    sheet_bytes = sum(sizes.get(name, 0) for name in sheets)
    if sheet_bytes > limits.max_sheet_bytes:
        raise UnpacksTooLarge("import.xlsx_sheet_too_large", size=sheet_bytes, limit=limits.max_sheet_bytes)
    allowed = min(
        limits.max_shared_strings_bytes,
        max(limits.shared_strings_floor_bytes, limits.shared_strings_per_sheet_byte * sheet_bytes),
    )
    table = sum(sizes.get(name, 0) for name in strings)
    if table > allowed:
        raise UnpacksTooLarge("import.xlsx_shared_strings_too_large", size=table, limit=allowed)


def _xlsx_rows(path: Path, limits: Limits) -> Iterator[Row]:
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it

    check_xlsx_archive(path, limits)
    handle = path.open("rb")  # a file object: openpyxl would refuse a path without the .xlsx suffix
    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        rows = workbook.active.iter_rows(values_only=True)
        try:
            header = _header(list(next(rows)))
        except StopIteration:
            return
        for values in rows:
            if all(v is None for v in values):
                continue
            row = {name: cell_text(value) for name, value in zip(header, values, strict=False) if name}
            yield {**dict.fromkeys(h for h in header if h), **row}
    finally:
        workbook.close()
        handle.close()


_JSON_CHUNK = 1 << 16
_JSON_MAX_OBJECT = 1 << 20


def _json_rows(path: Path, limits: Limits) -> Iterator[Row]:
    """A JSON array of objects, or JSON Lines, decoded one object at a time."""
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8-sig") as handle:
        buffer, pos, started, finished = "", 0, False, False
        while True:
            buffer = buffer[pos:].lstrip()
            pos = 0
            if not started and buffer:
                started = True
                if buffer[0] == "[":
                    buffer = buffer[1:].lstrip()
            if buffer[:1] in (",",):
                buffer = buffer[1:].lstrip()
            if buffer[:1] == "]":
                finished = True
                buffer = buffer[1:].strip()
                if buffer or handle.read(1).strip():
                    raise BadFile("import.malformed", format="json", error="content after the array")
                return
            try:
                obj, pos = decoder.raw_decode(buffer)
            except json.JSONDecodeError:
                more = handle.read(_JSON_CHUNK)
                if not more:
                    if buffer.strip() and not finished:
                        raise BadFile("import.malformed", format="json", error="truncated") from None
                    return
                if len(buffer) > _JSON_MAX_OBJECT:
                    raise BadFile("import.malformed", format="json", error="object too large") from None
                buffer += more
                continue
            if not isinstance(obj, dict):
                raise BadFile("import.malformed", format="json", error="rows must be objects")
            yield {nfc(str(k).strip().lower()): cell_text(v) for k, v in obj.items()}
