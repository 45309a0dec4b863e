"""Time limits and thresholds of status changes: transfer letters, temporary stays, grounds for removal.

Values come from ``members.policies`` (resolved by the caller at the date that starts each clock).
"""

from __future__ import annotations

from datetime import date, timedelta

from membership.admission.deadlines import Deadline, DeadlineKind
from membership.members.rules import RemovalReason
from membership.time_limits import TimeLimit, check_time_limit
from shared.dateorder import check_order
from shared.errors import RuleViolation
from shared.workdays import add_months, full_months_between

PRESENTATION = TimeLimit(
    "issued_on", "presented_on", "member.transfer_presented_before_issue", "member.transfer_presented_late"
)


def transfer_presentation_deadline(issued_on: date, *, presentation_days: int) -> date:
    """The last day to present a permanent transfer letter to the receiving organisation (calendar days)."""
    return issued_on + timedelta(days=presentation_days)


def transfer_presentation_status(issued_on: date, today: date, *, presentation_days: int) -> Deadline:
    """The pending transfer as a deadline for the deadlines list."""
    due = transfer_presentation_deadline(issued_on, presentation_days=presentation_days)
    return Deadline(DeadlineKind.TRANSFER_PRESENTATION, due, today > due)


def check_transfer_presentation(
    issued_on: date,
    presented_on: date,
    *,
    presentation_days: int,
    override_reason: str | None = None,
) -> None:
    """The receiving branch takes a member in only within the limit, unless it records why it was late.

    A late letter is the member's breach, which the competent committee considers (it may lead to removal);
    the receiving branch still needs to record the member, so lateness is overridable.
    """
    check_time_limit(
        PRESENTATION,
        issued_on,
        presented_on,
        transfer_presentation_deadline(issued_on, presentation_days=presentation_days),
        override_reason,
        limit_days=presentation_days,
    )


def check_temporary_period(
    starts_on: date,
    ends_on: date,
    *,
    for_study: bool,
    min_months: int,
    max_months_exclusive: int,
    max_months_study: int,
) -> None:
    """A temporary transfer lasts from 3 months to under a year, or up to 2 years for study.

    Shorter stays need no transfer (the member keeps meeting at home); longer ones are a permanent transfer.
    """
    check_order(
        "member.temporary_period_invalid", field="ends_on", same_allowed=False, starts_on=starts_on, ends_on=ends_on
    )
    months = full_months_between(starts_on, ends_on)
    if months < min_months:
        raise RuleViolation("member.temporary_too_short", field="ends_on", months=months, min_months=min_months)
    latest = add_months(starts_on, max_months_study) if for_study else add_months(starts_on, max_months_exclusive)
    too_long = ends_on > latest if for_study else ends_on >= latest
    if too_long:
        raise RuleViolation(
            "member.temporary_too_long",
            field="ends_on",
            months=months,
            max_months=max_months_study if for_study else max_months_exclusive,
            for_study=for_study,
        )


def check_removal_grounds(reason: RemovalReason, months_in_year: int, *, threshold: int) -> None:
    """Removal for missed meetings or dues needs ``threshold`` months of it in a year without good reason.

    Meetings reports the absences; membership decides, and only on these grounds (nothing is automatic).
    """
    if reason in (RemovalReason.ABSENCE_3_MONTHS, RemovalReason.DUES_3_MONTHS) and months_in_year < threshold:
        raise RuleViolation(
            "member.removal_grounds_insufficient",
            field="reason",
            reason=reason.value,
            months=months_in_year,
            threshold=threshold,
        )
