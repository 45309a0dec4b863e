"""What is due or overdue for one candidate or probationary member on a given day.

The deadlines endpoint lists these for a whole subtree; branches miss recognitions mostly by forgetting the
date, so a probation ending soon is listed before it ends. Each limit is taken from the policy in force on the
day that starts its clock (the vote for the decision, the decision for the ceremony, the ceremony for
probation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from membership.admission.pipeline import AdmissionStage
from membership.admission.policies import DEFAULT_POLICIES, AdmissionPolicies
from membership.admission.timing import probation_end
from shared.workdays import WorkingCalendar


class DeadlineKind(StrEnum):
    DECISION = "decision"  # the committee's admission decision after the branch vote
    CEREMONY = "ceremony"  # the admission ceremony after the decision
    PROBATION_END = "probation_end"  # probation ends soon: prepare the recognition
    RECOGNITION = "recognition"  # the branch's recognition vote after probation
    TRANSFER_PRESENTATION = "transfer_presentation"  # the transfer letter not yet presented


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class AdmissionProgress:
    """The dates recorded so far for one candidate; ``recognition_decided`` once recognised or removed."""

    stage: AdmissionStage
    branch_vote_date: date | None = None
    decision_date: date | None = None
    ceremony_date: date | None = None
    recognition_decided: bool = False


def admission_deadlines(
    progress: AdmissionProgress,
    today: date,
    calendar: WorkingCalendar,
    *,
    probation_notice_days: int = 30,
    policies: AdmissionPolicies = DEFAULT_POLICIES,
) -> tuple[Deadline, ...]:
    """The one deadline open at the candidate's stage, if any; ``overdue`` once ``today`` is past it.

    A probation that ends within ``probation_notice_days`` calendar days is listed as ``PROBATION_END``.
    """
    stage = progress.stage
    if stage in (AdmissionStage.BRANCH_VOTED, AdmissionStage.COMMITTEE_REVIEWED) and progress.branch_vote_date:
        vote = progress.branch_vote_date
        due = calendar.add_working_days(vote, policies.decision_working_days.at(vote))
        return (Deadline(DeadlineKind.DECISION, due, today > due),)
    if stage is AdmissionStage.DECIDED and progress.decision_date:
        decided = progress.decision_date
        due = calendar.add_working_days(decided, policies.ceremony_working_days.at(decided))
        return (Deadline(DeadlineKind.CEREMONY, due, today > due),)
    if stage is AdmissionStage.CEREMONY_HELD and progress.ceremony_date and not progress.recognition_decided:
        return _probation_deadlines(progress.ceremony_date, today, calendar, probation_notice_days, policies)
    return ()


def _probation_deadlines(
    ceremony: date,
    today: date,
    calendar: WorkingCalendar,
    notice_days: int,
    policies: AdmissionPolicies,
) -> tuple[Deadline, ...]:
    ends = probation_end(ceremony, probation_months=policies.probation_months.at(ceremony))
    if today < ends:
        if (ends - today).days <= notice_days:
            return (Deadline(DeadlineKind.PROBATION_END, ends, overdue=False),)
        return ()
    due = calendar.add_working_days(ends, policies.recognition_working_days.at(ends))
    return (Deadline(DeadlineKind.RECOGNITION, due, today > due),)
