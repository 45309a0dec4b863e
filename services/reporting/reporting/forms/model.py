"""What a statistical form is (code, title, columns, groups of rows, source) and how it is filled. Pure: totals in,
numbers out.

A row is a measure of one period's totals (``reports.figures.Totals``, the same sums every report reads): a stock
at the period's end, a flow within it, a stock at the end of the month before it (the opening of a movement
form), members of an age band, or the members whose category is not stated. A column is either a measure of a
period (this period, the same period a year before) or a share/ratio of two other columns, so a form is filled
from the figures of reporting and from nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reporting.facts.rules import ADMITTED, CATEGORY, SHORT
from reporting.reports.figures import Totals, age_bands, percent
from shared.calendar import Period, add_months, add_years

Words = Mapping[str, str]
"""A label in every language the API speaks (``{"vi": …, "en": …}``)."""
Cell = int | Decimal | None


@dataclass(frozen=True)
class Reading:
    """One period's totals, and the totals at the end of the month before it (a movement form's opening)."""

    period: Period
    totals: Totals | None
    opening: Totals | None = None


Measure = Callable[[Reading], int | None]
"""A row's value in one period; None when unknown (the opening of a period the data does not reach)."""


def stock(*metrics: str) -> Measure:
    return lambda r: sum(r.totals.stock(m) for m in metrics) if r.totals else 0


def flow(*metrics: str) -> Measure:
    return lambda r: sum(r.totals.flow(m) for m in metrics) if r.totals else 0


def opening(*metrics: str) -> Measure:
    return lambda r: sum(r.opening.stock(m) for m in metrics) if r.opening else None


def age_band(name: str) -> Measure:
    """Members of an age band at the period's end (from the birth-year stocks, as the summary's bands)."""
    return lambda r: age_bands(r.totals.stocks, r.period.end)[name] if r.totals else 0


def not_stated(dimension: str, admissions: bool = False) -> Measure:
    """Members at the period's end (or admissions in it) whose ``dimension`` no event stated: the total less the
    stated ones."""
    if admissions:
        stated = f"{ADMITTED}{SHORT[dimension]}."
        return lambda r: (
            r.totals.flow("members.admitted") - sum(v for k, v in r.totals.flows.items() if k.startswith(stated))
            if r.totals
            else 0
        )
    prefix = f"{CATEGORY}{SHORT[dimension]}."
    return lambda r: (
        r.totals.stock("members.total") - sum(v for k, v in r.totals.stocks.items() if k.startswith(prefix))
        if r.totals
        else 0
    )


@dataclass(frozen=True)
class Row:
    key: str
    label: Words
    measure: Measure
    level: int = 1
    """Indent: 0 a heading with its own figure, 1 a row, 2 a row "of which"."""


@dataclass(frozen=True)
class Group:
    key: str
    label: Words
    rows: Sequence[Row]


@dataclass(frozen=True)
class Column:
    key: str
    label: Words
    of: str = "current"
    """``current``/``previous_year``: the measure of that period; ``share``: the row's ``current`` in percent of
    the form's ``base`` row; ``ratio``: ``current`` in percent of ``previous_year``."""


@dataclass(frozen=True)
class Source:
    regulation: str
    form: str
    verified: bool
    note: str


@dataclass(frozen=True)
class Form:
    code: str
    title: Words
    source: Source
    columns: Sequence[Column]
    groups: Sequence[Group]
    base: str = "total"
    """The row the ``share`` column divides by."""

    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    def periods(self) -> set[str]:
        """The periods whose totals the form reads: this one, and the year before's when a column compares."""
        compares = any(c.of in ("previous_year", "ratio") for c in self.columns)
        return {"current", "previous_year"} if compares else {"current"}


COMPARED = (
    Column("current", {"vi": "Kỳ này", "en": "This period"}),
    Column("previous_year", {"vi": "Cùng kỳ năm trước", "en": "Same period last year"}, "previous_year"),
    Column("ratio", {"vi": "Kỳ này so với cùng kỳ năm trước (%)", "en": "This period against last year (%)"}, "ratio"),
)
"""The columns of the movement forms: this period, the same period a year before, and the first in percent of the
second (the forms' column 4 = 2 × 100 / 3)."""
STRUCTURE = (
    Column("current", {"vi": "Số lượng", "en": "Number"}),
    Column("share", {"vi": "Tỷ lệ so với tổng số (%)", "en": "Share of the total (%)"}, "share"),
)
"""The columns of the structure forms: the number at the period's end and its share of the total."""


def previous_year(period: Period) -> Period:
    return Period(add_years(period.start, -1), add_years(period.end, -1))


def opening_period(period: Period) -> Period:
    """The month before the period: its stocks at the end are the period's opening."""
    return Period.month_of(add_months(period.start, -1))


@dataclass(frozen=True)
class FilledRow:
    key: str
    label: Words
    level: int
    values: dict[str, Cell]


@dataclass(frozen=True)
class FilledGroup:
    key: str
    label: Words
    rows: list[FilledRow] = field(default_factory=list)


def fill(form: Form, readings: Mapping[str, Reading]) -> list[FilledGroup]:
    """Every row's value in every column. A column whose period has no data (``totals`` None) is null."""
    base = next((r for r in form.rows() if r.key == form.base), None)
    out = []
    for group in form.groups:
        rows = [FilledRow(r.key, r.label, r.level, _cells(form, r, base, readings)) for r in group.rows]
        out.append(FilledGroup(group.key, group.label, rows))
    return out


def _cells(form: Form, row: Row, base: Row | None, readings: Mapping[str, Reading]) -> dict[str, Cell]:
    def measured(measure: Measure, of: str) -> int | None:
        reading = readings.get(of)
        return measure(reading) if reading is not None and reading.totals is not None else None

    values: dict[str, Cell] = {}
    for column in form.columns:
        if column.of == "ratio":
            values[column.key] = percent(measured(row.measure, "current"), measured(row.measure, "previous_year"))
        elif column.of == "share":
            whole = measured(base.measure, "current") if base else None
            values[column.key] = percent(measured(row.measure, "current"), whole)
        else:
            values[column.key] = measured(row.measure, column.of)
    return values
