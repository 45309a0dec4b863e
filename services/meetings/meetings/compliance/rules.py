"""Compliance of a branch with the meeting regime over a month, a quarter or a year, against its targets.

Hướng dẫn 12-HD/BTCTW (2018) and Chỉ thị 50-CT/TW (2025): a regular meeting every month and a thematic meeting
at least once a quarter (a combined meeting counts as both). The districts set themselves targets on top
(Sơn Dương's Đề án 16-ĐA/TU, Mường Nhé's Nghị quyết 07): 100% of meetings held, at least 90% of members at
each meeting, at least 60% of meetings attended by a member of a superior committee. Each figure is reported
with its counts (so reports can add branches up) and its percentage against the target.

Choices, stated once:
- a month (or quarter) *requires* a meeting only when the branch was active throughout it and it has ended by
  ``as_of``: a branch founded on 10 July or dissolved on 20 July owes no July meeting, though a meeting it did
  hold in July still counts as held and in the attendance figures;
- extra meetings in a month do not make up for a missing month: the figure counts months with a meeting;
- percentages are rounded half-up to 2 places for display, but pass/fail compares the exact fraction, so
  89.996% shows as 90.00% yet fails a 90% target: nobody is rounded into compliance;
- a figure with nothing to count (no month required yet, no meeting held) has no percentage and is neither
  passed nor failed (``passed is None``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from meetings.attendance.rules import as_percent
from meetings.schedules.rules import MeetingKind
from shared.calendar import Period, active_throughout, parse_period


def compliance_period(text: str) -> Period:
    """A period of the shared grammar (``2026``, ``2026-H1``, ``2026-Q3``, ``2026-07``, ``2026-01..2026-09``)."""
    return parse_period(text, rule="compliance.period_invalid")


@dataclass(frozen=True)
class ActiveInterval:
    """The days a branch exists: ``start`` inclusive to ``end`` exclusive (``None`` while it lasts)."""

    start: date
    end: date | None = None

    def spans(self, period: Period) -> bool:
        """True when the branch was active on every day of ``period`` (``shared.calendar.active_throughout``)."""
        return active_throughout(period, self.start, self.end)


@dataclass(frozen=True)
class Targets:
    """An organisation's targets for a year, in percent.

    ``attendance_percent`` is both the target for the overall attendance rate and the bar a single meeting
    must reach to count as well attended ("at least 90% of members attend each meeting").
    """

    meetings_held_percent: Decimal
    attendance_percent: Decimal
    well_attended_percent: Decimal
    superior_attended_percent: Decimal


@dataclass(frozen=True)
class HeldMeeting:
    """What compliance needs of a held meeting."""

    on: date
    kind: MeetingKind
    expected: int
    present: int
    superior_present: bool

    def __post_init__(self) -> None:
        if not 0 <= self.present <= self.expected:
            raise ValueError(f"present {self.present} out of expected {self.expected}")


@dataclass(frozen=True)
class Figure:
    """``achieved`` out of ``out_of``, its percentage (2 places, half-up) and whether it meets ``target``."""

    achieved: int
    out_of: int
    target: Decimal

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.achieved, self.out_of) if self.out_of else None

    @property
    def percent(self) -> Decimal | None:
        share = self.share
        return None if share is None else as_percent(share)

    @property
    def passed(self) -> bool | None:
        share = self.share
        return None if share is None else share * 100 >= Fraction(self.target)


@dataclass(frozen=True)
class ComplianceReport:
    """One branch's figures for one period; ``*_held`` counts every meeting of that kind, extras too."""

    period: Period
    as_of: date
    regular_months: Figure
    regular_meetings_held: int
    thematic_quarters: Figure
    thematic_meetings_held: int
    meetings_held: int
    attendance: Figure
    well_attended: Figure
    superior_attended: Figure

    @property
    def figures(self) -> dict[str, Figure]:
        return {
            "regular_months": self.regular_months,
            "thematic_quarters": self.thematic_quarters,
            "attendance": self.attendance,
            "well_attended": self.well_attended,
            "superior_attended": self.superior_attended,
        }

    @property
    def passed(self) -> bool:
        """No figure failed (figures with nothing to count do not fail a branch)."""
        return all(figure.passed is not False for figure in self.figures.values())


def required_units(units: Iterable[Period], active: ActiveInterval, as_of: date) -> tuple[Period, ...]:
    """The months or quarters that owe a meeting: wholly inside the branch's life and over by ``as_of``."""
    return tuple(unit for unit in units if active.spans(unit) and unit.end <= as_of)


def _well_attended(meeting: HeldMeeting, bar_percent: Decimal) -> bool:
    return Fraction(meeting.present, meeting.expected) * 100 >= Fraction(bar_percent)


def _units_met(units: tuple[Period, ...], meetings: list[HeldMeeting], thematic: bool) -> int:
    def counts(meeting: HeldMeeting) -> bool:
        return meeting.kind.counts_as_thematic if thematic else meeting.kind.counts_as_regular

    return sum(1 for unit in units if any(unit.contains(m.on) and counts(m) for m in meetings))


def assess_compliance(
    period: Period, meetings: Iterable[HeldMeeting], *, active: ActiveInterval, as_of: date, targets: Targets
) -> ComplianceReport:
    """The branch's compliance for ``period`` from its held meetings (cancelled ones are not passed in).

    Meetings outside the period or after ``as_of`` are ignored, so the caller may pass a wider list.
    """
    held = sorted((m for m in meetings if period.contains(m.on) and m.on <= as_of), key=lambda m: m.on)
    months = required_units(period.months(), active, as_of)
    quarters = required_units(period.quarters(), active, as_of)
    counted = [m for m in held if m.expected > 0]
    return ComplianceReport(
        period=period,
        as_of=as_of,
        regular_months=Figure(_units_met(months, held, False), len(months), targets.meetings_held_percent),
        regular_meetings_held=sum(1 for m in held if m.kind.counts_as_regular),
        thematic_quarters=Figure(_units_met(quarters, held, True), len(quarters), targets.meetings_held_percent),
        thematic_meetings_held=sum(1 for m in held if m.kind.counts_as_thematic),
        meetings_held=len(held),
        attendance=Figure(sum(m.present for m in held), sum(m.expected for m in held), targets.attendance_percent),
        well_attended=Figure(
            sum(1 for m in counted if _well_attended(m, targets.attendance_percent)),
            len(counted),
            targets.well_attended_percent,
        ),
        superior_attended=Figure(
            sum(1 for m in held if m.superior_present), len(held), targets.superior_attended_percent
        ),
    )
