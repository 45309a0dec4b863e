"""Time limits of admission: decision, ceremony, probation and recognition, counted in working days or months.

Lateness is a breach of procedure by the *organisation*, not a fault of the candidate: refusing to record a
real decision because it came late would only falsify the record. So lateness is overridable with a recorded
reason; an impossible order of dates (a decision before the vote, a recognition before probation ends) is not.
"""

from __future__ import annotations

from datetime import date

from shared.calendar import add_months, full_months_between
from shared.errors import RuleViolation
from shared.workdays import WorkingCalendar


def _overridden(override_reason: str | None) -> bool:
    return bool(override_reason and override_reason.strip())


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
    if decision_date < vote_date:
        raise RuleViolation(
            "admission.decision_before_vote",
            field="decision_date",
            vote_date=vote_date.isoformat(),
            decision_date=decision_date.isoformat(),
        )
    deadline = decision_deadline(vote_date, calendar, working_days=working_days)
    if decision_date > deadline and not _overridden(override_reason):
        raise RuleViolation(
            "admission.decision_late",
            field="decision_date",
            overridable=True,
            vote_date=vote_date.isoformat(),
            decision_date=decision_date.isoformat(),
            deadline=deadline.isoformat(),
            limit_working_days=working_days,
            working_days_taken=calendar.working_days_between(vote_date, decision_date),
        )


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
    if ceremony_date < decision_date:
        raise RuleViolation(
            "admission.ceremony_before_decision",
            field="ceremony_date",
            decision_date=decision_date.isoformat(),
            ceremony_date=ceremony_date.isoformat(),
        )
    deadline = ceremony_deadline(decision_date, calendar, working_days=working_days)
    if ceremony_date > deadline and not _overridden(override_reason):
        raise RuleViolation(
            "admission.ceremony_late",
            field="ceremony_date",
            overridable=True,
            decision_date=decision_date.isoformat(),
            ceremony_date=ceremony_date.isoformat(),
            deadline=deadline.isoformat(),
            limit_working_days=working_days,
            working_days_taken=calendar.working_days_between(decision_date, ceremony_date),
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
    if vote_date < ends:
        raise RuleViolation(
            "admission.probation_not_over",
            field="vote_date",
            vote_date=vote_date.isoformat(),
            probation_ends_on=ends.isoformat(),
        )
    deadline = recognition_review_deadline(ends, calendar, working_days=review_working_days)
    if vote_date > deadline and not _overridden(override_reason):
        raise RuleViolation(
            "admission.recognition_late",
            field="vote_date",
            overridable=True,
            vote_date=vote_date.isoformat(),
            probation_ends_on=ends.isoformat(),
            deadline=deadline.isoformat(),
            limit_working_days=review_working_days,
        )
    return ends
