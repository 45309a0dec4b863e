"""Appeals: deciding once, reductions only to lighter measures, and the effects on other services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID, uuid5

import pytest

from inspection.appeals import (
    Appeal,
    AppealOutcome,
    AppealState,
    decide_appeal,
    effects_of_outcome,
    lodge_appeal,
)
from inspection.discipline import (
    Action,
    DecidingLevel,
    DisciplineDecision,
    DisciplineTarget,
    Measure,
    MemberStanding,
)
from shared.errors import InvalidTransition, RuleViolation

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


# --- deciding -----------------------------------------------------------------------------------------------


def test_an_appeal_is_decided_only_once() -> None:
    decided = decide_appeal(lodged(), outcome=AppealOutcome.UPHELD, decided_on=date(2025, 3, 1))
    with pytest.raises(InvalidTransition) as excinfo:
        decide_appeal(decided, outcome=AppealOutcome.ANNULLED, decided_on=date(2025, 3, 2))
    assert excinfo.value.code == "appeals.already_decided"
    assert excinfo.value.params == {"outcome": "upheld", "decided_on": "2025-03-01"}


def test_an_appeal_cannot_be_decided_before_it_was_lodged() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(lodged(), outcome=AppealOutcome.UPHELD, decided_on=date(2025, 2, 9))
    assert excinfo.value.code == "appeals.decided_before_lodged"


@pytest.mark.parametrize("heavier", [Measure.EXPULSION, Measure.DISSOLUTION])
def test_a_reduction_to_the_same_or_a_heavier_measure_is_refused(heavier: Measure) -> None:
    target = DisciplineTarget.member(MEMBER_ID, BRANCH_A, MemberStanding.OFFICIAL, holds_post=True)
    appeal = lodged(decision(Measure.REMOVAL_FROM_POST, target=target))
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(appeal, outcome=AppealOutcome.REDUCED, decided_on=date(2025, 3, 1), new_measure=heavier)
    assert excinfo.value.code == "appeals.reduction_not_lighter"
    assert excinfo.value.params == {
        "original_measure": "removal_from_post",
        "new_measure": str(heavier),
        "allowed": ["reprimand", "warning"],
    }


def test_a_reduction_to_the_same_measure_is_refused() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(
            lodged(),
            outcome=AppealOutcome.REDUCED,
            decided_on=date(2025, 3, 1),
            new_measure=Measure.EXPULSION,
        )
    assert excinfo.value.code == "appeals.reduction_not_lighter"


def test_a_dissolution_reduced_to_removal_from_post_is_refused_as_off_the_organisation_scale() -> None:
    appeal = lodged(decision(Measure.DISSOLUTION, target=DisciplineTarget.organisation(BRANCH_A)))
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(
            appeal,
            outcome=AppealOutcome.REDUCED,
            decided_on=date(2025, 3, 1),
            new_measure=Measure.REMOVAL_FROM_POST,
        )
    assert excinfo.value.params["allowed"] == ["reprimand", "warning"]


def test_an_expulsion_of_a_member_without_a_post_cannot_be_reduced_to_removal_from_post() -> None:
    target = DisciplineTarget.member(MEMBER_ID, BRANCH_A, MemberStanding.OFFICIAL, holds_post=False)
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(
            lodged(decision(target=target)),
            outcome=AppealOutcome.REDUCED,
            decided_on=date(2025, 3, 1),
            new_measure=Measure.REMOVAL_FROM_POST,
        )
    assert excinfo.value.code == "discipline.no_post_to_remove"


def test_a_reduction_must_name_the_new_measure() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(lodged(), outcome=AppealOutcome.REDUCED, decided_on=date(2025, 3, 1))
    assert (excinfo.value.code, excinfo.value.field) == ("appeals.new_measure_required", "new_measure")


@pytest.mark.parametrize("outcome", [AppealOutcome.UPHELD, AppealOutcome.ANNULLED])
def test_only_a_reduction_names_a_new_measure(outcome: AppealOutcome) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        decide_appeal(lodged(), outcome=outcome, decided_on=date(2025, 3, 1), new_measure=Measure.WARNING)
    assert excinfo.value.code == "appeals.new_measure_not_expected"
    assert excinfo.value.params == {"outcome": str(outcome)}


def test_a_decided_appeal_records_its_outcome() -> None:
    appeal = decide_appeal(
        lodged(), outcome=AppealOutcome.REDUCED, decided_on=date(2025, 3, 1), new_measure=Measure.WARNING
    )
    assert appeal == replace(
        lodged(),
        state=AppealState.DECIDED,
        outcome=AppealOutcome.REDUCED,
        new_measure=Measure.WARNING,
        decided_on=date(2025, 3, 1),
    )


# --- effects on the other services --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "outcome", "new_measure", "standing", "actions"),
    [
        (Measure.EXPULSION, AppealOutcome.UPHELD, None, Measure.EXPULSION, ()),
        (
            Measure.EXPULSION,
            AppealOutcome.ANNULLED,
            None,
            None,
            (Action.RESTORE_MEMBER, Action.RESTORE_POSTS),
        ),
        (
            Measure.EXPULSION,
            AppealOutcome.REDUCED,
            Measure.WARNING,
            Measure.WARNING,
            (Action.RESTORE_MEMBER, Action.RESTORE_POSTS),
        ),
        (
            Measure.EXPULSION,
            AppealOutcome.REDUCED,
            Measure.REMOVAL_FROM_POST,
            Measure.REMOVAL_FROM_POST,
            (Action.RESTORE_MEMBER,),
        ),
        (Measure.REMOVAL_FROM_POST, AppealOutcome.ANNULLED, None, None, (Action.RESTORE_POSTS,)),
        (
            Measure.REMOVAL_FROM_POST,
            AppealOutcome.REDUCED,
            Measure.REPRIMAND,
            Measure.REPRIMAND,
            (Action.RESTORE_POSTS,),
        ),
        (Measure.DISSOLUTION, AppealOutcome.ANNULLED, None, None, (Action.RESTORE_ORGANISATION,)),
        (
            Measure.DISSOLUTION,
            AppealOutcome.REDUCED,
            Measure.WARNING,
            Measure.WARNING,
            (Action.RESTORE_ORGANISATION,),
        ),
        (Measure.DISSOLUTION, AppealOutcome.UPHELD, None, Measure.DISSOLUTION, ()),
        (Measure.WARNING, AppealOutcome.ANNULLED, None, None, ()),
        (Measure.WARNING, AppealOutcome.REDUCED, Measure.REPRIMAND, Measure.REPRIMAND, ()),
        (Measure.REPRIMAND, AppealOutcome.UPHELD, None, Measure.REPRIMAND, ()),
    ],
)
def test_effects_restore_only_what_the_standing_measure_no_longer_takes(
    original: Measure,
    outcome: AppealOutcome,
    new_measure: Measure | None,
    standing: Measure | None,
    actions: tuple[Action, ...],
) -> None:
    effects = effects_of_outcome(original, outcome, new_measure)
    assert effects.measure_in_force is standing
    assert effects.actions == actions


def test_effects_refuse_an_inconsistent_outcome() -> None:
    with pytest.raises(ValueError, match="reduction"):
        effects_of_outcome(Measure.EXPULSION, AppealOutcome.REDUCED)
    with pytest.raises(ValueError, match="reduction"):
        effects_of_outcome(Measure.EXPULSION, AppealOutcome.ANNULLED, Measure.WARNING)
