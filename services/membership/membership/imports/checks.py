"""What an imported row can prove about itself: the rules a member's own dates must satisfy.

Pure functions (no I/O): each takes the row's dates and the rule values and returns findings naming the column
and the rule code; ``check_row`` looks the values up on the row's own dates. A row is refused on any finding.

- Age at admission: from full 18 to full 60 years, counted in months (the admission policies), unless the row
  cites the decision that admitted an applicant over 60 (``age_exception_decision``); none admits one under 18.
- No date after today in Vietnam, nor after the file's ``data_as_of``; dates in order: birth < admission
  decision ≤ ceremony ≤ recognition.
- Official only after the probation: recognition no earlier than 12 months after the ceremony (the admission
  decision when the ceremony is unknown); a probationary row carries no recognition date.
- A probationary member whose probation ended longer ago than the recognition window allows is refused, not
  registered: by then the branch has either recognised them (official, with the date) or removed them from the
  rolls, so the row's status is stale and would count the member in the wrong status in every report since. The
  window is the probation plus ``PROBATION_GRACE_MONTHS`` (the 30 working days of the recognition vote and the
  committee's decision, rounded up), judged on the day the data is true as of (``data_as_of``, else today).
- A rule with no version in force on the row's date (admissions before 2011, the earliest regulation the system
  knows) is not judged by a later one: the row is kept on what it can prove (order, no future date).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from membership.admission.policies import AGE_MAX_MONTHS, AGE_MIN_MONTHS, PROBATION_MONTHS
from membership.imports.rows import ImportRow
from shared.calendar import add_months, full_months_between
from shared.policy import Policy

T = TypeVar("T")

PROBATION_GRACE_MONTHS = Policy.of(
    "import.probation_grace_months",
    [
        (
            date(2011, 1, 19),
            3,
            "Điều lệ Đảng 2011 Điều 5.3 (chi bộ xét công nhận trong 30 ngày làm việc sau khi hết dự bị, rồi cấp ủy "
            "quyết định): the recognition window, rounded up to whole months; this system's choice for imports",
        )
    ],
)


@dataclass(frozen=True)
class Finding:
    """One rule a row breaks: the column to fix, the rule code and the values its message names."""

    column: str
    rule: str
    values: dict[str, Any] = field(default_factory=dict)


_IN_FORCE: dict[int, tuple[Policy[Any], list[date], list[Any]]] = {}
"""``_in_force``'s view of each policy: its start dates and values, in order. ``Policy.at`` built the list of
start dates on every call and raised an exception for a day before the first version: a sixth of a row's checks
(issue 13); its answers kept per day then helped little, a file's rows having thousands of different dates (a
third of the checks of 20,000 generated rows went to the look-up and its cache). Each entry keeps its policy, so an
id is never taken for another policy's."""


def _in_force(policy: Policy[T], day: date) -> T | None:
    """The value ``policy.at(day)`` gives, or None where that raises ``PolicyNotInForce`` (before its first
    version): the same bisection over the policy's ordered start dates, kept."""
    entry = _IN_FORCE.get(id(policy))
    if entry is None or entry[0] is not policy:
        versions = policy.versions  # ordered by their start (``Policy.__post_init__``)
        entry = _IN_FORCE[id(policy)] = (policy, [v.effective_from for v in versions], [v.value for v in versions])
    index = bisect_right(entry[1], day)
    return cast(T, entry[2][index - 1]) if index else None


DATE_COLUMNS = ("birth_date", "admission_date", "ceremony_date", "recognition_date")


def future_dates(dates: dict[str, date | None], today: date, as_of: date) -> list[Finding]:
    """A date after today (in Vietnam) cannot be true yet, nor one after the day the file says its data is
    true as of (``as_of`` is that day, or today)."""
    findings = []
    for column, day in dates.items():
        if day is not None and day > today:
            findings.append(
                Finding(column, "import.date_in_future", {"date": day.isoformat(), "today": today.isoformat()})
            )
        elif day is not None and day > as_of:
            findings.append(
                Finding(column, "import.date_after_data_as_of", {"date": day.isoformat(), "as_of": as_of.isoformat()})
            )
    return findings


def dates_out_of_order(dates: dict[str, date | None]) -> list[Finding]:
    """Birth strictly before admission; admission ≤ ceremony ≤ recognition (each compared with the last known)."""
    findings: list[Finding] = []
    previous: tuple[str, date] | None = None
    for column in DATE_COLUMNS:
        day = dates.get(column)
        if day is None:
            continue
        if previous is not None and (day < previous[1] or (previous[0] == "birth_date" and day == previous[1])):
            findings.append(Finding(column, "import.dates_out_of_order", {"after": previous[0]}))
        else:
            previous = (column, day)
    return findings


def age_at_admission(
    birth: date, admitted: date, *, min_months: int, max_months: int, exception_cited: bool
) -> Finding | None:
    """Full 18 to full 60 years in months at the admission decision; over 60 only with the decision cited."""
    months = full_months_between(birth, admitted)
    if months < min_months or (months > max_months and not exception_cited):
        values = {"years": months // 12, "months": months % 12, "min": min_months // 12, "max": max_months // 12}
        return Finding("birth_date", "import.age_at_admission", values)
    return None


def probation_too_short(start: date, recognised: date, *, probation_months: int) -> Finding | None:
    """Recognition comes at the earliest when the probation (from the ceremony) has run its months."""
    earliest = add_months(start, probation_months)
    if recognised < earliest:
        return Finding("recognition_date", "import.probation_too_short", {"earliest": earliest.isoformat()})
    return None


def probation_overdue(start: date, as_of: date, *, probation_months: int, grace_months: int) -> Finding | None:
    """Still probationary long after the probation and its recognition window ended: the status is stale."""
    ended = add_months(start, probation_months)
    if as_of > add_months(ended, grace_months):
        return Finding("status", "import.probation_overdue", {"ended": ended.isoformat(), "as_of": as_of.isoformat()})
    return None


def _status_findings(row: ImportRow, as_of: date) -> list[Finding]:
    start = row.ceremony_date or row.admission_date
    if start is None:
        return []
    probation = _in_force(PROBATION_MONTHS, start)
    if row.status == "probationary":
        if row.recognition_date is not None:
            return [Finding("recognition_date", "import.probationary_recognised")]
        grace = _in_force(PROBATION_GRACE_MONTHS, start)
        if probation is None or grace is None:
            return []
        found = probation_overdue(start, as_of, probation_months=probation, grace_months=grace)
        return [found] if found else []
    if row.recognition_date is None or probation is None:
        return []
    found = probation_too_short(start, row.recognition_date, probation_months=probation)
    return [found] if found else []


def check_row(row: ImportRow, *, today: date, as_of: date) -> list[Finding]:
    """Every rule the row's own data can be judged by, with the values in force on its dates."""
    dates = {column: getattr(row, column) for column in DATE_COLUMNS}
    findings = future_dates(dates, today, as_of) + dates_out_of_order(dates)
    if findings:
        return findings  # the rules below compare these dates: judged only once they are plausible
    if row.admission_date is not None:
        low, high = _in_force(AGE_MIN_MONTHS, row.admission_date), _in_force(AGE_MAX_MONTHS, row.admission_date)
        if low is not None and high is not None:
            exception = bool(row.age_exception_decision)
            found = age_at_admission(
                row.birth_date, row.admission_date, min_months=low, max_months=high, exception_cited=exception
            )
            findings += [found] if found else []
    return findings + _status_findings(row, as_of)
