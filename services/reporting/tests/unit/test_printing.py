"""The print path on its own: the PDF holds every Vietnamese letter as typed (read back with pdftotext), a
table longer than a page repeats its header on every page, pages are numbered, markup in a name prints as
written; the XLSX holds the same figures as numbers, with the header merged and the print setup of A4."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporting.printing.documents import Heading, admissions_document, period_words
from reporting.printing.layout import Column, Document, Row, Signature, Table, vi_cell
from reporting.printing.pdf import TypstRenderer
from reporting.printing.render import default_printer
from reporting.printing.xlsx import XlsxRenderer
from shared.testing.tools import needs_poppler

_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
LETTERS = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES] + ["đ"]
ALPHABET = " ".join(LETTERS) + " " + " ".join(x.upper() for x in LETTERS)


def _document(rows: int) -> Document:
    lines = [Row("Toàn Đảng bộ", {"members": 12345, "share": "17.50"}, bold=True)]
    lines += [Row(f"Chi bộ ấp Ngữ {i}", {"members": i * 7, "share": "3.25"}, level=1) for i in range(rows)]
    table = Table(
        "I. Đảng viên", [Column("members", "Đảng viên"), Column("share", "Tỷ lệ (%)")], lines, label_header="Đơn vị"
    )
    return Document(
        title="Báo cáo",
        subtitle=ALPHABET,
        org_name="Huyện ủy #strong[Xuân] Lộc $x$",
        superior_name="Đảng bộ tỉnh Đồng Nai",
        period_label="Năm 2026 — " + ALPHABET,
        place_and_date="Xuân Lộc, ngày 01 tháng 12 năm 2026",
        tables=[table],
        signature=Signature("Bí thư", "Nguyễn Thị Ngữ", on_behalf="T/M Ban Thường vụ"),
        notes=[ALPHABET],
        recipients=["Ban Tổ chức Tỉnh ủy"],
    )


def _pdftotext(pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, check=True, text=True)
    return unicodedata.normalize("NFC", out.stdout)


def test_vi_cell_prints_numbers_the_vietnamese_way() -> None:
    assert [vi_cell(v) for v in (12345, 0, "17.50", Decimal("1234.5"), None, "x", "-3.25")] == [
        "12.345",
        "0",
        "17,50",
        "1.234,5",
        "",
        "x",
        "-3,25",
    ]


@needs_poppler
def test_pdf_holds_every_vietnamese_letter_in_every_style(tmp_path: Path) -> None:
    text = _pdftotext(TypstRenderer().render(_document(3)), tmp_path)
    for letter in LETTERS + [x.upper() for x in LETTERS]:
        # subtitle (bold), period (italic), notes (regular): each holds the whole alphabet once
        assert text.count(letter) >= 3, letter
    assert "HUYỆN ỦY #STRONG[XUÂN] LỘC $X$" in " ".join(text.split())  # markup in a name prints as written
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "T/M BAN THƯỜNG VỤ" in text
    assert "Nguyễn Thị Ngữ" in text


@needs_poppler
def test_a_long_table_breaks_across_pages_with_its_header_repeated(tmp_path: Path) -> None:
    pdf = TypstRenderer().render(_document(120))
    pages = _pdftotext(pdf, tmp_path).split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Trang {number} / {len(pages)}" in page
        assert "Đơn vị" in page
        assert "Tỷ lệ (%)" in page
    layout = _pdftotext(pdf, tmp_path, "-layout")
    for i in range(120):
        assert f"Chi bộ ấp Ngữ {i} " in layout
        assert vi_cell(i * 7) in layout
    assert "12.345" in layout
    assert "17,50" in layout


def test_xlsx_holds_the_same_figures_as_numbers_in_the_print_layout() -> None:
    sheet = load_workbook(io.BytesIO(XlsxRenderer().render(_document(40)))).active
    assert sheet is not None
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells
    assert "BÁO CÁO" in cells
    assert "T/M BAN THƯỜNG VỤ" in cells
    assert any(str(r).startswith(f"{cells['BÁO CÁO'].coordinate}:") for r in sheet.merged_cells.ranges)
    header = cells["Đơn vị"].row
    assert sheet.print_title_rows == f"${header}:${header}"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # 9: A4
    rows = list(sheet.iter_rows(min_row=header + 1, max_row=header + 41, values_only=True))
    assert rows[0][1:4] == ("Toàn Đảng bộ", 12345, 17.5)
    assert [(r[1], r[2], r[3]) for r in rows[1:]] == [(f"Chi bộ ấp Ngữ {i}", i * 7, 3.25) for i in range(40)]


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2026-01-01", "2026-12-31", "Năm 2026"),
        ("2026-01-01", "2026-06-30", "6 tháng đầu năm 2026"),
        ("2026-07-01", "2026-12-31", "6 tháng cuối năm 2026"),
        ("2026-07-01", "2026-09-30", "Quý III năm 2026"),
        ("2026-07-01", "2026-07-31", "Tháng 7 năm 2026"),
        ("2021-06-01", "2024-03-31", "Từ tháng 6/2021 đến tháng 3/2024"),
        ("2026-02-01", "2026-04-30", "Từ tháng 2/2026 đến tháng 4/2026"),
    ],
)
def test_periods_are_named_as_party_reports_name_them(start: str, end: str, words: str) -> None:
    assert period_words(date.fromisoformat(start), date.fromisoformat(end)) == words


@pytest.mark.parametrize(
    ("kind", "on_behalf"),
    [("province", "T/M Ban Thường vụ Tỉnh ủy"), ("grassroots_committee", "T/M Đảng ủy"), ("branch", "T/M Chi ủy")],
)
def test_the_committee_of_the_organisation_signs(kind: str, on_behalf: str) -> None:
    head = Heading("Chi bộ thôn 1", kind, "Đảng bộ xã Ea Kly", "Năm 2026", date(2026, 12, 1), place="Krông Pắc")
    document = admissions_document(head, {"admissions": 3}, [])
    assert (document.signature.on_behalf, document.signature.role_label) == (on_behalf, "Bí thư")
    assert document.place_and_date == "Krông Pắc, ngày 01 tháng 12 năm 2026"
    assert [t.caption for t in document.tables] == ["I. Công tác phát triển đảng viên"]  # no children: no table


async def test_the_injected_printer_renders_every_format_with_its_type() -> None:
    printer = default_printer()
    for fmt, magic in (("pdf", b"%PDF-"), ("xlsx", b"PK")):
        response = await printer.response(_document(2), fmt, None)
        assert bytes(response.body).startswith(magic)
        assert response.headers["content-disposition"] == f'attachment; filename="bao-cao.{fmt}"'


@needs_poppler
def test_a_table_of_many_columns_is_printed_on_landscape_pages(tmp_path: Path) -> None:
    columns = [Column(f"c{i}", f"Cột {i}") for i in range(9)]
    wide = Table("Rộng", columns, [Row("Chi bộ", {f"c{i}": 1000 * i for i in range(9)})])
    document = replace(_document(1), tables=[wide])
    path = tmp_path / "wide.pdf"
    path.write_bytes(TypstRenderer().render(document))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info  # landscape: wider than tall
    assert "8.000" in _pdftotext(path.read_bytes(), tmp_path, "-layout")
    sheet = load_workbook(io.BytesIO(XlsxRenderer().render(document))).active
    assert sheet is not None
    assert sheet.page_setup.orientation == "landscape"
    narrow = load_workbook(io.BytesIO(XlsxRenderer().render(_document(1)))).active
    assert narrow is not None
    assert narrow.page_setup.orientation == "portrait"


def test_each_table_has_its_own_sheet_and_printed_header_and_the_last_one_the_signature() -> None:
    second = Table("II. Theo tổ chức [trực thuộc]", [Column("n", "Số")], [Row("Chi bộ A", {"n": 4})], "Tổ chức")
    document = replace(_document(3), tables=[_document(3).tables[0], second])
    book = load_workbook(io.BytesIO(XlsxRenderer().render(document)))
    first, other = book.worksheets
    assert (first.title, other.title) == ("I. Đảng viên", "II. Theo tổ chức  trực thuộc")
    assert other.print_title_rows == "$2:$2"  # its own header row, under its caption
    texts = [[c for c in row if isinstance(c, str)] for row in other.iter_rows(values_only=True)]
    assert ["Chi bộ A"] in texts
    assert any("T/M BAN THƯỜNG VỤ" in t for t in texts)
    assert not any(
        "T/M BAN THƯỜNG VỤ" in c for row in first.iter_rows(values_only=True) for c in row if isinstance(c, str)
    )
