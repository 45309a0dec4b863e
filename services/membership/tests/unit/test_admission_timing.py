"""Time limits of admission in Vietnamese working days, and the recognition date."""

from __future__ import annotations

from datetime import date

import pytest

from membership.admission.timing import (
    CEREMONY,
    DECISION,
    check_recognition_vote,
    check_step_date,
    party_age_months,
    probation_end,
)
from shared.errors import RuleViolation
from shared.workdays import vietnam_calendar

CAL = vietnam_calendar(range(2024, 2028))


def test_decision_deadline_skips_tet() -> None:
    # Vote Friday 20 Dec 2024: 60 working days, skipping 1 Jan and Tết Ất Tỵ, end on Monday 24 Mar 2025.
    assert CAL.add_working_days(date(2024, 12, 20), 60) == date(2025, 3, 24)


def test_decision_on_the_last_working_day_is_on_time() -> None:
    check_step_date(DECISION, date(2024, 12, 20), date(2025, 3, 24), CAL, working_days=60)


def test_decision_one_working_day_late_is_refused_but_overridable() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_step_date(DECISION, date(2024, 12, 20), date(2025, 3, 25), CAL, working_days=60)
    error = raised.value
    assert error.code == "admission.decision_late"
    assert error.overridable
    assert error.params["deadline"] == "2025-03-24"
    assert error.params["working_days_taken"] == 61


def test_late_decision_is_accepted_with_a_recorded_reason() -> None:
    check_step_date(
        DECISION, date(2024, 12, 20), date(2025, 4, 30), CAL, working_days=60, override_reason="committee reorganised"
    )


def test_a_blank_reason_does_not_override() -> None:
    with pytest.raises(RuleViolation):
        check_step_date(DECISION, date(2024, 12, 20), date(2025, 3, 25), CAL, working_days=60, override_reason="  ")


def test_decision_before_the_vote_cannot_be_overridden() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_step_date(DECISION, date(2025, 3, 2), date(2025, 3, 1), CAL, working_days=60, override_reason="typo")
    assert raised.value.code == "admission.decision_before_vote"
    assert not raised.value.overridable


def test_ceremony_within_30_working_days_across_tet_2026_is_on_time() -> None:
    # Decision Fri 30 Jan 2026; 30 working days skip Tết Bính Ngọ (16–20 Feb), so 20 Mar is the last day.
    check_step_date(CEREMONY, date(2026, 1, 30), date(2026, 3, 20), CAL, working_days=30)
    with pytest.raises(RuleViolation) as raised:
        check_step_date(CEREMONY, date(2026, 1, 30), date(2026, 3, 23), CAL, working_days=30)
    assert raised.value.code == "admission.ceremony_late"
    assert raised.value.overridable


def test_ceremony_before_the_decision_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_step_date(CEREMONY, date(2026, 1, 30), date(2026, 1, 29), CAL, working_days=30, override_reason="x")
    assert raised.value.code == "admission.ceremony_before_decision"


def test_probation_ends_twelve_months_after_the_ceremony() -> None:
    assert probation_end(date(2025, 3, 15), probation_months=12) == date(2026, 3, 15)


def test_probation_from_29_february_ends_on_28_february() -> None:
    assert probation_end(date(2024, 2, 29), probation_months=12) == date(2025, 2, 28)


def test_party_age_counts_from_the_decision_not_the_ceremony() -> None:
    assert party_age_months(date(2025, 3, 1), date(2026, 3, 1)) == 12
    assert party_age_months(date(2025, 3, 1), date(2025, 2, 1)) == 0


def test_recognition_vote_before_probation_ends_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_recognition_vote(date(2025, 3, 15), date(2026, 3, 14), CAL, probation_months=12, review_working_days=30)
    assert raised.value.code == "admission.probation_not_over"
    assert raised.value.params["probation_ends_on"] == "2026-03-15"
    assert not raised.value.overridable


def test_recognition_on_the_day_probation_ends_is_dated_that_day() -> None:
    recognised = check_recognition_vote(
        date(2025, 3, 15), date(2026, 3, 15), CAL, probation_months=12, review_working_days=30
    )
    assert recognised == date(2026, 3, 15)


def test_recognition_dates_from_end_of_probation_when_vote_is_late() -> None:
    recognised = check_recognition_vote(
        date(2025, 3, 15),
        date(2026, 6, 1),
        CAL,
        probation_months=12,
        review_working_days=30,
        override_reason="secretary on sick leave",
    )
    assert recognised == date(2026, 3, 15)


def test_late_recognition_vote_without_a_reason_is_refused_as_overridable() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_recognition_vote(date(2025, 3, 15), date(2026, 6, 1), CAL, probation_months=12, review_working_days=30)
    assert raised.value.code == "admission.recognition_late"
    assert raised.value.overridable
    assert raised.value.params["deadline"] == "2026-04-24"
