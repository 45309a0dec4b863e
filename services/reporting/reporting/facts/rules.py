"""Pure rules of the aggregate store: months, metric kinds, a member's contribution, and the delta
accumulator that attributes a change to an organisation and all its ancestors. No I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from sys import intern
from typing import NamedTuple

import orjson

from shared.calendar import add_months, month_end

Contribution = Mapping[str, int]
Key = tuple[str, date, str]

# The birth-year histogram (``yob.1985``): up to a hundred keys in every upper-level row, so its name is short
# (a fact row small enough to stay out of TOAST is rewritten about twice as fast).
BIRTH_YEAR = "yob."
# Stocks: the value at a period's end is the sum of every monthly delta up to it. Everything else is a flow.
STOCK_PREFIXES = (
    "members.total",
    "members.status.",
    "members.gender.",
    "members.minority",
    BIRTH_YEAR,
    "members.temporarily_away",
    "members.transfer_pending",
    "c.",
    "orgs.active.",
    "orgs.unit.",
    "orgs.due.",
    "orgs.due_q.",
)

# Statuses that count in a branch's headcount (membership's ``counts_in_headcount``): a temporarily away
# member counts at home; a pending permanent transfer counts nowhere until received.
STANDINGS = frozenset({"probationary", "official", "exempt"})
HEADCOUNT = STANDINGS | {"temporarily_away"}
BRANCH_KINDS = frozenset({"branch", "grassroots_branch"})


# Which stream's consumer writes a metric: each family is its own fact row, so the consumers of different
# streams never wait for each other's row locks, and a meeting never rewrites the members' birth years.
FAMILIES = {
    "members": "membership",
    "yob": "membership",
    "orgs": "membership",
    "candidates": "membership",
    "badges": "membership",
    "dues": "membership",
    "c": "membership",
    "a": "membership",
    "meetings": "meetings",
    "attendance": "meetings",
    "resolutions": "meetings",
}


_KINDS: dict[str, tuple[str, bool]] = {}
"""Each metric's (family, is stock), computed once: metric names are few (a hundred birth years, a few dozen
others) and every delta of every batch asks (issue 13: ~8 % of a history batch's CPU went to asking again)."""


def metric_kind(metric: str) -> tuple[str, bool]:
    kind = _KINDS.get(metric)
    if kind is None:
        family = FAMILIES.get(metric.split(".", 1)[0], "inspection")
        kind = _KINDS[metric] = (family, metric.startswith(STOCK_PREFIXES))
    return kind


def encode_metrics(metrics: Mapping[str, int]) -> str:
    """``{metric: value}`` as compact JSON (values are the cells' integer sums). orjson (issue 13): the fact rows'
    JSON was ~8 % of a rebuild's Python, and quoting each name once and joining cost 4.4–5.5 µs a row where
    orjson costs 1.1–1.6 µs, the same text byte for byte (``json``'s C encoder was no faster than the join)."""
    return orjson.dumps(metrics if type(metrics) is dict else dict(metrics)).decode()


def family_of(metric: str) -> str:
    return metric_kind(metric)[0]


def is_stock(metric: str) -> bool:
    return metric_kind(metric)[1]


def month_of(day: date) -> date:
    return day.replace(day=1)


class MemberState(NamedTuple):
    """What reporting remembers of a member. A named tuple (immutable as the frozen dataclass it was): a rebuild
    builds four per member (its state, its dated history, its admission), and a frozen dataclass's ``__init__``
    sets its ten fields one ``object.__setattr__`` at a time (~5 % of the replay's Python, issue 13)."""

    org_id: str
    status: str
    standing: str | None
    gender: str
    minority: bool
    birth_date: date
    guest: bool = False
    version: int | None = None
    traits: tuple[tuple[str, str], ...] = ()
    """The member's categories the statistical forms count (``(dimension, code)``, sorted): ethnic group,
    general education, qualification, political theory, occupation, religion — as the last event stated them."""
    admission: tuple[str, date] | None = None
    """Where and when the member was admitted (organisation, decision's day), once an event said so: the
    admission's detail (``admission_detail``) is counted there, restated whenever the member's state changes."""


TRAITS = (
    "ethnic_group",
    "general_education",
    "professional_level",
    "political_theory",
    "occupation",
    "religion",
)
SHORT = {
    "ethnic_group": "eg",
    "general_education": "ge",
    "professional_level": "pl",
    "political_theory": "pt",
    "occupation": "oc",
    "religion": "rl",
}
"""Each dimension's short name in the metrics: upper-level fact rows hold every category's key, and a row small
enough to stay out of TOAST is rewritten about twice as fast (as the birth years' ``yob.``)."""
CATEGORY = "c."
"""Stocks of members per category (``c.rl.buddhism``); a member whose code is not stated adds none, so "not
stated" is the total less the stated ones, computed when a form is read."""
ADMITTED = "a."
"""An admission's detail, flows in the admission's period: ``a.g.female``, ``a.mi`` (ethnic minority),
``a.age.18_30``, ``a.oc.farmer`` (categories by their short names)."""


def category_metric(dimension: str, code: str) -> str:
    return f"{CATEGORY}{SHORT[dimension]}.{code}"


def admitted_metric(dimension: str, code: str) -> str:
    return f"{ADMITTED}{SHORT[dimension]}.{code}"


ADMISSION_AGE_BANDS = ((18, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 60), (61, 200))
"""Ages of new members in the admissions form: 18–30, then five-year bands to 60, then over 60."""


def admission_age_band(birth: date, on: date) -> str:
    """The band of the age reached on the admission decision's day (a flow: fixed when it happens)."""
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for low, high in ADMISSION_AGE_BANDS:
        if age <= high:
            return f"{max(low, 0)}_{high}" if high < 200 else "over_60"
    return "over_60"


def admission_detail(state: MemberState | None) -> dict[str, int]:
    """The admission's flows by the member's gender, minority, age on the decision's day and categories, from
    the member's state (none before an event said where and when the member was admitted)."""
    if state is None or state.admission is None or state.guest:
        return {}
    key = (state.gender, admission_age_band(state.birth_date, state.admission[1]), state.minority, state.traits)
    known = _DETAILS.get(key)
    if known is None:
        if len(_DETAILS) >= CONTRIBUTIONS_KEPT:
            _DETAILS.clear()
        gender, band, minority, traits = key
        out = {f"{ADMITTED}g.{gender}": 1, f"{ADMITTED}age.{band}": 1}
        if minority:
            out[f"{ADMITTED}mi"] = 1
        for dimension, code in traits:
            out[admitted_metric(dimension, code)] = 1
        known = _DETAILS[key] = {intern(metric): value for metric, value in out.items()}
    return dict(known)


_DETAILS: dict[tuple[str, str, bool, tuple[tuple[str, str], ...]], dict[str, int]] = {}
"""The admission details built so far, as ``_CONTRIBUTIONS`` (below) for the same reason."""


def restated_admission(old: MemberState | None, new: MemberState | None) -> list[tuple[str, date, dict[str, int]]]:
    """What moves in the admission's detail when the member's state goes from ``old`` to ``new``: (organisation,
    day, change) — nothing when neither the admission nor what its detail counts changed."""
    before, after = admission_detail(old), admission_detail(new)
    if old is not None and new is not None and old.admission == new.admission:
        change = diff(before, after)
        return [(new.admission[0], new.admission[1], change)] if change and new.admission else []
    out = []
    if old is not None and old.admission is not None and before:
        out.append((old.admission[0], old.admission[1], {k: -v for k, v in before.items()}))
    if new is not None and new.admission is not None and after:
        out.append((new.admission[0], new.admission[1], after))
    return out


def standing_after(status: str, previous_status: str | None, old: MemberState | None) -> str | None:
    """The member's own grade (probationary, official, exempt), kept while temporarily away or pending."""
    if status in STANDINGS:
        return status
    if previous_status in STANDINGS:
        return previous_status
    return old.standing if old is not None else None


PROBATION_MONTHS = 12
"""Điều lệ Đảng, Điều 5: probation lasts 12 months; recognition dates from its end (used when a member known to
be past probation comes without a recognition date)."""


def history_of(
    new: MemberState,
    on: date,
    admitted: date | None,
    recognised: date | None,
    probation_months: int = PROBATION_MONTHS,
) -> list[tuple[date, MemberState]]:
    """A member first seen by reporting, as dated states: probationary from the admission decision, official from
    recognition, at the member's organisation, then ``new`` from ``on`` (contract 2: a member imported in 2026
    with an admission of 1975 counts in 1975). Dates not before ``on`` add nothing: ``new`` already holds.
    A member past probation without a recognition date is taken as recognised when probation ended."""
    if new.guest:
        return [(on, new)]
    if recognised is None and admitted is not None and new.standing not in (None, "probationary"):
        recognised = add_months(admitted, probation_months)
    steps: list[tuple[date, MemberState]] = []
    if admitted is not None and admitted < on:
        steps.append((admitted, graded(new, "probationary")))
    if recognised is not None and recognised < on and (admitted is None or admitted <= recognised):
        steps.append((recognised, graded(new, "official")))
    return [*steps, (on, new)]


def admitted_at(state: MemberState, admission: tuple[str, date] | None) -> MemberState:
    """``replace(state, admission=admission)``, built directly (see ``graded``)."""
    s = state
    return MemberState(
        s.org_id, s.status, s.standing, s.gender, s.minority, s.birth_date, s.guest, s.version, s.traits, admission
    )


def graded(state: MemberState, grade: str) -> MemberState:
    """``replace(state, status=grade, standing=grade)``, built directly (``dataclasses.replace`` was 12 % of a
    rebuild's Python in py-spy: it walks the fields on every call)."""
    s = state
    return MemberState(
        s.org_id, grade, grade, s.gender, s.minority, s.birth_date, s.guest, s.version, s.traits, s.admission
    )


def is_stale(version: int | None, applied: MemberState | None) -> bool:
    """True when a member event's state is not newer than the one applied: its stocks change nothing (its flow
    still counts once). Events without a version (published before contract 2) keep the old behaviour."""
    return version is not None and applied is not None and applied.version is not None and version <= applied.version


def member_contribution(state: MemberState | None) -> dict[str, int]:
    """The stocks one member adds to their branch: headcount by standing, gender, minority and birth year.

    Age bands are derived at read time from the birth-year histogram, so they never drift with birthdays.
    """
    if state is None or state.guest:
        return {}
    if state.status == "transfer_pending":
        return {"members.transfer_pending": 1}
    if state.status not in HEADCOUNT:
        return {}
    key = (state.status, state.standing, state.gender, state.minority, state.birth_date.year, state.traits)
    known = _CONTRIBUTIONS.get(key)
    if known is None:
        if len(_CONTRIBUTIONS) >= CONTRIBUTIONS_KEPT:
            _CONTRIBUTIONS.clear()
        known = _CONTRIBUTIONS[key] = _counted_contribution(state)
    return dict(known)


CONTRIBUTIONS_KEPT = 20_000
_CONTRIBUTIONS: dict[tuple[str, str | None, str, bool, int, tuple[tuple[str, str], ...]], dict[str, int]] = {}
"""The contributions built so far, by what they depend on; copied out (callers may change theirs). Why (issue
13): a rebuild builds three per member (its dated history), each a handful of f-strings, and the metric names
of a fresh dict are new string objects every time — the cells they are summed into then compare keys by
content, scattered over the heap; with one object per name they compare by identity (the rebuild's write of
161,148 cells spent 1.2 s of CPU in orjson alone, ~7 µs a cell). Bounded: emptied when it holds
``CONTRIBUTIONS_KEPT`` (the shapes of a country's members repeat: standing, gender, birth year, categories)."""


def _counted_contribution(state: MemberState) -> dict[str, int]:
    out = {
        "members.total": 1,
        f"members.gender.{state.gender}": 1,
        f"{BIRTH_YEAR}{state.birth_date.year}": 1,
        f"members.status.{state.standing or state.status}": 1,
    }
    if state.minority:
        out["members.minority"] = 1
    for dimension, code in state.traits:
        out[category_metric(dimension, code)] = 1
    if state.status == "temporarily_away":
        out["members.temporarily_away"] = 1
    return {intern(metric): value for metric, value in out.items()}


def diff(old: Contribution, new: Contribution) -> dict[str, int]:
    """New minus old, without zeros."""
    out = dict(new)
    for k, v in old.items():
        out[k] = out.get(k, 0) - v
    return {k: v for k, v in out.items() if v}


def ancestors_in(path: str) -> list[str]:
    """The organisation ids on ``/root/…/self/``, root first, self last."""
    return [p for p in path.split("/") if p]


@dataclass
class Deltas:
    """Deltas accumulated in memory over a batch, per (organisation, month), written with one upsert."""

    cells: dict[tuple[str, date], dict[str, int]] = field(default_factory=dict)
    leaves: dict[tuple[str, date], dict[str, int]] = field(default_factory=dict)
    """Changes summed per (organisation's path, month) and not spread over the path yet (``hold``: a rebuild's,
    spread once when its staged sums are written)."""

    def add(self, org_ids: Iterable[str], month: date, contribution: Contribution, sign: int = 1) -> None:
        items = contribution.items() if sign == 1 else [(m, sign * v) for m, v in contribution.items()]
        cells = self.cells
        for org_id in org_ids:
            cell = cells.get((org_id, month))
            if cell is None:
                cell = cells[(org_id, month)] = {}
            for metric, value in items:
                cell[metric] = cell.get(metric, 0) + value

    def spread(self, leaves: dict[tuple[str, date], dict[str, int]]) -> None:
        """Add each ``(path, month)``'s summed changes to every organisation on the path (``/root/…/self/``), as
        ``add`` of each change on its path would. Summed level by level from the deepest: an upper level adds each
        of its children's merged cells once instead of every change below it (issue 13: a batch's changes spread
        one by one over 4–6 levels were ~11 % of a live consumer's CPU). Takes ``leaves``'s dicts over."""
        levels: dict[int, dict[tuple[str, date], dict[str, int]]] = {}
        for key, cell in leaves.items():
            levels.setdefault(key[0].count("/"), {})[key] = cell
        cells = self.cells
        # Each path split once into (organisation, parent's path), not once per month: slices are new strings,
        # hashed again and compared by content in every key (issue 13: ~12 % of a rebuild's write).
        splits: dict[str, tuple[str, str]] = {}
        while levels:
            depth = max(levels)
            upper = levels.setdefault(depth - 1, {}) if depth > 2 else None
            for (path, month), cell in levels.pop(depth).items():
                split = splits.get(path)
                if split is None:
                    cut = path.rindex("/", 0, -1) + 1
                    split = splits[path] = (path[cut:-1], path[:cut])
                key = (split[0], month)
                into = cells.get(key)
                if into is None:
                    cells[key] = cell
                else:
                    for metric, value in cell.items():
                        into[metric] = into.get(metric, 0) + value
                if upper is not None:
                    key = (split[1], month)
                    parent = upper.get(key)
                    if parent is None:
                        upper[key] = dict(cell)
                    else:
                        for metric, value in cell.items():
                            parent[metric] = parent.get(metric, 0) + value
            if upper is not None and not upper:
                del levels[depth - 1]

    def hold(self, leaves: dict[tuple[str, date], dict[str, int]]) -> None:
        """Keep ``leaves`` (``spread``'s argument) to be spread later, summed with those held already: what
        ``spread`` would add to every organisation on each path, once for many batches instead of once per batch
        (issue 13: a rebuild's spreading and summing of the upper levels' cells, batch after batch, was ~20 % of
        its CPU). Takes ``leaves``'s dicts over."""
        sum_into(self.leaves, leaves)

    def spread_held(self) -> None:
        """Spread what ``hold`` kept (``spread``)."""
        leaves, self.leaves = self.leaves, {}
        self.spread(leaves)

    def packed(self) -> list[tuple[str, date, str, dict[str, int]]]:
        """Non-zero changes per (organisation, month, family), in key order (concurrent writers then lock rows
        in one order and never deadlock)."""
        rows: dict[tuple[str, date, str], dict[str, int]] = {}
        for (org_id, month), cell in self.cells.items():
            for metric, value in cell.items():
                if value:
                    rows.setdefault((org_id, month, family_of(metric)), {})[metric] = value
        return [(o, m, f, rows[(o, m, f)]) for o, m, f in sorted(rows)]

    def with_years(self) -> list[PackedRow]:
        """``with_years(self.packed())`` in one pass over the cells (what a flush writes)."""
        return _without_zeros(self.rows_with_years())

    def rows_with_years(self) -> dict[tuple[str, date, str], dict[str, int]]:
        """The rows ``with_years`` writes, in no order and with the metrics a year's months cancelled still there
        (as zeros): what a rebuild stages, to be summed later (``store.merge_pending``)."""
        out: dict[tuple[str, date, str], dict[str, int]] = {}
        kinds = _KINDS
        for (org_id, month), cell in self.cells.items():
            # A cell's metrics are nearly always of one family (each stream's consumer writes its own): its row
            # and its year's row are looked up when the family changes, not for every metric (issue 13).
            family: str | None = None
            row: dict[str, int] = {}
            year: dict[str, int] | None = None
            for metric, value in cell.items():
                if not value:
                    continue
                kind = kinds.get(metric) or metric_kind(metric)
                if kind[0] is not family:
                    family, year = kind[0], None
                    found = out.get((org_id, month, family))
                    row = out[(org_id, month, family)] = {} if found is None else found
                row[metric] = value
                if kind[1]:
                    if year is None:
                        key = (org_id, month.replace(month=1, day=1), kind[0] + YEARLY)
                        year = out.get(key)
                        if year is None:
                            year = out[key] = {}
                    year[metric] = year.get(metric, 0) + value
        return out

    def flat(self) -> dict[Key, int]:
        """``{(organisation, month, metric): value}`` without zeros."""
        return {(o, m, k): v for o, m, _, metrics in self.packed() for k, v in metrics.items()}

    def clear(self) -> None:
        self.cells.clear()
        self.leaves.clear()


def copied_rows(cells: dict[tuple[str, date], dict[str, int]]) -> list[tuple[str, date, str, str]]:
    """``rows_with_years`` of ``cells`` without zeros or empty rows, each row's metrics encoded
    (``encode_metrics``): the records a rebuild's write copies, in no order. Takes the cells' dicts over.

    Why one pass (issue 13: the roll-ups and the records were ~11 % of a rebuild's CPU in py-spy): a cell's
    metrics are nearly always of one family and none zero, and then the cell *is* its monthly row — encoded as
    it stands instead of copied metric by metric into a row, keyed by (organisation, month, family), and walked
    again for zeros. Only the yearly roll-ups are summed metric by metric."""
    dumps = orjson.dumps
    kinds = _KINDS
    out: list[tuple[str, date, str, str]] = []
    years: dict[tuple[str, date, str], dict[str, int]] = {}
    januaries: dict[date, date] = {}
    for (org_id, month), cell in cells.items():
        family: str | None = None
        year: dict[str, int] | None = None
        plain = True  # one family, no zero
        for metric, value in cell.items():
            if not value:
                plain = False
                continue
            kind = kinds.get(metric) or metric_kind(metric)
            if kind[0] is not family:
                if family is not None:
                    plain = False
                family, year = kind[0], None
            if kind[1]:
                if year is None:
                    january = januaries.get(month)
                    if january is None:
                        january = januaries[month] = month.replace(month=1)
                    key = (org_id, january, family + YEARLY)
                    year = years.get(key)
                    if year is None:
                        year = years[key] = {}
                year[metric] = year.get(metric, 0) + value
        if plain:
            if family is not None:
                out.append((org_id, month, family, dumps(cell).decode()))
            continue
        rows: dict[str, dict[str, int]] = {}
        for metric, value in cell.items():
            if value:
                rows.setdefault(metric_kind(metric)[0], {})[metric] = value
        out += [(org_id, month, f, dumps(metrics).decode()) for f, metrics in rows.items()]
    for (org_id, january, family), metrics in years.items():
        if 0 in metrics.values():
            metrics = {k: v for k, v in metrics.items() if v}
            if not metrics:
                continue
        out.append((org_id, january, family, dumps(metrics).decode()))
    return out


def sum_into(
    total: dict[tuple[str, date], dict[str, int]], cells: dict[tuple[str, date], dict[str, int]]
) -> dict[tuple[str, date], dict[str, int]]:
    """Add ``cells`` to ``total`` metric by metric; a cell ``total`` lacks is taken over (not copied)."""
    if not total:
        total.update(cells)
        return total
    for key, cell in cells.items():
        into = total.get(key)
        if into is None:
            total[key] = cell
            continue
        for metric, value in cell.items():
            into[metric] = into.get(metric, 0) + value
    return total


YEARLY = "@y"
"""Suffix of the family of a yearly roll-up row (``membership@y`` on 1 January): the sum of that year's monthly
stock deltas, written with them, so a report reads one row per past year instead of twelve (decades of history
stay cheap to sum; see ``reports.queries.rows_for``). Only stocks: a report reads years before its period, where
flows do not count, so meetings' and inspection's rows (flows only) need no roll-up and cost nothing more."""

PackedRow = tuple[str, date, str, dict[str, int]]


def with_years(rows: Iterable[PackedRow]) -> list[PackedRow]:
    """The monthly rows and their stocks' yearly roll-ups, in key order (so concurrent writers lock rows in one
    order)."""
    out: dict[tuple[str, date, str], dict[str, int]] = {}
    for org_id, month, family, metrics in rows:
        out[(org_id, month, family)] = dict(metrics)
        stocks = {metric: value for metric, value in metrics.items() if is_stock(metric)}
        if not stocks:
            continue
        year = out.setdefault((org_id, month.replace(month=1, day=1), family + YEARLY), {})
        for metric, value in stocks.items():
            year[metric] = year.get(metric, 0) + value
    return _without_zeros(out)


def _without_zeros(rows: dict[tuple[str, date, str], dict[str, int]]) -> list[PackedRow]:
    """Rows in key order, without the metrics a year's months cancelled (nor rows left empty): written as the
    months were, whatever the batch's size."""
    out = []
    for key in sorted(rows):
        metrics = rows[key]
        if 0 in metrics.values():
            metrics = {k: v for k, v in metrics.items() if v}
        if metrics:
            out.append((*key, metrics))
    return out


@dataclass(frozen=True)
class Placement:
    """One row of the tree history: where an organisation stood from ``valid_from`` until ``valid_to``."""

    path: str
    valid_from: date
    valid_to: date | None


def placement_on(history: Sequence[Placement], on: date) -> str | None:
    return _placed(sorted(history, key=_valid_from, reverse=True), on)


def _valid_from(placement: Placement) -> date:
    return placement.valid_from


def _placed(latest_first: Iterable[Placement], on: date) -> str | None:
    for row in latest_first:
        if row.valid_from <= on and (row.valid_to is None or row.valid_to > on):
            return row.path
    return None


@dataclass(frozen=True)
class OrgHistory:
    """An organisation's placements, where it stands now, and the unit it was merged into (if it was).

    Placements are sorted once, and the placement at each month's end is remembered: the object lives in the
    consumer's tree cache across batches, and sorting on every lookup was 11 % of a consumer's CPU (issue 13)."""

    placements: Sequence[Placement]
    current: str | None
    merged_into: str | None = None
    latest_first: tuple[Placement, ...] = field(init=False, repr=False, compare=False)
    month_ends: dict[tuple[int, int], str | None] = field(init=False, repr=False, compare=False)
    fixed: str | None = field(init=False, repr=False, compare=False)
    """The path every date is attributed to (``attribution_path``), when it is one whatever the date: a unit
    that never moved, closed or merged (one open placement, its current path). None otherwise."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "latest_first", tuple(sorted(self.placements, key=_valid_from, reverse=True)))
        object.__setattr__(self, "month_ends", {})
        object.__setattr__(self, "fixed", _fixed_path(self))

    def at_month_end(self, on: date) -> str | None:
        """Where it stood at the end of ``on``'s month."""
        key = (on.year, on.month)
        try:
            return self.month_ends[key]
        except KeyError:
            path = self.month_ends[key] = _placed(self.latest_first, month_end(on))
            return path


def _fixed_path(history: OrgHistory) -> str | None:
    """Why one path serves every date (issue 13: ``attribution_path`` per attribution was ~7 % of a rebuild's
    CPU, its members' events dated over decades): with one placement open since ``valid_from`` and the unit
    where it stands now, a date whose month ends on or after ``valid_from`` is placed there, and an earlier one
    is placed nowhere and falls back to the current path, the same one."""
    if history.merged_into is not None or history.current is None:
        return None
    if not history.placements:
        return history.current
    if len(history.placements) == 1:
        only = history.placements[0]
        if only.valid_to is None and only.path == history.current:
            return only.path
    return None


def attribution_path(
    history: OrgHistory,
    on: date,
    successor: Callable[[str], str | None] | None = None,
) -> str | None:
    """Where an event dated ``on`` counts: the placement at the end of its month, so a re-parenting moves a
    whole month at once (consistent with moving the subtree's totals from that month on). A unit merged away
    by then counts in its successor (which took its totals from that month on); failing that, the placement on
    the day (a unit closed within the month), then the current one (an event dated before establishment)."""
    if history.fixed is not None:
        return history.fixed
    path = history.at_month_end(on)
    if path is None and history.merged_into and successor is not None:
        path = successor(history.merged_into)
    return path or _placed(history.latest_first, on) or history.current


def transfer_deltas(
    source_rows: Iterable[tuple[date, str, int]], month: date, leave: Sequence[str], join: Sequence[str]
) -> Deltas:
    """Move a subtree's totals from ``month`` on from the ``leave`` organisations to the ``join`` ones.

    ``source_rows`` are the subtree root's own (month, metric, value) rows. Flows and stocks of ``month`` and
    later move as they are; a stock's cumulative value before ``month`` is carried at ``month`` so the old
    ancestors stop counting it and the new ones start. Organisations in both lists are untouched.
    """
    leave_only = [o for o in leave if o not in join]
    join_only = [o for o in join if o not in leave]
    moved: dict[str, dict[date, int]] = {}
    for row_month, metric, value in source_rows:
        target = row_month if row_month >= month else month
        if row_month < month and not is_stock(metric):
            continue
        per_month = moved.setdefault(metric, {})
        per_month[target] = per_month.get(target, 0) + value
    deltas = Deltas()
    for metric, per_month in moved.items():
        for row_month, value in per_month.items():
            deltas.add(leave_only, row_month, {metric: value}, -1)
            deltas.add(join_only, row_month, {metric: value}, 1)
    return deltas
