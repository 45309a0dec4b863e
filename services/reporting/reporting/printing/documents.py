"""The printed documents of reporting, built from the report API's figures (pure: figures in, ``Document`` out).
The periodic report (the summary and the breakdown by the organisations directly under the node), the year's
classification result and the admissions report. Every figure is the one the JSON report gives for the same
node and period, so a printed copy can be checked against the API."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reporting.printing.labels import COMMITTEE, GRADES, LABELS, SECTIONS
from reporting.printing.layout import Cell, Column, Document, Row, Signature, Table

Figures = Mapping[str, Cell]


@dataclass(frozen=True)
class Heading:
    """What every document of a node says around its figures."""

    org_name: str
    org_kind: str
    superior_name: str
    period_label: str
    issued: date
    place: str = ""
    signer: str | None = None
    last_event_at: datetime | None = None
    no_data: str | None = None


@dataclass(frozen=True)
class Child:
    name: str
    figures: Figures


def party_document(head: Heading, title: str, subtitle: str, tables: list[Table]) -> Document:
    """A document of the node in the party's layout: the header, the tables, the notes (no data, freshness), the
    committee's signature and the recipients (reports and statistical forms alike)."""
    issued = f"ngày {head.issued.day:02d} tháng {head.issued.month:02d} năm {head.issued.year}"
    notes = [f"Ghi chú: {head.no_data}"] if head.no_data else []
    if head.last_event_at:
        notes.append(f"Số liệu cập nhật đến {head.last_event_at:%H:%M ngày %d/%m/%Y} (UTC).")
    return Document(
        title=title,
        subtitle=subtitle,
        org_name=head.org_name,
        superior_name=head.superior_name,
        period_label=head.period_label,
        place_and_date=f"{head.place}, {issued}" if head.place else issued.capitalize(),
        tables=tables,
        notes=notes,
        signature=Signature("Bí thư", head.signer, on_behalf=f"T/M {COMMITTEE.get(head.org_kind, 'Cấp ủy')}"),
        recipients=["Cấp ủy cấp trên (để báo cáo)", "Lưu Văn phòng cấp ủy"],
    )


def _by_children(
    caption: str, head: Heading, total: Figures, children: Sequence[Child], labels: Mapping[str, str]
) -> Table:
    """One row per organisation directly under the node (columns: ``labels``' keys), after a bold row for the
    node itself."""
    keys = list(labels)
    columns = [Column(k, label) for k, label in labels.items()]
    rows = [Row(f"Toàn {head.org_name}", {k: total.get(k) for k in keys}, bold=True)]
    rows += [Row(c.name, {k: c.figures.get(k) for k in keys}, level=1) for c in children]
    return Table(caption, columns, rows, label_header="Tổ chức đảng")


def _labels(keys: list[str]) -> dict[str, str]:
    return {k: LABELS[k] for k in keys}


CHILD_KEYS = ["members_total", "admissions", "regular_meeting_rate", "attendance_rate"]


def report_document(head: Heading, figures: Figures, children: Sequence[Child]) -> Document:
    """The periodic report: every section of the summary, then the organisations directly under the node."""
    rows: list[Row] = []
    for heading, keys in SECTIONS:
        rows.append(Row(heading, bold=True))
        rows += [Row(LABELS[k], {"value": figures.get(k)}, level=1) for k in keys]
    summary = Table("A. Tổng hợp", [Column("value", "Số liệu")], rows, label_header="Chỉ tiêu")
    breakdown = _by_children("B. Theo tổ chức đảng trực thuộc", head, figures, children, _labels(CHILD_KEYS))
    subtitle = "Tình hình đảng viên, tổ chức đảng và sinh hoạt chi bộ"
    return party_document(head, "Báo cáo", subtitle, [summary, breakdown] if children else [summary])


def classification_document(head: Heading, figures: Figures, children: Sequence[Child]) -> Document:
    """The year's classification result: organisations and members by grade (count and share), then by
    organisation directly under the node."""
    columns = [Column(k, label) for k, label in (("org", "Tổ chức đảng"), ("org_pct", "Tỷ lệ (%)"))]
    columns += [Column(k, label) for k, label in (("member", "Đảng viên"), ("member_pct", "Tỷ lệ (%)"))]
    rows = [Row("Tổng số được đánh giá, xếp loại", _grade_cells(figures, "total"), bold=True)]
    rows += [Row(label, _grade_cells(figures, grade), level=1) for grade, label in GRADES]
    result = Table("I. Kết quả xếp loại", columns, rows, label_header="Mức xếp loại")
    labels = {"classification_member_total": "Đảng viên được xếp loại"}
    labels |= {f"classification_member_{g}": short for (g, _), short in zip(GRADES, _SHORT, strict=True)}
    by_child = _by_children("II. Xếp loại đảng viên theo tổ chức trực thuộc", head, figures, children, labels)
    subtitle = "Kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên"
    return party_document(head, "Báo cáo", subtitle, [result, by_child] if children else [result])


_SHORT = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
"""The abbreviations committees print in narrow columns (hoàn thành xuất sắc / tốt / hoàn thành / không)."""


def _grade_cells(figures: Figures, grade: str) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for kind in ("org", "member"):
        cells[kind] = figures.get(f"classification_{kind}_{grade}")
        if grade != "total":
            cells[f"{kind}_pct"] = figures.get(f"classification_{kind}_{grade}_pct")
    return cells


ADMISSION_KEYS = [
    "candidates_introduced",
    "candidates_class_completed",
    "candidates_branch_voted",
    "candidates_decided",
    "admissions",
    "recognitions",
    "candidates_withdrawn",
]


def admissions_document(
    head: Heading, figures: Figures, children: Sequence[Child], target: Cell = None, so_far: Cell = None
) -> Document:
    """The admissions report: the pipeline of the period and, when the organisation set one, the year's
    admission target against the admissions of the year so far; then admissions by organisation under it."""
    rows = [Row(LABELS[k], {"value": figures.get(k)}) for k in ADMISSION_KEYS]
    if target is not None:
        rows.append(Row("Chỉ tiêu kết nạp của năm", {"value": target}, bold=True))
        rows.append(Row("Đã kết nạp từ đầu năm", {"value": so_far}, bold=True))
    pipeline = Table("I. Công tác phát triển đảng viên", [Column("value", "Số liệu")], rows, label_header="Nội dung")
    keys = ["candidates_introduced", "admissions", "recognitions", "members_total"]
    by_child = _by_children("II. Theo tổ chức đảng trực thuộc", head, figures, children, _labels(keys))
    subtitle = "Kết quả công tác kết nạp đảng viên"
    return party_document(head, "Báo cáo", subtitle, [pipeline, by_child] if children else [pipeline])


_ROMAN = ("I", "II", "III", "IV")


def period_words(start: date, end: date) -> str:
    """A period as a party report names it: "Năm 2026", "6 tháng đầu năm 2026", "Quý III năm 2026", "Tháng 7
    năm 2026", or "Từ tháng 6/2021 đến tháng 3/2024"."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if start.year == end.year:
        if months == 12:
            return f"Năm {start.year}"
        if months == 6 and start.month in (1, 7):
            return f"6 tháng {'đầu' if start.month == 1 else 'cuối'} năm {start.year}"
        if months == 3 and start.month % 3 == 1:
            return f"Quý {_ROMAN[start.month // 3]} năm {start.year}"
        if months == 1:
            return f"Tháng {start.month} năm {start.year}"
    return f"Từ tháng {start.month}/{start.year} đến tháng {end.month}/{end.year}"
