"""The order of the admission procedure, and what is due or overdue for one candidate."""

from __future__ import annotations

from datetime import date

import pytest

from membership.admission.deadlines import AdmissionProgress, Deadline, DeadlineKind, admission_deadlines
from membership.admission.pipeline import AdmissionCommand, AdmissionStage, allowed_commands, next_stage
from shared.errors import InvalidTransition
from shared.workdays import vietnam_calendar

S, C = AdmissionStage, AdmissionCommand
CAL = vietnam_calendar(range(2024, 2028))


def test_the_happy_path_ends_with_a_probationary_member() -> None:
    stage = S.INTRODUCED
    for command in (
        C.COMPLETE_CLASS,
        C.ASSIGN_INTRODUCERS,
        C.ADD_PROGRESS_NOTE,
        C.RECORD_BRANCH_VOTE,
        C.RECORD_DECISION,
        C.HOLD_CEREMONY,
    ):
        stage = next_stage(stage, command)
    assert stage is S.CEREMONY_HELD


def test_introducers_cannot_be_assigned_before_the_class() -> None:
    with pytest.raises(InvalidTransition) as raised:
        next_stage(S.INTRODUCED, C.ASSIGN_INTRODUCERS)
    assert raised.value.code == "admission.invalid_transition"
    assert raised.value.params == {"current": "introduced", "command": "assign_introducers"}


def test_the_committee_cannot_decide_before_the_branch_votes() -> None:
    with pytest.raises(InvalidTransition):
        next_stage(S.INTRODUCERS_ASSIGNED, C.RECORD_DECISION)


def test_no_ceremony_twice() -> None:
    with pytest.raises(InvalidTransition):
        next_stage(S.CEREMONY_HELD, C.HOLD_CEREMONY)


@pytest.mark.parametrize("stage", [s for s in AdmissionStage if s is not S.WITHDRAWN])
def test_progress_notes_are_accepted_at_any_stage_after_introduction(stage: AdmissionStage) -> None:
    assert next_stage(stage, C.ADD_PROGRESS_NOTE) is stage


def test_an_introducer_can_be_replaced_before_the_vote() -> None:
    assert next_stage(S.INTRODUCERS_ASSIGNED, C.ASSIGN_INTRODUCERS) is S.INTRODUCERS_ASSIGNED


def test_a_withdrawn_candidate_accepts_nothing() -> None:
    assert allowed_commands(S.WITHDRAWN) == frozenset()
    assert next_stage(S.DECIDED, C.WITHDRAW) is S.WITHDRAWN
    with pytest.raises(InvalidTransition):
        next_stage(S.CEREMONY_HELD, C.WITHDRAW)


# --- deadlines ---


def test_a_pending_decision_is_due_60_working_days_after_the_vote() -> None:
    progress = AdmissionProgress(S.BRANCH_VOTED, branch_vote_date=date(2024, 12, 20))
    assert admission_deadlines(progress, date(2025, 3, 24), CAL) == (
        Deadline(DeadlineKind.DECISION, date(2025, 3, 24), overdue=False),
    )
    assert admission_deadlines(progress, date(2025, 3, 25), CAL)[0].overdue


def test_a_late_ceremony_is_overdue() -> None:
    progress = AdmissionProgress(S.DECIDED, decision_date=date(2026, 1, 30))
    (deadline,) = admission_deadlines(progress, date(2026, 3, 23), CAL)
    assert deadline == Deadline(DeadlineKind.CEREMONY, date(2026, 3, 20), overdue=True)


def test_probation_ending_within_the_notice_is_listed() -> None:
    progress = AdmissionProgress(S.CEREMONY_HELD, ceremony_date=date(2025, 3, 15))
    assert admission_deadlines(progress, date(2026, 2, 12), CAL, probation_notice_days=30) == ()
    assert admission_deadlines(progress, date(2026, 2, 13), CAL, probation_notice_days=30) == (
        Deadline(DeadlineKind.PROBATION_END, date(2026, 3, 15), overdue=False),
    )


def test_recognition_is_due_30_working_days_after_probation_then_overdue() -> None:
    progress = AdmissionProgress(S.CEREMONY_HELD, ceremony_date=date(2025, 3, 15))
    (due,) = admission_deadlines(progress, date(2026, 3, 15), CAL)
    assert due == Deadline(DeadlineKind.RECOGNITION, date(2026, 4, 24), overdue=False)
    assert admission_deadlines(progress, date(2026, 4, 25), CAL)[0].overdue


def test_nothing_is_due_once_recognition_is_decided_or_the_candidate_withdrew() -> None:
    recognised = AdmissionProgress(S.CEREMONY_HELD, ceremony_date=date(2025, 3, 15), recognition_decided=True)
    assert admission_deadlines(recognised, date(2026, 6, 1), CAL) == ()
    assert admission_deadlines(AdmissionProgress(S.WITHDRAWN), date(2026, 6, 1), CAL) == ()
    assert admission_deadlines(AdmissionProgress(S.INTRODUCED), date(2026, 6, 1), CAL) == ()
