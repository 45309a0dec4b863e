"""Discipline: the limitation period at its edges and the whole decision (Quy định 69-QĐ/TW)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID, uuid5

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection.discipline import (
    LIMITATION_PERIODS,
    DisciplineDecision,
    DisciplineTarget,
    LimitationPeriods,
    Measure,
    MemberStanding,
    TargetKind,
    add_years,
    check_limitation,
    limitation_deadline,
    validate_decision,
)
from shared.errors import RuleViolation
from shared.policy import PolicyNotInForce

_NS = UUID("6f0c8c3e-1b1f-4d57-9a3e-0a4f1f6a2b10")
PROVINCE, DISTRICT, OTHER_DISTRICT, COMMUNE, BRANCH_A, BRANCH_B = (
    uuid5(_NS, n) for n in ("province", "district", "other-district", "commune", "branch-a", "branch-b")
)
ANCESTORS = {
    COMMUNE: (PROVINCE, DISTRICT),
    BRANCH_A: (PROVINCE, DISTRICT, COMMUNE),
    BRANCH_B: (PROVINCE, DISTRICT, COMMUNE),
}
MEMBER_ID = uuid5(_NS, "member")
PERIODS = LIMITATION_PERIODS.at(date(2025, 1, 1))


def official(*, holds_post: bool = False) -> DisciplineTarget:
    return DisciplineTarget.member(MEMBER_ID, BRANCH_A, MemberStanding.OFFICIAL, holds_post=holds_post)


def probationary(*, holds_post: bool = False) -> DisciplineTarget:
    return DisciplineTarget.member(MEMBER_ID, BRANCH_A, MemberStanding.PROBATIONARY, holds_post=holds_post)


def decision(**changes: object) -> DisciplineDecision:
    base = DisciplineDecision(
        number="12-QĐ/ĐU",
        decided_on=date(2025, 3, 10),
        issuing_org_id=COMMUNE,
        violation_on=date(2024, 11, 2),
        measure=Measure.WARNING,
        target=official(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def code_of(excinfo: pytest.ExceptionInfo[RuleViolation]) -> str:
    return excinfo.value.code


# --- limitation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "years"),
    [(Measure.REPRIMAND, 5), (Measure.WARNING, 10), (Measure.REMOVAL_FROM_POST, 10)],
)
def test_a_decision_exactly_on_the_anniversary_is_still_in_time(measure: Measure, years: int) -> None:
    violation_on = date(2014, 6, 15)
    check_limitation(measure, TargetKind.MEMBER, violation_on, date(2014 + years, 6, 15), PERIODS)


@pytest.mark.parametrize(
    ("measure", "years"),
    [(Measure.REPRIMAND, 5), (Measure.WARNING, 10), (Measure.REMOVAL_FROM_POST, 10)],
)
def test_a_decision_the_day_after_the_anniversary_is_time_barred(measure: Measure, years: int) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_limitation(measure, TargetKind.MEMBER, date(2014, 6, 15), date(2014 + years, 6, 16), PERIODS)
    assert code_of(excinfo) == "discipline.limitation_expired"
    assert excinfo.value.field == "violation_on"
    assert excinfo.value.params == {
        "measure": str(measure),
        "violation_on": "2014-06-15",
        "decided_on": f"{2014 + years}-06-16",
        "years": years,
        "deadline": f"{2014 + years}-06-15",
    }


def test_a_violation_on_a_leap_day_runs_to_28_february_five_years_later() -> None:
    check_limitation(Measure.REPRIMAND, TargetKind.MEMBER, date(2020, 2, 29), date(2025, 2, 28), PERIODS)
    with pytest.raises(RuleViolation) as excinfo:
        check_limitation(Measure.REPRIMAND, TargetKind.MEMBER, date(2020, 2, 29), date(2025, 3, 1), PERIODS)
    assert excinfo.value.params["deadline"] == "2025-02-28"


def test_a_leap_day_deadline_falls_on_the_leap_day_when_the_end_year_is_leap() -> None:
    assert limitation_deadline(Measure.REPRIMAND, TargetKind.MEMBER, date(2019, 2, 28), PERIODS) == date(2024, 2, 28)
    assert limitation_deadline(Measure.WARNING, TargetKind.MEMBER, date(2020, 2, 29), PERIODS) == date(2030, 2, 28)


@pytest.mark.parametrize(
    ("kind", "measure"),
    [(TargetKind.MEMBER, Measure.EXPULSION), (TargetKind.ORGANISATION, Measure.DISSOLUTION)],
)
def test_expulsion_and_dissolution_have_no_limitation(kind: TargetKind, measure: Measure) -> None:
    assert limitation_deadline(measure, kind, date(1990, 1, 1), PERIODS) is None
    check_limitation(measure, kind, date(1990, 1, 1), date(2025, 1, 1), PERIODS)


@pytest.mark.parametrize(("measure", "years"), [(Measure.REPRIMAND, 5), (Measure.WARNING, 10)])
def test_organisation_measures_use_the_same_periods_as_members(measure: Measure, years: int) -> None:
    check_limitation(measure, TargetKind.ORGANISATION, date(2010, 1, 31), date(2010 + years, 1, 31), PERIODS)
    with pytest.raises(RuleViolation):
        check_limitation(measure, TargetKind.ORGANISATION, date(2010, 1, 31), date(2010 + years, 2, 1), PERIODS)


def test_a_measure_without_a_configured_period_is_a_configuration_error() -> None:
    with pytest.raises(LookupError):
        PERIODS.years_for(TargetKind.ORGANISATION, Measure.EXPULSION)


@given(
    violation_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=6000),
    measure=st.sampled_from([Measure.REPRIMAND, Measure.WARNING, Measure.REMOVAL_FROM_POST]),
)
def test_limitation_refuses_exactly_the_decisions_after_the_anniversary(
    violation_on: date, days: int, measure: Measure
) -> None:
    decided_on = date.fromordinal(violation_on.toordinal() + days)
    years = PERIODS.years_for(TargetKind.MEMBER, measure)
    assert years is not None
    in_time = decided_on <= add_years(violation_on, years)
    try:
        check_limitation(measure, TargetKind.MEMBER, violation_on, decided_on, PERIODS)
    except RuleViolation:
        assert not in_time
    else:
        assert in_time


def test_a_new_policy_version_changes_the_period_only_from_its_effective_date() -> None:
    shorter = LimitationPeriods(
        members={
            Measure.REPRIMAND: 3,
            Measure.WARNING: 10,
            Measure.REMOVAL_FROM_POST: 10,
            Measure.EXPULSION: None,
        },
        organisations={Measure.REPRIMAND: 3, Measure.WARNING: 10, Measure.DISSOLUTION: None},
    )
    policy = LIMITATION_PERIODS.with_version(date(2026, 1, 1), shorter, "hypothetical amendment")
    old = decision(measure=Measure.REPRIMAND, violation_on=date(2021, 12, 1), decided_on=date(2025, 12, 31))
    validate_decision(old, target_org_ancestor_ids=ANCESTORS[BRANCH_A], limitation=policy)
    late = replace(old, decided_on=date(2026, 1, 2))
    with pytest.raises(RuleViolation) as excinfo:
        validate_decision(late, target_org_ancestor_ids=ANCESTORS[BRANCH_A], limitation=policy)
    assert excinfo.value.params["years"] == 3


def test_a_decision_before_69_qd_tw_has_no_limitation_rule_in_force() -> None:
    with pytest.raises(PolicyNotInForce):
        validate_decision(
            decision(violation_on=date(2021, 1, 1), decided_on=date(2022, 7, 5)),
            target_org_ancestor_ids=ANCESTORS[BRANCH_A],
        )


# --- the whole decision -------------------------------------------------------------------------------------


def test_a_valid_decision_is_returned_unchanged() -> None:
    d = decision()
    assert validate_decision(d, target_org_ancestor_ids=ANCESTORS[BRANCH_A]) is d


@pytest.mark.parametrize("number", ["", "   "])
def test_a_decision_needs_a_number(number: str) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_decision(decision(number=number), target_org_ancestor_ids=ANCESTORS[BRANCH_A])
    assert (code_of(excinfo), excinfo.value.field) == ("discipline.number_required", "number")


def test_the_violation_cannot_be_after_the_decision() -> None:
    d = decision(violation_on=date(2025, 3, 11), decided_on=date(2025, 3, 10))
    with pytest.raises(RuleViolation) as excinfo:
        validate_decision(d, target_org_ancestor_ids=ANCESTORS[BRANCH_A])
    assert code_of(excinfo) == "discipline.violation_after_decision"
    assert excinfo.value.params == {"violation_on": "2025-03-11", "decided_on": "2025-03-10"}


def test_a_violation_on_the_decision_day_is_accepted() -> None:
    d = decision(violation_on=date(2025, 3, 10), decided_on=date(2025, 3, 10))
    validate_decision(d, target_org_ancestor_ids=ANCESTORS[BRANCH_A])


def test_a_decision_by_a_sibling_branch_is_refused() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_decision(decision(issuing_org_id=BRANCH_B), target_org_ancestor_ids=ANCESTORS[BRANCH_A])
    assert code_of(excinfo) == "discipline.issuer_not_competent"


def test_expelling_a_probationary_member_is_refused_before_competence_is_checked() -> None:
    d = decision(measure=Measure.EXPULSION, target=probationary(), issuing_org_id=BRANCH_B)
    with pytest.raises(RuleViolation) as excinfo:
        validate_decision(d, target_org_ancestor_ids=ANCESTORS[BRANCH_A])
    assert code_of(excinfo) == "discipline.probationary_measure"


def test_an_old_expulsion_is_never_time_barred() -> None:
    d = decision(measure=Measure.EXPULSION, violation_on=date(2001, 5, 1), decided_on=date(2025, 3, 10))
    validate_decision(d, target_org_ancestor_ids=ANCESTORS[BRANCH_A])
