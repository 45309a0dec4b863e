"""From monthly deltas to the figures of a period. Pure: rows in, numbers out.

Flows sum their months inside the period; stocks sum every month up to the period's end. Requirements that
recur (a regular meeting per branch and month, a thematic one per branch and quarter) sum the stock of active
branches at each month's (quarter's) end, for the months (the calendar quarters wholly inside the period) that
have ended by the day asked (``due_by``): a month still running owes nothing yet, as in meetings' compliance.
Percentages come from counts, to two decimals, half up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from reporting.facts.rules import BIRTH_YEAR, is_stock
from shared.calendar import Period

Value = int | Decimal | None
BRANCH_STOCKS = ("orgs.due.branch", "orgs.due.grassroots_branch")
"""Branches owing a month's meetings: active throughout the month (``shared.calendar.active_throughout``)."""
QUARTER_STOCKS = ("orgs.due_q.branch", "orgs.due_q.grassroots_branch")
"""Branches owing a quarter's thematic meeting (active throughout it), read at each quarter's first month."""
REGULAR_MET = "meetings.regular_branch_months"
THEMATIC_MET = "meetings.thematic_branch_quarters"
MONTHLY = [*BRANCH_STOCKS, *QUARTER_STOCKS, REGULAR_MET, THEMATIC_MET]
"""The metrics ``totals`` needs month by month (what meetings require and cover); the others only summed."""
AGE_BANDS = (
    ("age_under_30", 0, 29),
    ("age_30_40", 30, 40),
    ("age_41_50", 41, 50),
    ("age_51_60", 51, 60),
    ("age_over_60", 61, 200),
)
MEETING_GRADES = ("good", "fair", "average", "poor")
MEMBER_MEASURES = ("reprimand", "warning", "removal_from_post", "expulsion")
ORG_MEASURES = ("reprimand", "warning", "dissolution")
CLASS_GRADES = ("excellent", "good", "completed", "not_completed")

FLOW_FIGURES = {
    "admissions": "members.admitted",
    "recognitions": "members.recognised",
    "registrations": "members.registered",
    "transfers_in": "members.transferred_in",
    "transfers_out": "members.transferred_out",
    "removals": "members.removed",
    "resignations": "members.resigned",
    "expulsions": "members.expelled",
    "deaths": "members.died",
    "exemptions": "members.exempted",
    "restorations": "members.restored",
    "absence_alerts": "members.absence_alerts",
    **{
        f"candidates_{c}": f"candidates.{c}"
        for c in ("introduced", "class_completed", "branch_voted", "decided", "withdrawn")
    },
    "meetings_held": "meetings.held",
    "regular_meetings_held": "meetings.regular_held",
    "thematic_meetings_held": "meetings.thematic_held",
    "meetings_cancelled": "meetings.cancelled",
    "attendance_expected": "attendance.expected",
    "attendance_present": "attendance.present",
    "meetings_attendance_90": "meetings.attendance_90",
    "meetings_superior_attended": "meetings.superior_attended",
    "meetings_short": "meetings.short",
    "meetings_good": "meetings.good",
    "meetings_materials_missing": "meetings.materials_missing",
    "meetings_with_resolution": "meetings.with_resolution",
    "meetings_notified_late": "meetings.notified_late",
    "meetings_evaluated": "meetings.evaluated",
    "resolutions_adopted": "resolutions.adopted",
    "inspections_opened": "inspections.opened",
    "inspections_concluded": "inspections.concluded",
    "inspection_violations": "inspections.violations",
    "disciplines": "discipline.total",
    "badges_awarded": "badges.awarded",
    "dues_collected": "dues.collected",
    "dues_due": "dues.due",
    "dues_received": "dues.received",
    "dues_retained": "dues.retained",
    "dues_remitted": "dues.remitted",
    "dues_arrears_members": "dues.arrears_members",
    "appeals_lodged": "appeals.lodged",
    "appeals_upheld": "appeals.upheld",
    "appeals_reduced": "appeals.reduced",
    "appeals_annulled": "appeals.annulled",
    **{f"meetings_grade_{g}": f"meetings.grade.{g}" for g in MEETING_GRADES},
    **{f"discipline_member_{m}": f"discipline.member.{m}" for m in MEMBER_MEASURES},
    **{f"discipline_org_{m}": f"discipline.org.{m}" for m in ORG_MEASURES},
    **{f"classification_{t}_{g}": f"classification.{t}.{g}" for t in ("org", "member") for g in CLASS_GRADES},
}
STOCK_FIGURES = {
    "members_total": "members.total",
    "members_probationary": "members.status.probationary",
    "members_official": "members.status.official",
    "members_exempt": "members.status.exempt",
    "members_temporarily_away": "members.temporarily_away",
    "members_transfer_pending": "members.transfer_pending",
    "members_male": "members.gender.male",
    "members_female": "members.gender.female",
    "members_ethnic_minority": "members.minority",
    "branches": "orgs.active.branch",
    "grassroots_branches": "orgs.active.grassroots_branch",
    "grassroots_committees": "orgs.active.grassroots_committee",
}


@dataclass
class Totals:
    flows: dict[str, int] = field(default_factory=dict)
    stocks: dict[str, int] = field(default_factory=dict)
    stock_month_sums: dict[str, int] = field(default_factory=dict)
    stock_quarter_sums: dict[str, int] = field(default_factory=dict)

    def flow(self, metric: str) -> int:
        return self.flows.get(metric, 0)

    def stock(self, metric: str) -> int:
        return self.stocks.get(metric, 0)


def totals(
    rows: Iterable[tuple[date, str, int]],
    period: Period,
    due_by: date | None = None,
    base: Mapping[str, int] | None = None,
) -> Totals:
    """``rows`` are (month, metric, value) deltas of one organisation up to the period's last month (months
    before the period may be pre-summed into any month before it). ``due_by``: the day up to which months and
    quarters owe their meetings (None: all of them). ``base``: stock sums dated before the period (the kept sums
    of past years), the same as rows of a month before it, added in one step."""
    out = Totals()
    stocks, flows = out.stocks, out.flows
    per_month: dict[str, dict[date, int]] = {}
    first, last = period.start, period.last_month_start
    months, due_months, thematic_months, quarter_starts = _calendar(period, due_by)
    kinds = _KINDS
    for month, metric, value in rows:
        if month > last:
            continue
        kind = kinds.get(metric)
        if kind is None:
            kind = _kind(metric)
        if kind == _STOCK:
            stocks[metric] = stocks.get(metric, 0) + value
        elif kind == _FLOW:
            if month >= first:
                flows[metric] = flows.get(metric, 0) + value
        elif kind == _MONTHLY_STOCK:
            stocks[metric] = stocks.get(metric, 0) + value
            deltas = per_month.get(metric)
            if deltas is None:
                deltas = per_month[metric] = {}
            key = month if month > first else first
            deltas[key] = deltas.get(key, 0) + value
        elif month >= first and month in (due_months if kind == _REGULAR else thematic_months):
            flows[metric] = flows.get(metric, 0) + value
    if base:
        for metric, value in base.items():
            stocks[metric] = stocks.get(metric, 0) + value
            if metric in _MONTHLY_STOCKS:
                deltas = per_month.setdefault(metric, {})
                deltas[first] = deltas.get(first, 0) + value
    for metric, deltas in per_month.items():
        running = total = 0
        owed = due_months if metric in BRANCH_STOCKS else quarter_starts if metric in QUARTER_STOCKS else set()
        for month in months:
            running += deltas.get(month, 0)
            total += running if month in owed else 0
        (out.stock_quarter_sums if metric in QUARTER_STOCKS else out.stock_month_sums)[metric] = total
    return out


_FLOW, _STOCK, _MONTHLY_STOCK, _REGULAR, _THEMATIC = "flow", "stock", "monthly stock", "regular", "thematic"
_KINDS: dict[str, str] = {}
"""How ``totals`` adds each metric, worked out once per name (asking ``is_stock`` and ``MONTHLY`` for each of a
breakdown's ~15,000 rows was a fifth of its time)."""
_MONTHLY_STOCKS = frozenset(m for m in MONTHLY if is_stock(m))


def _kind(metric: str) -> str:
    if is_stock(metric):
        kind = _MONTHLY_STOCK if metric in _MONTHLY_STOCKS else _STOCK
    else:
        kind = _REGULAR if metric == REGULAR_MET else _THEMATIC if metric == THEMATIC_MET else _FLOW
    _KINDS[metric] = kind
    return kind


@lru_cache(maxsize=64)
def _calendar(
    period: Period, due_by: date | None
) -> tuple[tuple[date, ...], frozenset[date], frozenset[date], frozenset[date]]:
    """The period's months; the months that owe a regular meeting by ``due_by``; the months of the calendar
    quarters that owe a thematic one by then (a meeting counts in its quarter); and those quarters' first
    months. The same for every organisation of a breakdown, so worked out once (it was most of a
    75-organisation breakdown's time)."""
    due = [q for q in period.quarters() if due_by is None or q.end <= due_by]
    return (
        tuple(m.start for m in period.months()),
        frozenset(m.start for m in period.months() if due_by is None or m.end <= due_by),
        frozenset(m.start for q in due for m in q.months()),
        frozenset(q.start for q in due),
    )


def percent(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def age_bands(stocks: Mapping[str, int], at: date) -> dict[str, int]:
    """Ages reached in the year of ``at`` (the age a member turns that year), from the birth-year histogram:
    exact for any period and never stale, unlike a band fixed when an event was applied."""
    out = dict.fromkeys(_BAND_NAMES, 0)
    bands = _bands(at.year)
    for metric, count in stocks.items():
        name = bands.get(metric)
        if name is not None:
            out[name] += count
    return out


_BAND_NAMES = tuple(name for name, _, _ in AGE_BANDS)


@lru_cache(maxsize=16)
def _bands(year: int) -> dict[str, str]:
    """The band of each birth year's metric (``yob.1980``) in ``year``: looked up, not parsed, per metric."""
    return {f"{BIRTH_YEAR}{year - age}": name for name, low, high in AGE_BANDS for age in range(low, high + 1)}


def figures(t: Totals, period: Period) -> dict[str, Value]:
    stock, flow = t.stocks.get, t.flows.get
    out: dict[str, Value] = {name: stock(metric, 0) for name, metric in STOCK_FIGURES.items()}
    out.update(age_bands(t.stocks, period.end))
    out["members_ethnic_minority_pct"] = percent(stock("members.minority", 0), stock("members.total", 0))
    out.update({name: flow(metric, 0) for name, metric in FLOW_FIGURES.items()})
    _meeting_figures(t, out)
    _classification_shares(t, out)
    return out


def _meeting_figures(t: Totals, out: dict[str, Value]) -> None:
    regular_required = sum(t.stock_month_sums.get(m, 0) for m in BRANCH_STOCKS)
    thematic_required = sum(t.stock_quarter_sums.get(m, 0) for m in QUARTER_STOCKS)
    regular_covered = t.flow(REGULAR_MET)
    thematic_covered = t.flow(THEMATIC_MET)
    held = t.flow("meetings.held")
    evaluated = t.flow("meetings.evaluated")
    out.update(
        {
            "regular_meetings_required": regular_required,
            "regular_branch_months_met": regular_covered,
            "regular_meeting_rate": percent(regular_covered, regular_required),
            "thematic_meetings_required": thematic_required,
            "thematic_branch_quarters_met": thematic_covered,
            "thematic_meeting_rate": percent(thematic_covered, thematic_required),
            "attendance_rate": percent(t.flow("attendance.present"), t.flow("attendance.expected")),
            "meetings_attendance_90_share": percent(t.flow("meetings.attendance_90"), held),
            "meetings_resolution_share": percent(t.flow("meetings.with_resolution"), held),
            "meetings_materials_share": percent(held - t.flow("meetings.materials_missing"), held),
            "superior_attendance_share": percent(t.flow("meetings.superior_attended"), held),
            "meetings_good_share": percent(t.flow("meetings.good"), held),
            "average_score": (Decimal(t.flow("meetings.score_x100")) / 100 / evaluated).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            if evaluated
            else None,
        }
    )


def _classification_shares(t: Totals, out: dict[str, Value]) -> None:
    for kind in ("org", "member"):
        total = t.flow(f"classification.{kind}.total")
        out[f"classification_{kind}_total"] = total
        for grade in CLASS_GRADES:
            out[f"classification_{kind}_{grade}_pct"] = percent(t.flow(f"classification.{kind}.{grade}"), total)


def figure_names() -> list[str]:
    """Every figure a report shows, in a stable order (the columns of the exports)."""
    return list(_figure_names())


@lru_cache(maxsize=1)
def _figure_names() -> tuple[str, ...]:
    return tuple(figures(Totals(), Period.whole_year(2000)))


@dataclass(frozen=True)
class TargetCheck:
    figure: str
    value: Decimal | None
    target: Decimal
    passed: bool | None


def check_targets(values: Mapping[str, Value], targets: Mapping[str, Decimal]) -> list[TargetCheck]:
    """Each figure against its target: passed when at least the target; unknown when there is nothing to
    measure (no meeting held, no branch required to meet)."""
    out = []
    for name, target in targets.items():
        value = values.get(name)
        number = Decimal(value) if value is not None else None
        out.append(TargetCheck(name, number, target, None if number is None else number >= target))
    return out
