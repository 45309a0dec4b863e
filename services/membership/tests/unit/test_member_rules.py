"""The member status machine, headcount, and the limits of transfers and removal."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from membership.admission.deadlines import DeadlineKind
from membership.members import policies
from membership.members.limits import (
    check_removal_grounds,
    check_temporary_period,
    check_transfer_presentation,
    transfer_presentation_deadline,
    transfer_presentation_status,
)
from membership.members.rules import (
    LEFT,
    MemberCommand,
    MemberDates,
    MemberState,
    MemberStatus,
    RemovalReason,
    TransferKind,
    allowed_commands,
    check_host_accept,
    counts_in_headcount,
    is_active,
    official_on,
    transition,
)
from shared.errors import InvalidTransition, RuleViolation

S, C, K, R = MemberStatus, MemberCommand, TransferKind, RemovalReason
PROBATIONARY, OFFICIAL, EXEMPT = MemberState(S.PROBATIONARY), MemberState(S.OFFICIAL), MemberState(S.EXEMPT)


def test_recognition_makes_a_probationary_member_official() -> None:
    assert transition(PROBATIONARY, C.RECOGNISE) == OFFICIAL


def test_recognising_an_official_member_is_refused_naming_the_rule() -> None:
    with pytest.raises(InvalidTransition) as raised:
        transition(OFFICIAL, C.RECOGNISE)
    assert raised.value.code == "member.invalid_transition"
    assert raised.value.params == {"current": "official", "command": "recognise"}
    assert raised.value.status == 409


def test_a_probationary_member_who_fails_probation_is_removed() -> None:
    removed = transition(PROBATIONARY, C.REMOVE_FROM_ROLLS, removal_reason=R.NOT_RECOGNISED)
    assert removed == MemberState(S.REMOVED, S.PROBATIONARY)


def test_not_recognised_is_no_reason_to_remove_an_official_member() -> None:
    with pytest.raises(InvalidTransition) as raised:
        transition(OFFICIAL, C.REMOVE_FROM_ROLLS, removal_reason=R.NOT_RECOGNISED)
    assert raised.value.code == "member.removal_reason_not_applicable"


def test_an_exempt_member_is_not_removed_for_missing_meetings() -> None:
    with pytest.raises(InvalidTransition):
        transition(EXEMPT, C.REMOVE_FROM_ROLLS, removal_reason=R.ABSENCE_3_MONTHS)
    assert transition(EXEMPT, C.REMOVE_FROM_ROLLS, removal_reason=R.DUES_3_MONTHS).status is S.REMOVED


def test_removal_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="removal_reason"):
        transition(OFFICIAL, C.REMOVE_FROM_ROLLS)


def test_only_an_official_member_can_be_exempted_and_ending_it_returns_to_official() -> None:
    assert transition(OFFICIAL, C.EXEMPT) == EXEMPT
    assert transition(EXEMPT, C.END_EXEMPTION) == OFFICIAL
    with pytest.raises(InvalidTransition) as raised:
        transition(PROBATIONARY, C.EXEMPT)
    assert raised.value.code == "member.exemption_requires_official"


def test_permanent_transfer_is_pending_until_the_receiving_branch_takes_the_member_in() -> None:
    pending = transition(PROBATIONARY, C.TRANSFER_OUT, transfer_kind=K.PERMANENT)
    assert pending == MemberState(S.TRANSFER_PENDING, S.PROBATIONARY)
    assert transition(pending, C.TRANSFER_IN) == PROBATIONARY


def test_a_transfer_abroad_is_pending_until_a_branch_here_receives_the_member_back() -> None:
    abroad = transition(OFFICIAL, C.TRANSFER_OUT, transfer_kind=K.ABROAD)
    assert abroad == MemberState(S.TRANSFER_PENDING, S.OFFICIAL)
    assert not counts_in_headcount(abroad.status, is_temporary_guest=False)
    assert transition(abroad, C.TRANSFER_IN) == OFFICIAL


def test_the_named_host_accepts_a_temporary_member_once() -> None:
    away = transition(OFFICIAL, C.TRANSFER_OUT, transfer_kind=K.TEMPORARY)
    check_host_accept(away, "host", "host", accepted_on=None)
    with pytest.raises(RuleViolation) as wrong:
        check_host_accept(away, "host", "elsewhere", accepted_on=None)
    assert wrong.value.code == "member.transfer_wrong_branch"
    with pytest.raises(InvalidTransition) as twice:
        check_host_accept(away, "host", "host", accepted_on=date(2026, 1, 10))
    assert twice.value.code == "member.host_already_accepted"
    with pytest.raises(InvalidTransition) as home:
        check_host_accept(OFFICIAL, None, "host", accepted_on=None)
    assert home.value.code == "member.invalid_transition"


def test_an_exempt_member_can_move_permanently_and_stays_exempt() -> None:
    pending = transition(EXEMPT, C.TRANSFER_OUT, transfer_kind=K.PERMANENT)
    assert transition(pending, C.TRANSFER_IN) == EXEMPT


def test_an_exempt_member_cannot_go_on_a_temporary_transfer() -> None:
    with pytest.raises(InvalidTransition) as raised:
        transition(EXEMPT, C.TRANSFER_OUT, transfer_kind=K.TEMPORARY)
    assert raised.value.code == "member.transfer_not_allowed"


def test_internal_transfer_keeps_the_status() -> None:
    assert transition(OFFICIAL, C.TRANSFER_OUT, transfer_kind=K.INTERNAL) == OFFICIAL


def test_transfer_out_needs_a_kind() -> None:
    with pytest.raises(ValueError, match="transfer_kind"):
        transition(OFFICIAL, C.TRANSFER_OUT)


def test_temporary_transfer_and_return() -> None:
    away = transition(OFFICIAL, C.TRANSFER_OUT, transfer_kind=K.TEMPORARY)
    assert away == MemberState(S.TEMPORARILY_AWAY, S.OFFICIAL)
    assert transition(away, C.RETURN_FROM_TEMPORARY) == OFFICIAL


def test_a_probationary_member_away_is_recognised_by_the_home_branch_and_stays_away() -> None:
    away = transition(PROBATIONARY, C.TRANSFER_OUT, transfer_kind=K.TEMPORARY)
    recognised = transition(away, C.RECOGNISE)
    assert recognised == MemberState(S.TEMPORARILY_AWAY, S.OFFICIAL)
    assert transition(recognised, C.RETURN_FROM_TEMPORARY) == OFFICIAL


def test_cannot_transfer_in_a_member_who_is_not_pending() -> None:
    with pytest.raises(InvalidTransition):
        transition(OFFICIAL, C.TRANSFER_IN)


def test_an_annulled_expulsion_restores_the_prior_status() -> None:
    expelled = transition(EXEMPT, C.EXPEL)
    assert expelled == MemberState(S.EXPELLED, S.EXEMPT)
    assert transition(expelled, C.RESTORE) == EXEMPT


def test_an_expulsion_while_away_restores_the_standing_not_the_stay() -> None:
    away = transition(OFFICIAL, C.TRANSFER_OUT, transfer_kind=K.TEMPORARY)
    assert transition(transition(away, C.EXPEL), C.RESTORE) == OFFICIAL


def test_a_probationary_member_cannot_be_expelled() -> None:
    with pytest.raises(InvalidTransition) as raised:
        transition(PROBATIONARY, C.EXPEL)
    assert raised.value.code == "member.expel_probationary"
    away = transition(PROBATIONARY, C.TRANSFER_OUT, transfer_kind=K.PERMANENT)
    with pytest.raises(InvalidTransition):
        transition(away, C.EXPEL)


def test_only_an_expulsion_can_be_restored() -> None:
    resigned = transition(OFFICIAL, C.RESIGN)
    with pytest.raises(InvalidTransition):
        transition(resigned, C.RESTORE)


@pytest.mark.parametrize("status", sorted(LEFT))
@pytest.mark.parametrize("command", [c for c in MemberCommand if c is not C.RESTORE])
def test_nothing_happens_to_a_member_who_has_left(status: MemberStatus, command: MemberCommand) -> None:
    with pytest.raises(InvalidTransition):
        transition(
            MemberState(status, S.OFFICIAL),
            command,
            transfer_kind=K.PERMANENT,
            removal_reason=R.OTHER,
        )


@pytest.mark.parametrize("status", [S.PROBATIONARY, S.OFFICIAL, S.EXEMPT, S.TRANSFER_PENDING, S.TEMPORARILY_AWAY])
def test_any_active_member_can_die_or_resign(status: MemberStatus) -> None:
    current = MemberState(status, S.OFFICIAL if status not in (S.PROBATIONARY, S.OFFICIAL, S.EXEMPT) else None)
    assert transition(current, C.DIE).status is S.DECEASED
    assert transition(current, C.RESIGN).status is S.RESIGNED


def test_allowed_commands_of_a_probationary_member() -> None:
    assert allowed_commands(PROBATIONARY) == {
        C.RECOGNISE,
        C.REMOVE_FROM_ROLLS,
        C.TRANSFER_OUT,
        C.RESIGN,
        C.DIE,
    }


def test_allowed_commands_of_an_expelled_member() -> None:
    assert allowed_commands(MemberState(S.EXPELLED, S.OFFICIAL)) == {C.RESTORE}


COMMANDS = st.sampled_from(list(MemberCommand))


@given(st.lists(st.tuples(COMMANDS, st.sampled_from(list(TransferKind))), max_size=12))
def test_every_reachable_state_keeps_a_standing_while_active(
    steps: list[tuple[MemberCommand, TransferKind]],
) -> None:
    state = PROBATIONARY
    for command, kind in steps:
        try:
            state = transition(state, command, transfer_kind=kind, removal_reason=R.OTHER)
        except InvalidTransition:
            continue
        assert state.standing in (S.PROBATIONARY, S.OFFICIAL, S.EXEMPT)
        assert (state.previous_status is not None) == (state.status not in (S.PROBATIONARY, S.OFFICIAL, S.EXEMPT))


@pytest.mark.parametrize(
    ("status", "guest", "counted"),
    [
        (S.OFFICIAL, False, True),
        (S.PROBATIONARY, False, True),
        (S.EXEMPT, False, True),
        (S.TEMPORARILY_AWAY, False, True),
        (S.OFFICIAL, True, False),
        (S.TRANSFER_PENDING, False, False),
        (S.EXPELLED, False, False),
        (S.DECEASED, False, False),
    ],
)
def test_headcount(status: MemberStatus, guest: bool, counted: bool) -> None:
    assert counts_in_headcount(status, is_temporary_guest=guest) is counted


def test_members_in_transit_are_still_party_members() -> None:
    assert is_active(S.TRANSFER_PENDING)
    assert not is_active(S.REMOVED)


# --- limits ---

DAYS = policies.TRANSFER_PRESENTATION_DAYS.at(date(2026, 1, 1))


def test_transfer_letter_must_be_presented_within_30_calendar_days() -> None:
    assert transfer_presentation_deadline(date(2026, 2, 1), presentation_days=DAYS) == date(2026, 3, 3)
    check_transfer_presentation(date(2026, 2, 1), date(2026, 3, 3), presentation_days=DAYS)


def test_transfer_presented_after_30_days_is_refused_unless_overridden() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_transfer_presentation(date(2026, 2, 1), date(2026, 3, 4), presentation_days=DAYS)
    assert raised.value.code == "member.transfer_presented_late"
    assert raised.value.overridable
    check_transfer_presentation(
        date(2026, 2, 1), date(2026, 3, 4), presentation_days=DAYS, override_reason="hospitalised"
    )


def test_transfer_presented_before_issue_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_transfer_presentation(date(2026, 2, 1), date(2026, 1, 31), presentation_days=DAYS, override_reason="x")
    assert raised.value.code == "member.transfer_presented_before_issue"


def test_pending_transfer_is_listed_as_overdue_after_the_limit() -> None:
    status = transfer_presentation_status(date(2026, 2, 1), date(2026, 3, 4), presentation_days=DAYS)
    assert status.kind is DeadlineKind.TRANSFER_PRESENTATION
    assert status.overdue
    assert not transfer_presentation_status(date(2026, 2, 1), date(2026, 3, 3), presentation_days=DAYS).overdue


def _temporary(start: date, end: date, *, study: bool = False) -> None:
    check_temporary_period(start, end, for_study=study, min_months=3, max_months_exclusive=12, max_months_study=24)


def test_temporary_transfer_of_exactly_3_months_is_allowed() -> None:
    _temporary(date(2026, 1, 15), date(2026, 4, 15))


def test_temporary_transfer_shorter_than_3_months_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        _temporary(date(2026, 1, 15), date(2026, 4, 14))
    assert raised.value.code == "member.temporary_too_short"


def test_temporary_transfer_of_a_full_year_is_refused_but_a_day_less_is_allowed() -> None:
    _temporary(date(2026, 1, 15), date(2027, 1, 14))
    with pytest.raises(RuleViolation) as raised:
        _temporary(date(2026, 1, 15), date(2027, 1, 15))
    assert raised.value.code == "member.temporary_too_long"


def test_temporary_transfer_for_study_may_last_exactly_two_years() -> None:
    _temporary(date(2026, 9, 1), date(2028, 9, 1), study=True)
    with pytest.raises(RuleViolation):
        _temporary(date(2026, 9, 1), date(2028, 9, 2), study=True)


def test_temporary_transfer_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        _temporary(date(2026, 9, 1), date(2026, 9, 1))
    assert raised.value.code == "member.temporary_period_invalid"


def test_removal_for_absence_needs_3_months_in_the_year() -> None:
    check_removal_grounds(R.ABSENCE_3_MONTHS, 3, threshold=3)
    check_removal_grounds(R.OTHER, 0, threshold=3)
    with pytest.raises(RuleViolation) as raised:
        check_removal_grounds(R.DUES_3_MONTHS, 2, threshold=3)
    assert raised.value.params == {"reason": "dues_3_months", "months": 2, "threshold": 3}


# --- official on a past day (introducers and the count of a branch vote loaded from history) ---

RECOGNISED_2000 = MemberDates(admission_date=date(1999, 1, 10), recognition_date=date(2000, 1, 10))


def test_a_member_who_has_since_died_was_official_before_and_not_from_the_day_they_left() -> None:
    died = MemberState(S.DECEASED, S.OFFICIAL)
    dates = MemberDates(date(1999, 1, 10), date(2000, 1, 10), left_on=date(2020, 5, 1))
    assert official_on(died, dates, date(2020, 4, 30))
    assert not official_on(died, dates, date(2020, 5, 1))


def test_official_from_the_recognition_date_not_a_day_earlier() -> None:
    assert official_on(OFFICIAL, RECOGNISED_2000, date(2000, 1, 10))
    assert not official_on(OFFICIAL, RECOGNISED_2000, date(2000, 1, 9))


def test_without_a_recognition_date_the_present_standing_decides_but_not_before_admission() -> None:
    undated = MemberDates(admission_date=date(2018, 6, 1))
    assert official_on(OFFICIAL, undated, date(2019, 1, 1))
    assert not official_on(OFFICIAL, undated, date(2018, 5, 31))
    assert not official_on(PROBATIONARY, undated, date(2019, 1, 1))


def test_an_exempt_member_and_one_who_left_without_a_date_are_not_counted() -> None:
    assert not official_on(EXEMPT, RECOGNISED_2000, date(2016, 1, 1))
    assert not official_on(MemberState(S.RESIGNED, S.OFFICIAL), RECOGNISED_2000, date(2016, 1, 1))
