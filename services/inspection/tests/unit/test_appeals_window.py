"""Appeals: the one-month window at month ends, and the decision in force while pending."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid5

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection.appeals import (
    APPEAL_WINDOW_MONTHS,
    Appeal,
    AppealOutcome,
    AppealState,
    appeal_deadline,
    decide_appeal,
    lodge_appeal,
    measure_in_force,
)
from inspection.discipline import (
    DecidingLevel,
    DisciplineDecision,
    DisciplineTarget,
    Measure,
    MemberStanding,
)
from shared.calendar import add_months
from shared.errors import RuleViolation

_NS = UUID("6f0c8c3e-1b1f-4d57-9a3e-0a4f1f6a2b10")
COMMUNE, BRANCH_A, MEMBER_ID = (uuid5(_NS, n) for n in ("commune", "branch-a", "member"))


def decision(
    measure: Measure = Measure.EXPULSION,
    *,
    target: DisciplineTarget | None = None,
    decided_on: date = date(2025, 1, 20),
) -> DisciplineDecision:
    return DisciplineDecision(
        number="7-QĐ/ĐU",
        decided_on=decided_on,
        issuing_org_id=COMMUNE,
        violation_on=date(2024, 12, 1),
        measure=measure,
        target=target or DisciplineTarget.member(MEMBER_ID, BRANCH_A, MemberStanding.OFFICIAL, holds_post=True),
        issuer_level=DecidingLevel.GRASSROOTS_COMMITTEE,
    )


def lodged(d: DisciplineDecision | None = None) -> Appeal:
    return lodge_appeal(d or decision(), received_on=date(2025, 1, 31), lodged_on=date(2025, 2, 10))


# --- the window ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_on", "deadline"),
    [
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2025, 1, 30), date(2025, 2, 28)),
        (date(2025, 3, 31), date(2025, 4, 30)),
        (date(2025, 3, 15), date(2025, 4, 15)),
        (date(2025, 12, 31), date(2026, 1, 31)),
        (date(2025, 2, 28), date(2025, 3, 28)),
    ],
)
def test_the_window_ends_on_the_same_day_next_month_or_its_last_day(received_on: date, deadline: date) -> None:
    assert appeal_deadline(received_on, 1) == deadline
    d = decision(decided_on=received_on)
    lodge_appeal(d, received_on=received_on, lodged_on=deadline)
    with pytest.raises(RuleViolation) as excinfo:
        lodge_appeal(d, received_on=received_on, lodged_on=deadline + timedelta(days=1))
    assert excinfo.value.code == "appeals.window_expired"
    assert excinfo.value.field == "lodged_on"
    assert excinfo.value.params == {
        "received_on": received_on.isoformat(),
        "lodged_on": (deadline + timedelta(days=1)).isoformat(),
        "deadline": deadline.isoformat(),
        "months": 1,
    }


def test_received_31_january_an_appeal_on_1_march_is_late_in_a_common_year() -> None:
    with pytest.raises(RuleViolation):
        lodge_appeal(decision(), received_on=date(2025, 1, 31), lodged_on=date(2025, 3, 1))


def test_the_window_counts_from_receipt_not_from_the_decision_date() -> None:
    d = decision(decided_on=date(2025, 1, 2))
    appeal = lodge_appeal(d, received_on=date(2025, 1, 31), lodged_on=date(2025, 2, 28))
    assert appeal.state is AppealState.LODGED


def test_an_appeal_on_the_day_of_receipt_is_accepted() -> None:
    lodge_appeal(decision(), received_on=date(2025, 1, 20), lodged_on=date(2025, 1, 20))


def test_a_decision_cannot_be_received_before_it_was_issued() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        lodge_appeal(decision(), received_on=date(2025, 1, 19), lodged_on=date(2025, 1, 25))
    assert excinfo.value.code == "appeals.received_before_decision"


def test_an_appeal_cannot_be_lodged_before_the_decision_was_received() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        lodge_appeal(decision(), received_on=date(2025, 1, 25), lodged_on=date(2025, 1, 24))
    assert excinfo.value.code == "appeals.lodged_before_receipt"


def test_a_longer_window_in_a_later_policy_version_applies_to_decisions_received_after_it() -> None:
    policy = APPEAL_WINDOW_MONTHS.with_version(date(2026, 1, 1), 2, "hypothetical amendment")
    lodge_appeal(decision(), received_on=date(2026, 1, 31), lodged_on=date(2026, 3, 31), window=policy)
    with pytest.raises(RuleViolation):
        lodge_appeal(decision(), received_on=date(2025, 12, 31), lodged_on=date(2026, 2, 28), window=policy)


@given(
    received_on=st.dates(min_value=date(2012, 1, 1), max_value=date(2040, 12, 31)),
    days=st.integers(min_value=0, max_value=70),
)
def test_an_appeal_is_accepted_exactly_up_to_one_calendar_month_after_receipt(received_on: date, days: int) -> None:
    lodged_on = received_on + timedelta(days=days)
    d = decision(decided_on=received_on)
    try:
        lodge_appeal(d, received_on=received_on, lodged_on=lodged_on)
    except RuleViolation:
        assert lodged_on > add_months(received_on, 1)
    else:
        assert lodged_on <= add_months(received_on, 1)


# --- the decision in force ----------------------------------------------------------------------------------


def test_the_decision_stays_in_force_while_the_appeal_is_pending() -> None:
    appeal = lodged()
    assert measure_in_force(appeal.decision, appeal) is Measure.EXPULSION
    assert measure_in_force(appeal.decision) is Measure.EXPULSION


@pytest.mark.parametrize(
    ("outcome", "new_measure", "standing"),
    [
        (AppealOutcome.UPHELD, None, Measure.EXPULSION),
        (AppealOutcome.REDUCED, Measure.WARNING, Measure.WARNING),
        (AppealOutcome.ANNULLED, None, None),
    ],
)
def test_once_decided_the_outcome_sets_the_measure_in_force(
    outcome: AppealOutcome, new_measure: Measure | None, standing: Measure | None
) -> None:
    appeal = decide_appeal(lodged(), outcome=outcome, decided_on=date(2025, 3, 1), new_measure=new_measure)
    assert appeal.state is AppealState.DECIDED
    assert measure_in_force(appeal.decision, appeal) is standing
