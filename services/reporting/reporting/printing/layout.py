"""The print layout of an official party document, as plain data (no I/O).

A document is what a committee signs and sends up: the header of a party document (the superior committee and
the issuing organisation on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" with the place and date on the right — the
layout of Hướng dẫn 36-HD/VPTW, 3 Apr 2018, on the format of party documents), a centred title and period,
tables, notes and the committee's signature block ("T/M BAN CHẤP HÀNH" / "BÍ THƯ"). Reports, statistical forms
and results build a ``Document``; the renderers (PDF, XLSX) only lay it out, so both files always hold the same
figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from shared.text import search_key

Cell = int | float | Decimal | str | None
"""A figure (a number), a text (a percentage is text with two decimals, as in the JSON reports) or empty."""

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"


@dataclass(frozen=True)
class Column:
    """A table column: ``key`` indexes ``Row.cells``; numeric columns are right-aligned and summed by nobody."""

    key: str
    label: str
    numeric: bool = True


@dataclass(frozen=True)
class Row:
    """A table row: its label (first column), its cells by column key, its indentation level (0 = top) and
    whether it is a total or heading row, printed bold."""

    label: str
    cells: dict[str, Cell] = field(default_factory=dict)
    level: int = 0
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A captioned table; ``label_header`` heads the label column. Renderers repeat the header on every page."""

    caption: str
    columns: list[Column]
    rows: list[Row]
    label_header: str = ""


@dataclass(frozen=True)
class Signature:
    """The signature block: ``on_behalf`` is the "T/M …" line (empty when the signer signs in their own name),
    ``role_label`` the post ("BÍ THƯ"), ``name`` the signer (None leaves the line blank to sign by hand)."""

    role_label: str
    name: str | None = None
    on_behalf: str = ""


@dataclass(frozen=True)
class Document:
    """A whole printable document. ``superior_name`` is the superior committee line of the header ("ĐẢNG BỘ
    TỈNH …"), ``org_name`` the issuing organisation ("HUYỆN ỦY …"); ``reference`` the number and symbol
    ("Số …-BC/HU", may be empty); ``recipients`` the "Nơi nhận" list."""

    title: str
    subtitle: str
    org_name: str
    superior_name: str
    period_label: str
    place_and_date: str
    tables: list[Table]
    signature: Signature
    notes: list[str] = field(default_factory=list)
    reference: str = ""
    recipients: list[str] = field(default_factory=list)
    party_name: str = PARTY_NAME

    @property
    def file_stem(self) -> str:
        """A file name without accents or spaces, for Content-Disposition."""
        stem = "-".join(re.findall(r"[a-z0-9]+", search_key(self.title)))
        return stem or "document"


def indent(level: int) -> str:
    """The label prefix a renderer without indentation (text, XLSX) uses for a row's level."""
    return "  " * max(level, 0)


def vi_cell(value: Cell) -> str:
    """A cell as printed in Vietnamese: thousands grouped with ".", decimals after "," (12.345; 17,50); a
    percentage text from the reports ("17.50") printed the same way; empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | Decimal):
        return _vi_decimal(Decimal(str(value)))
    try:
        return _vi_decimal(Decimal(value)) if _looks_decimal(value) else value
    except ArithmeticError:
        return value


def _looks_decimal(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+\.\d+", text))


def _vi_decimal(number: Decimal) -> str:
    whole, _, fraction = f"{number:,}".partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


def numbered(rows: list[Row]) -> list[tuple[int | None, Row]]:
    """Rows with their number in the "TT" column: a heading row (no cells) has none, the others count on."""
    out: list[tuple[int | None, Row]] = []
    count = 0
    for row in rows:
        if row.cells:
            count += 1
        out.append((count if row.cells else None, row))
    return out
