"""Time limits of admission: decision, ceremony, probation and recognition, counted in working days or months.

Lateness is overridable with a recorded reason; an impossible order of dates (a decision before the vote, a
recognition before probation ends) is not (``membership.time_limits``).
"""

from __future__ import annotations

from datetime import date

from membership.time_limits import TimeLimit, check_time_limit
from shared.calendar import add_months, full_months_between
from shared.workdays import WorkingCalendar

DECISION = TimeLimit("vote_date", "decision_date", "admission.decision_before_vote", "admission.decision_late")
CEREMONY = TimeLimit("decision_date", "ceremony_date", "admission.ceremony_before_decision", "admission.ceremony_late")
RECOGNITION = TimeLimit("probation_ends_on", "vote_date", "admission.probation_not_over", "admission.recognition_late")


def decision_deadline(vote_date: date, calendar: WorkingCalendar, *, working_days: int) -> date:
    """The last day for the competent committee's admission decision after the branch resolution."""
    return calendar.add_working_days(vote_date, working_days)


def check_decision_date(
    vote_date: date,
    decision_date: date,
    calendar: WorkingCalendar,
    *,
    working_days: int,
    override_reason: str | None = None,
) -> None:
    """The decision follows the branch vote within ``working_days`` working days (60, 232-QĐ/TW)."""
    _check_working_days(DECISION, vote_date, decision_date, calendar, working_days, override_reason)


def ceremony_deadline(decision_date: date, calendar: WorkingCalendar, *, working_days: int) -> date:
    """The last day for the admission ceremony after the decision."""
    return calendar.add_working_days(decision_date, working_days)


def check_ceremony_date(
    decision_date: date,
    ceremony_date: date,
    calendar: WorkingCalendar,
    *,
    working_days: int,
    override_reason: str | None = None,
) -> None:
    """The branch holds the ceremony within ``working_days`` working days of the decision (30, 232-QĐ/TW)."""
    _check_working_days(CEREMONY, decision_date, ceremony_date, calendar, working_days, override_reason)


def _check_working_days(
    limit: TimeLimit,
    start: date,
    done: date,
    calendar: WorkingCalendar,
    working_days: int,
    override_reason: str | None,
) -> None:
    """A step due within ``working_days`` working days of ``start``; a late one names the working days it took."""
    check_time_limit(
        limit,
        start,
        done,
        calendar.add_working_days(start, working_days),
        override_reason,
        limit_working_days=working_days,
        working_days_taken=calendar.working_days_between(start, done),
    )


def probation_end(ceremony_date: date, *, probation_months: int) -> date:
    """The day the probation is complete: ``probation_months`` after the *ceremony* (Điều lệ Đảng art. 5(1)).

    This is also the recognition date: a member admitted on 15 Mar 2025 is official from 15 Mar 2026.
    """
    return add_months(ceremony_date, probation_months)


def party_age_months(decision_date: date, on: date) -> int:
    """Party age in full months, counted from the date in the admission decision (Điều lệ Đảng art. 5(4))."""
    return max(0, full_months_between(decision_date, on))


def recognition_review_deadline(end_of_probation: date, calendar: WorkingCalendar, *, working_days: int) -> date:
    """The last day for the branch to consider recognition after probation ends."""
    return calendar.add_working_days(end_of_probation, working_days)


def check_recognition_vote(
    ceremony_date: date,
    vote_date: date,
    calendar: WorkingCalendar,
    *,
    probation_months: int,
    review_working_days: int,
    override_reason: str | None = None,
) -> date:
    """The recognition date: the end of probation, even when the vote is late (232-QĐ/TW).

    The branch may vote only once probation is over; voting later than ``review_working_days`` working days
    after that needs a recorded reason, and does not move the recognition date.
    """
    ends = probation_end(ceremony_date, probation_months=probation_months)
    check_time_limit(
        RECOGNITION,
        ends,
        vote_date,
        recognition_review_deadline(ends, calendar, working_days=review_working_days),
        override_reason,
        limit_working_days=review_working_days,
    )
    return ends
