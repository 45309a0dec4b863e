"""Appeals go up level by level to the final authority; a level may uphold, reduce, annul or increase."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

import pytest

from inspection.appeals import (
    APPEAL_OUTCOMES,
    FINAL_AUTHORITY,
    AppealOutcome,
    FinalAuthority,
    Hearing,
    PriorAppeal,
    decide_appeal,
    effects_of_outcome,
    lodge_appeal,
    next_committee,
    next_hearing,
    transition_actions,
)
from inspection.appeals.rules import Appeal, check_outcome_allowed
from inspection.discipline import (
    Action,
    DecidingLevel,
    DisciplineDecision,
    DisciplineTarget,
    Measure,
    MemberStanding,
)
from shared.errors import RuleViolation
from shared.policy import Policy, PolicyNotInForce

_NS = UUID("6f0c8c3e-1b1f-4d57-9a3e-0a4f1f6a2b10")
PROVINCE, DISTRICT, COMMUNE, PARTIAL, BRANCH, MEMBER_ID = (
    uuid5(_NS, n) for n in ("province", "district", "commune", "partial", "branch", "member")
)
ABOVE_BRANCH = [(PROVINCE, "province"), (DISTRICT, "district"), (COMMUNE, "grassroots_committee")]
ABOVE_COMMUNE = ABOVE_BRANCH[:2]
ABOVE_DISTRICT = ABOVE_BRANCH[:1]
ON = date(2026, 3, 1)


# --- which level hears it -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ancestors", "expected"),
    [
        (ABOVE_BRANCH, COMMUNE),
        ([*ABOVE_BRANCH, (PARTIAL, "partial_committee")], COMMUNE),
        (ABOVE_COMMUNE, DISTRICT),
        (ABOVE_DISTRICT, PROVINCE),
        ([], None),
    ],
)
def test_the_next_level_is_the_nearest_committee_above(ancestors: list[tuple[UUID, str]], expected: UUID) -> None:
    assert next_committee(ancestors) == expected


def test_a_first_appeal_against_a_commune_goes_to_the_district() -> None:
    hearing = next_hearing(Measure.EXPULSION, [], ABOVE_COMMUNE, requested=None, central=False, on=ON)
    assert hearing == Hearing(1, DISTRICT)
    assert next_hearing(Measure.EXPULSION, [], ABOVE_COMMUNE, requested=DISTRICT, central=False, on=ON) == hearing


@pytest.mark.parametrize(("requested", "central"), [(PROVINCE, False), (COMMUNE, False), (None, True)])
def test_skipping_a_level_or_going_back_down_is_refused(requested: UUID | None, central: bool) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        next_hearing(Measure.WARNING, [], ABOVE_COMMUNE, requested=requested, central=central, on=ON)
    assert (excinfo.value.code, excinfo.value.field) == ("appeals.not_the_next_level", "heard_by_org_id")
    assert excinfo.value.params["expected"] == str(DISTRICT)


def test_the_second_level_is_counted_and_heard_above_the_first() -> None:
    prior = [PriorAppeal(1, DISTRICT, date(2026, 2, 20))]
    assert next_hearing(Measure.EXPULSION, prior, ABOVE_DISTRICT, requested=None, central=False, on=ON) == Hearing(
        2, PROVINCE
    )


@pytest.mark.parametrize(
    ("measure", "authority"),
    [
        (Measure.REPRIMAND, FinalAuthority.CENTRAL_INSPECTION_COMMISSION),
        (Measure.WARNING, FinalAuthority.CENTRAL_INSPECTION_COMMISSION),
        (Measure.REMOVAL_FROM_POST, FinalAuthority.CENTRAL_INSPECTION_COMMISSION),
        (Measure.EXPULSION, FinalAuthority.SECRETARIAT),
    ],
)
def test_above_the_province_the_final_authority_depends_on_the_measure(
    measure: Measure, authority: FinalAuthority
) -> None:
    prior = [PriorAppeal(1, DISTRICT, date(2026, 1, 20)), PriorAppeal(2, PROVINCE, date(2026, 2, 20))]
    assert next_hearing(measure, prior, [], requested=None, central=True, on=ON) == Hearing(3, None, authority)
    assert next_hearing(measure, prior, [], requested=None, central=False, on=ON) == Hearing(3, None, authority)


def test_no_organisation_of_the_tree_may_be_named_above_the_province() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        next_hearing(Measure.WARNING, [], [], requested=DISTRICT, central=False, on=ON)
    assert excinfo.value.params == {"requested": str(DISTRICT), "expected": "central"}


def test_after_the_final_authority_there_is_no_further_appeal() -> None:
    prior = [PriorAppeal(1, PROVINCE, date(2026, 1, 20)), PriorAppeal(2, None, date(2026, 2, 20))]
    with pytest.raises(RuleViolation) as excinfo:
        next_hearing(Measure.WARNING, prior, [], requested=None, central=True, on=ON)
    assert excinfo.value.code == "appeals.final_decision_reached"
    assert excinfo.value.params == {"level": 2}


def test_the_final_authority_has_no_version_before_30_qd_tw() -> None:
    assert "30-QĐ/TW ngày 26/07/2016" in FINAL_AUTHORITY.version_at(date(2016, 7, 26)).source
    with pytest.raises(PolicyNotInForce):
        FINAL_AUTHORITY.at(date(2016, 7, 25))


# --- each level's window --------------------------------------------------------------------------------------


def decision(measure: Measure = Measure.WARNING, *, target: DisciplineTarget | None = None) -> DisciplineDecision:
    return DisciplineDecision(
        number="7-QĐ/ĐU",
        decided_on=date(2026, 1, 10),
        issuing_org_id=COMMUNE,
        violation_on=date(2025, 12, 1),
        measure=measure,
        target=target or DisciplineTarget.member(MEMBER_ID, BRANCH, MemberStanding.OFFICIAL, holds_post=True),
        issuer_level=DecidingLevel.GRASSROOTS_COMMITTEE,
    )


def test_a_further_appeal_runs_one_month_from_receiving_the_lower_levels_decision() -> None:
    lower_decided = date(2026, 3, 10)
    with pytest.raises(RuleViolation) as excinfo:
        lodge_appeal(decision(), received_on=date(2026, 3, 9), lodged_on=date(2026, 3, 12), contested_on=lower_decided)
    assert excinfo.value.code == "appeals.received_before_decision"
    lodge_appeal(decision(), received_on=date(2026, 3, 12), lodged_on=date(2026, 4, 12), contested_on=lower_decided)
    with pytest.raises(RuleViolation) as late:
        lodge_appeal(decision(), received_on=date(2026, 3, 12), lodged_on=date(2026, 4, 13), contested_on=lower_decided)
    assert late.value.code == "appeals.window_expired"


# --- increases ------------------------------------------------------------------------------------------------


def appeal(
    contested: Measure = Measure.WARNING, *, level: DecidingLevel | None = DecidingLevel.DISTRICT, **kw: object
) -> Appeal:
    return Appeal(
        decision=decision(**kw),  # type: ignore[arg-type]
        received_on=date(2026, 1, 12),
        lodged_on=date(2026, 1, 20),
        contested=contested,
        hearing_level=level,
    )


def test_a_level_may_increase_a_warning_to_expulsion() -> None:
    decided = decide_appeal(
        appeal(), outcome=AppealOutcome.INCREASED, decided_on=date(2026, 2, 1), new_measure=Measure.EXPULSION
    )
    assert decided.new_measure is Measure.EXPULSION


@pytest.mark.parametrize("lighter", [Measure.WARNING, Measure.REPRIMAND])
def test_an_increase_to_the_same_or_a_lighter_measure_is_refused(lighter: Measure) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(appeal(), outcome=AppealOutcome.INCREASED, decided_on=date(2026, 2, 1), new_measure=lighter)
    assert excinfo.value.code == "appeals.increase_not_heavier"
    assert excinfo.value.params == {"original_measure": "warning", "new_measure": str(lighter)}


def test_a_reduction_is_judged_against_the_measure_contested_at_this_level() -> None:
    reduced_below = appeal(Measure.WARNING, measure=Measure.EXPULSION)
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(
            reduced_below, outcome=AppealOutcome.REDUCED, decided_on=date(2026, 2, 1), new_measure=Measure.WARNING
        )
    assert excinfo.value.code == "appeals.reduction_not_lighter"


def test_a_grassroots_committee_hearing_an_appeal_may_not_raise_an_organisation_to_dissolution() -> None:
    organisation = DisciplineTarget.organisation(BRANCH)
    hearing = appeal(level=DecidingLevel.GRASSROOTS_COMMITTEE, measure=Measure.WARNING, target=organisation)
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(
            hearing, outcome=AppealOutcome.INCREASED, decided_on=date(2026, 2, 1), new_measure=Measure.DISSOLUTION
        )
    assert excinfo.value.code == "discipline.measure_beyond_competence"
    central = appeal(level=None, measure=Measure.WARNING, target=organisation)
    decide_appeal(
        central, outcome=AppealOutcome.INCREASED, decided_on=date(2026, 2, 1), new_measure=Measure.DISSOLUTION
    )


def test_an_increase_must_name_a_measure_the_target_can_receive() -> None:
    without_post = DisciplineTarget.member(MEMBER_ID, BRANCH, MemberStanding.OFFICIAL)
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(
            appeal(target=without_post),
            outcome=AppealOutcome.INCREASED,
            decided_on=date(2026, 2, 1),
            new_measure=Measure.REMOVAL_FROM_POST,
        )
    assert excinfo.value.code == "discipline.no_post_to_remove"


def test_an_outcome_the_rule_in_force_does_not_allow_is_refused() -> None:
    strict: Policy[frozenset[AppealOutcome]] = APPEAL_OUTCOMES.with_version(
        date(2026, 1, 1), frozenset(AppealOutcome) - {AppealOutcome.INCREASED}, "test"
    )
    check_outcome_allowed(AppealOutcome.INCREASED, date(2025, 12, 31), strict)
    with pytest.raises(RuleViolation) as excinfo:
        check_outcome_allowed(AppealOutcome.INCREASED, date(2026, 1, 1), strict)
    assert excinfo.value.params == {"outcome": "increased"}


@pytest.mark.parametrize(
    ("contested", "new_measure", "actions"),
    [
        (Measure.WARNING, Measure.EXPULSION, (Action.EXPEL_MEMBER,)),
        (Measure.WARNING, Measure.REMOVAL_FROM_POST, (Action.REMOVE_FROM_POST,)),
        (Measure.REMOVAL_FROM_POST, Measure.EXPULSION, (Action.EXPEL_MEMBER,)),
        (Measure.REPRIMAND, Measure.WARNING, ()),
    ],
)
def test_an_increase_applies_what_the_heavier_measure_takes(
    contested: Measure, new_measure: Measure, actions: tuple[Action, ...]
) -> None:
    effects = effects_of_outcome(contested, AppealOutcome.INCREASED, new_measure)
    assert (effects.measure_in_force, effects.actions) == (new_measure, actions)


def test_an_organisation_warning_increased_to_dissolution_dissolves_it() -> None:
    assert transition_actions(Measure.WARNING, Measure.DISSOLUTION) == (Action.DISSOLVE_ORGANISATION,)
    assert transition_actions(Measure.DISSOLUTION, Measure.WARNING) == (Action.RESTORE_ORGANISATION,)
