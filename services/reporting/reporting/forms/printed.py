"""A filled statistical form as a printable party document: one table per group of the form (its rows and
columns as the JSON gives them), the header and signature block of every printed report, and the form's source in
the notes. Pure; printed forms are in Vietnamese whatever the reader's language (fill the form in ``vi``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reporting.printing.documents import Heading, party_document
from reporting.printing.layout import Column, Document, Row, Table

if TYPE_CHECKING:
    from reporting.forms.api import FilledForm


def form_document(filled: FilledForm, head: Heading) -> Document:
    """The form's groups as tables (a group's total or heading rows bold), every cell the JSON form's."""
    columns = [Column(c.key, c.label) for c in filled.columns]
    tables = [
        Table(
            group.label,
            columns,
            [Row(r.label, dict(r.values), level=r.level, bold=r.level == 0) for r in group.rows],
            label_header="Chỉ tiêu",
        )
        for group in filled.groups
    ]
    document = party_document(head, filled.title, filled.source.form, tables)
    source = f"Nguồn: {filled.source.form} theo {filled.source.regulation}."
    return replace(document, notes=[*document.notes, source])
