"""XLSX in the layout of the PDF (openpyxl): the party document's header in merged cells, the title and period
centred, each table with its caption and bold header, the signature block; printed on A4 portrait fitted to
the page width, the first table's header repeated on every printed page. Figures stay numbers (percentages as
numbers with two decimals), so a committee can still add them up; texts are formula-neutralised."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reporting.printing.layout import Cell, Document, Table, numbered
from reporting.reports.export import safe_cell

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDE = 6
"""More figure columns than this: a landscape page, as the PDF."""


class XlsxRenderer:
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def render(self, document: Document) -> bytes:
        """The header on the first sheet, then one sheet per table (a sheet repeats one header row when printed,
        so each table gets its own), the notes and the signature after the last table."""
        workbook = Workbook()
        first = workbook.active
        assert isinstance(first, Worksheet)
        width = 2 + max((len(t.columns) for t in document.tables), default=1)
        sheets: list[Worksheet] = []
        row = _header(first, document, width)
        for index, table in enumerate(document.tables):
            sheet = first if index == 0 else workbook.create_sheet()
            sheet.title = _sheet_title(index, table.caption)
            row = _table(sheet, table, row + 1 if index == 0 else 1)
            sheets.append(sheet)
        last = sheets[-1] if sheets else first
        _signature(last, document, _notes(last, document, row + 1, width) + 1, width)
        for sheet in sheets or [first]:
            _page_setup(sheet, width)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _sheet_title(index: int, caption: str) -> str:
    """A sheet name Excel accepts (31 characters, none of ``[]:*?/\\``)."""
    return (re.sub(r"[\[\]:*?/\\]", " ", caption).strip() or f"Bảng {index + 1}")[:31]


def _put(sheet: Worksheet, row: int, first: int, last: int, value: str, font: Font) -> None:
    """A text in merged cells ``first..last`` of ``row``, centred."""
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = sheet.cell(row=row, column=first, value=safe_cell(value))
    cell.font = font
    cell.alignment = _CENTER


def _header(sheet: Worksheet, document: Document, width: int) -> int:
    """The two header columns (left: superior and organisation; right: the party and the place and date), then
    the title, subtitle and period; returns the last row used."""
    split = max(2, width // 2)
    left = [(document.superior_name.upper(), Font(name=_FONT, size=12))]
    left += [(document.org_name.upper(), Font(name=_FONT, size=12, bold=True)), ("*", Font(name=_FONT))]
    if document.reference:
        left.append((document.reference, Font(name=_FONT, size=12)))
    right = [(document.party_name, Font(name=_FONT, size=13, bold=True, underline="single"))]
    right.append((document.place_and_date, Font(name=_FONT, size=12, italic=True)))
    for offset, (text, font) in enumerate(left):
        _put(sheet, 1 + offset, 1, split, text, font)
    for offset, (text, font) in enumerate(right):
        _put(sheet, 1 + offset, split + 1, width, text, font)
    row = len(left) + 2
    _put(sheet, row, 1, width, document.title.upper(), Font(name=_FONT, size=14, bold=True))
    if document.subtitle:
        row += 1
        _put(sheet, row, 1, width, document.subtitle, Font(name=_FONT, size=13, bold=True))
    _put(sheet, row + 1, 1, width, document.period_label, Font(name=_FONT, size=12, italic=True))
    return row + 1


def _table(sheet: Worksheet, table: Table, row: int) -> int:
    """Caption, header (repeated on every printed page of the sheet), one row per ``Row``."""
    if table.caption:
        cell = sheet.cell(row=row, column=1, value=safe_cell(table.caption))
        cell.font = Font(name=_FONT, size=12, bold=True)
        row += 1
    heads = ["TT", table.label_header, *(c.label for c in table.columns)]
    for column, text in enumerate(heads, start=1):
        cell = sheet.cell(row=row, column=column, value=safe_cell(text))
        cell.font, cell.alignment, cell.border = Font(name=_FONT, size=11, bold=True), _CENTER, _BOX
    sheet.print_title_rows = f"{row}:{row}"
    longest = max((len(text or "") for text in heads[2:]), default=0)
    sheet.row_dimensions[row].height = 15 * (1 + longest // 11)  # wrapped labels in 12-character columns
    for number, line in numbered(table.rows):
        row += 1
        values: list[Cell] = [number, line.label, *(line.cells.get(c.key) for c in table.columns)]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=_value(value))
            cell.font, cell.border = Font(name=_FONT, size=11, bold=line.bold), _BOX
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
        sheet.cell(row=row, column=2).alignment = Alignment(indent=2 * line.level, wrap_text=True)
    return row + 1


def _value(value: Cell) -> Cell:
    """Numbers stay numbers; a percentage text ("17.50") becomes the number it says."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    out: Cell = safe_cell(value)
    return None if out == "" else out


def _notes(sheet: Worksheet, document: Document, row: int, width: int) -> int:
    for note in document.notes:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1, value=safe_cell(note))
        cell.font, cell.alignment = Font(name=_FONT, size=11), Alignment(wrap_text=True)
        row += 1
    return row


def _signature(sheet: Worksheet, document: Document, row: int, width: int) -> None:
    """Recipients on the left, "T/M …" / role / (room to sign) / name on the right."""
    split = max(2, width // 2)
    sign = document.signature
    lines = [sign.on_behalf.upper()] if sign.on_behalf else []
    lines += [sign.role_label.upper(), "", "", "", sign.name or ""]
    for offset, text in enumerate(lines):
        _put(sheet, row + offset, split + 1, width, text, Font(name=_FONT, size=12, bold=True))
    if document.recipients:
        sheet.cell(row=row, column=1, value="Nơi nhận:").font = Font(name=_FONT, size=11, bold=True, italic=True)
        for offset, text in enumerate(document.recipients, start=1):
            line = sheet.cell(row=row + offset, column=1, value=safe_cell(f"– {text}"))  # "-" would read as a formula
            line.font = Font(name=_FONT, size=10)


def _page_setup(sheet: Worksheet, width: int) -> None:
    """A4 (landscape past ``WIDE`` figure columns), fitted to one page wide (as many tall as needed), margins of
    a party document, page numbers in the footer."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if width - 2 > WIDE else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left, sheet.page_margins.right = 1.18, 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.8
    sheet.oddFooter.center.text = "Trang &P / &N"
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 38
    for column in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12
