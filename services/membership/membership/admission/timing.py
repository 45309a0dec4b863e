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


def check_step_date(
    limit: TimeLimit,
    start: date,
    done: date,
    calendar: WorkingCalendar,
    *,
    working_days: int,
    override_reason: str | None = None,
) -> None:
    """A step within ``working_days`` working days of the one before: the decision after the branch vote (60,
    ``DECISION``), the ceremony after the decision (30, ``CEREMONY``), 232-QĐ/TW. A late one names the working
    days it took."""
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
        calendar.add_working_days(ends, review_working_days),
        override_reason,
        limit_working_days=review_working_days,
    )
    return ends
