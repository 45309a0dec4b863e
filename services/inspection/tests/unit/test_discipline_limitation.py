"""Discipline: the limitation period at its edges, its history from 102-QĐ/TW, the categories never time-barred,
the restart on a new violation, and the whole decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID, uuid5

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection.discipline import (
    LIMITATION,
    MEMBER_LIMITATION,
    ORGANISATION_LIMITATION,
    DecidingLevel,
    DisciplineDecision,
    DisciplineTarget,
    LimitationPeriods,
    Measure,
    MemberStanding,
    TargetKind,
    ViolationCategory,
    check_limitation,
    limitation_deadline,
    limitation_start,
    validate_decision,
)
from shared.calendar import add_years
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
PERIODS = MEMBER_LIMITATION.at(date(2025, 1, 1))
ORG_PERIODS = ORGANISATION_LIMITATION.at(date(2025, 1, 1))


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
        issuer_level=DecidingLevel.GRASSROOTS_COMMITTEE,
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
    check_limitation(measure, violation_on, date(2014 + years, 6, 15), PERIODS)


@pytest.mark.parametrize(
    ("measure", "years"),
    [(Measure.REPRIMAND, 5), (Measure.WARNING, 10), (Measure.REMOVAL_FROM_POST, 10)],
)
def test_a_decision_the_day_after_the_anniversary_is_time_barred(measure: Measure, years: int) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_limitation(measure, date(2014, 6, 15), date(2014 + years, 6, 16), PERIODS)
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
    check_limitation(Measure.REPRIMAND, date(2020, 2, 29), date(2025, 2, 28), PERIODS)
    with pytest.raises(RuleViolation) as excinfo:
        check_limitation(Measure.REPRIMAND, date(2020, 2, 29), date(2025, 3, 1), PERIODS)
    assert excinfo.value.params["deadline"] == "2025-02-28"


def test_a_leap_day_deadline_falls_on_the_leap_day_when_the_end_year_is_leap() -> None:
    assert limitation_deadline(Measure.REPRIMAND, date(2019, 2, 28), PERIODS) == date(2024, 2, 28)
    assert limitation_deadline(Measure.WARNING, date(2020, 2, 29), PERIODS) == date(2030, 2, 28)


@pytest.mark.parametrize(
    ("kind", "measure"),
    [(TargetKind.MEMBER, Measure.EXPULSION), (TargetKind.ORGANISATION, Measure.DISSOLUTION)],
)
def test_expulsion_and_dissolution_have_no_limitation(kind: TargetKind, measure: Measure) -> None:
    periods = LIMITATION[kind].at(date(2025, 1, 1))
    assert limitation_deadline(measure, date(1990, 1, 1), periods) is None
    check_limitation(measure, date(1990, 1, 1), date(2025, 1, 1), periods)


@pytest.mark.parametrize(("measure", "years"), [(Measure.REPRIMAND, 5), (Measure.WARNING, 10)])
def test_organisation_measures_use_the_same_periods_as_members(measure: Measure, years: int) -> None:
    check_limitation(measure, date(2010, 1, 31), date(2010 + years, 1, 31), ORG_PERIODS)
    with pytest.raises(RuleViolation):
        check_limitation(measure, date(2010, 1, 31), date(2010 + years, 2, 1), ORG_PERIODS)


def test_a_measure_without_a_configured_period_is_a_configuration_error() -> None:
    with pytest.raises(LookupError):
        ORG_PERIODS.years_for(Measure.EXPULSION)


@given(
    violation_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=6000),
    measure=st.sampled_from([Measure.REPRIMAND, Measure.WARNING, Measure.REMOVAL_FROM_POST]),
)
def test_limitation_refuses_exactly_the_decisions_after_the_anniversary(
    violation_on: date, days: int, measure: Measure
) -> None:
    decided_on = date.fromordinal(violation_on.toordinal() + days)
    years = PERIODS.years_for(measure)
    assert years is not None
    in_time = decided_on <= add_years(violation_on, years)
    try:
        check_limitation(measure, violation_on, decided_on, PERIODS)
    except RuleViolation:
        assert not in_time
    else:
        assert in_time


def test_a_new_policy_version_changes_the_period_only_from_its_effective_date() -> None:
    shorter = LimitationPeriods(
        {Measure.REPRIMAND: 3, Measure.WARNING: 10, Measure.REMOVAL_FROM_POST: 10, Measure.EXPULSION: None}
    )
    policies = {**LIMITATION, TargetKind.MEMBER: MEMBER_LIMITATION.with_version(date(2026, 1, 1), shorter, "test")}
    old = decision(measure=Measure.REPRIMAND, violation_on=date(2021, 12, 1), decided_on=date(2025, 12, 31))
    validate_decision(old, target_org_ancestor_ids=ANCESTORS[BRANCH_A], limitation=policies)
    late = replace(old, decided_on=date(2026, 1, 2))
    with pytest.raises(RuleViolation) as excinfo:
        validate_decision(late, target_org_ancestor_ids=ANCESTORS[BRANCH_A], limitation=policies)
    assert excinfo.value.params["years"] == 3


@pytest.mark.parametrize(
    ("decided_on", "source"),
    [
        (date(2017, 11, 15), "102-QĐ/TW ngày 15/11/2017, Điều 3"),
        (date(2022, 7, 5), "102-QĐ/TW ngày 15/11/2017, Điều 3"),
        (date(2022, 7, 6), "69-QĐ/TW ngày 06/07/2022, Điều 6"),
        (date(2025, 2, 14), "69-QĐ/TW ngày 06/07/2022, Điều 6"),
    ],
)
def test_member_limitation_is_the_version_of_the_decision_date(decided_on: date, source: str) -> None:
    version = MEMBER_LIMITATION.version_at(decided_on)
    assert source in version.source
    assert version.value.years_for(Measure.REPRIMAND) == 5


def test_a_member_decision_on_the_day_102_qd_tw_was_issued_has_a_rule_and_the_day_before_none() -> None:
    d = decision(violation_on=date(2017, 1, 1), decided_on=date(2017, 11, 15))
    validate_decision(d, target_org_ancestor_ids=ANCESTORS[BRANCH_A])
    with pytest.raises(PolicyNotInForce) as excinfo:
        validate_decision(replace(d, decided_on=date(2017, 11, 14)), target_org_ancestor_ids=ANCESTORS[BRANCH_A])
    assert excinfo.value.on == date(2017, 11, 14)


def test_organisation_limitation_starts_with_07_qdi_tw() -> None:
    assert "07-QĐi/TW ngày 28/08/2018, Điều 5" in ORGANISATION_LIMITATION.version_at(date(2018, 8, 28)).source
    with pytest.raises(PolicyNotInForce) as excinfo:
        ORGANISATION_LIMITATION.at(date(2018, 8, 27))
    assert excinfo.value.name == "discipline.limitation.organisations"


# --- never time-barred categories and the restart -------------------------------------------------------------


@pytest.mark.parametrize("category", list(ViolationCategory))
@pytest.mark.parametrize("decided_on", [date(2019, 1, 1), date(2025, 1, 1)])
def test_a_listed_category_is_never_time_barred_for_a_member(category: ViolationCategory, decided_on: date) -> None:
    periods = MEMBER_LIMITATION.at(decided_on)
    check_limitation(Measure.REPRIMAND, date(1990, 1, 1), decided_on, periods, category=category)
    assert limitation_deadline(Measure.WARNING, date(1990, 1, 1), periods, category=category) is None


def test_false_qualifications_of_an_organisation_were_time_barred_before_69_qd_tw() -> None:
    before, after = ORGANISATION_LIMITATION.at(date(2020, 1, 1)), ORGANISATION_LIMITATION.at(date(2023, 1, 1))
    category = ViolationCategory.ILLEGAL_QUALIFICATIONS
    assert limitation_deadline(Measure.REPRIMAND, date(2010, 1, 1), before, category=category) == date(2015, 1, 1)
    assert limitation_deadline(Measure.REPRIMAND, date(2010, 1, 1), after, category=category) is None


def test_without_a_category_the_same_old_reprimand_is_time_barred() -> None:
    with pytest.raises(RuleViolation):
        check_limitation(Measure.REPRIMAND, date(1990, 1, 1), date(2025, 1, 1), PERIODS)


def test_a_new_violation_inside_the_period_restarts_the_clock() -> None:
    assert limitation_start(date(2015, 3, 1), [date(2020, 3, 1)], 5) == date(2020, 3, 1)
    check_limitation(
        Measure.REPRIMAND, date(2015, 3, 1), date(2025, 3, 1), PERIODS, later_violations=[date(2020, 3, 1)]
    )
    with pytest.raises(RuleViolation) as excinfo:
        check_limitation(
            Measure.REPRIMAND, date(2015, 3, 1), date(2025, 3, 2), PERIODS, later_violations=[date(2020, 3, 1)]
        )
    assert excinfo.value.params["deadline"] == "2025-03-01"


def test_a_new_violation_the_day_after_the_period_ended_restarts_nothing() -> None:
    assert limitation_start(date(2015, 3, 1), [date(2020, 3, 2)], 5) == date(2015, 3, 1)
    with pytest.raises(RuleViolation):
        check_limitation(
            Measure.REPRIMAND, date(2015, 3, 1), date(2021, 1, 1), PERIODS, later_violations=[date(2020, 3, 2)]
        )


def test_restarts_chain_while_each_new_violation_falls_inside_the_running_period() -> None:
    later = [date(2024, 1, 1), date(2019, 1, 1)]
    assert limitation_start(date(2015, 1, 1), later, 5) == date(2024, 1, 1)
    assert limitation_start(date(2015, 1, 1), [date(2012, 1, 1)], 5) == date(2015, 1, 1)


def test_a_later_violation_after_the_decision_date_is_refused() -> None:
    d = decision(later_violations=(date(2025, 3, 11),))
    with pytest.raises(RuleViolation) as excinfo:
        validate_decision(d, target_org_ancestor_ids=ANCESTORS[BRANCH_A])
    assert (code_of(excinfo), excinfo.value.field) == (
        "discipline.violation_after_decision",
        "later_violation_dates[0]",
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
