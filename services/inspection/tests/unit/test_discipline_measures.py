"""Discipline: which measures fit which target, and who may decide (Điều lệ Đảng, Điều 36)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

import pytest

from inspection.discipline import (
    COMPETENCE,
    Action,
    DecidingLevel,
    DisciplineTarget,
    Measure,
    MemberStanding,
    SubjectStanding,
    TargetKind,
    actions_of_measure,
    check_competence,
    check_measure_allowed,
    check_measure_competence,
    is_lighter,
    lighter_measures,
    measures_for,
)
from shared.errors import RuleViolation

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


def official(*, holds_post: bool = False) -> DisciplineTarget:
    return DisciplineTarget.member(MEMBER_ID, BRANCH_A, MemberStanding.OFFICIAL, holds_post=holds_post)


def probationary(*, holds_post: bool = False) -> DisciplineTarget:
    return DisciplineTarget.member(MEMBER_ID, BRANCH_A, MemberStanding.PROBATIONARY, holds_post=holds_post)


def code_of(excinfo: pytest.ExceptionInfo[RuleViolation]) -> str:
    return excinfo.value.code


# --- measures -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("measure", [Measure.REPRIMAND, Measure.WARNING, Measure.EXPULSION])
def test_an_official_member_without_a_post_can_receive_every_member_measure_but_removal(
    measure: Measure,
) -> None:
    check_measure_allowed(measure, official())


def test_an_official_member_holding_a_post_can_be_removed_from_it() -> None:
    check_measure_allowed(Measure.REMOVAL_FROM_POST, official(holds_post=True))


def test_removal_from_post_is_refused_for_a_member_who_holds_no_post() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_measure_allowed(Measure.REMOVAL_FROM_POST, official(holds_post=False))
    assert code_of(excinfo) == "discipline.no_post_to_remove"
    assert excinfo.value.field == "measure"


@pytest.mark.parametrize("measure", [Measure.REPRIMAND, Measure.WARNING])
def test_a_probationary_member_can_be_reprimanded_or_warned(measure: Measure) -> None:
    check_measure_allowed(measure, probationary())


@pytest.mark.parametrize("holds_post", [True, False])
@pytest.mark.parametrize("measure", [Measure.REMOVAL_FROM_POST, Measure.EXPULSION])
def test_a_probationary_member_cannot_be_removed_from_post_or_expelled(measure: Measure, holds_post: bool) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_measure_allowed(measure, probationary(holds_post=holds_post))
    assert code_of(excinfo) == "discipline.probationary_measure"
    assert excinfo.value.params == {"measure": str(measure), "allowed": ["reprimand", "warning"]}


def test_a_member_cannot_be_dissolved() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_measure_allowed(Measure.DISSOLUTION, official())
    assert code_of(excinfo) == "discipline.measure_not_for_target"
    assert excinfo.value.params["target_kind"] == "member"


@pytest.mark.parametrize("measure", [Measure.REPRIMAND, Measure.WARNING, Measure.DISSOLUTION])
def test_an_organisation_can_be_reprimanded_warned_or_dissolved(measure: Measure) -> None:
    check_measure_allowed(measure, DisciplineTarget.organisation(BRANCH_A))


@pytest.mark.parametrize("measure", [Measure.REMOVAL_FROM_POST, Measure.EXPULSION])
def test_an_organisation_cannot_be_expelled_or_removed_from_post(measure: Measure) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_measure_allowed(measure, DisciplineTarget.organisation(BRANCH_A))
    assert code_of(excinfo) == "discipline.measure_not_for_target"
    assert excinfo.value.params["allowed"] == ["reprimand", "warning", "dissolution"]


def test_targets_reject_inconsistent_shapes() -> None:
    with pytest.raises(ValueError, match="standing"):
        DisciplineTarget(TargetKind.MEMBER, MEMBER_ID, BRANCH_A)
    with pytest.raises(ValueError, match="no standing"):
        DisciplineTarget(TargetKind.ORGANISATION, BRANCH_A, BRANCH_A, MemberStanding.OFFICIAL)
    with pytest.raises(ValueError, match="itself"):
        DisciplineTarget(TargetKind.ORGANISATION, BRANCH_A, COMMUNE)


def test_severity_orders_measures_lightest_first() -> None:
    assert is_lighter(Measure.REPRIMAND, Measure.WARNING, TargetKind.MEMBER)
    assert is_lighter(Measure.REMOVAL_FROM_POST, Measure.EXPULSION, TargetKind.MEMBER)
    assert not is_lighter(Measure.EXPULSION, Measure.REMOVAL_FROM_POST, TargetKind.MEMBER)
    assert not is_lighter(Measure.WARNING, Measure.WARNING, TargetKind.MEMBER)
    assert is_lighter(Measure.WARNING, Measure.DISSOLUTION, TargetKind.ORGANISATION)
    assert not is_lighter(Measure.WARNING, Measure.EXPULSION, TargetKind.ORGANISATION)
    assert lighter_measures(Measure.DISSOLUTION, TargetKind.ORGANISATION) == (
        Measure.REPRIMAND,
        Measure.WARNING,
    )
    assert lighter_measures(Measure.EXPULSION, TargetKind.ORGANISATION) == ()
    assert measures_for(TargetKind.MEMBER, MemberStanding.PROBATIONARY) == (
        Measure.REPRIMAND,
        Measure.WARNING,
    )


def test_only_expulsion_dissolution_and_removal_change_other_services_data() -> None:
    assert actions_of_measure(Measure.EXPULSION) == (Action.EXPEL_MEMBER,)
    assert actions_of_measure(Measure.DISSOLUTION) == (Action.DISSOLVE_ORGANISATION,)
    assert actions_of_measure(Measure.REMOVAL_FROM_POST) == (Action.REMOVE_FROM_POST,)
    assert actions_of_measure(Measure.REPRIMAND) == ()
    assert actions_of_measure(Measure.WARNING) == ()


# --- competence ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("issuer", [BRANCH_A, COMMUNE, DISTRICT, PROVINCE])
def test_a_members_own_branch_or_any_ancestor_may_discipline_them(issuer: UUID) -> None:
    check_competence(issuer, official(), ANCESTORS[BRANCH_A])


@pytest.mark.parametrize("issuer", [BRANCH_B, OTHER_DISTRICT, MEMBER_ID])
def test_a_sibling_or_unrelated_organisation_may_not_discipline_a_member(issuer: UUID) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_competence(issuer, official(), ANCESTORS[BRANCH_A])
    assert code_of(excinfo) == "discipline.issuer_not_competent"
    assert excinfo.value.field == "issuing_org_id"
    assert excinfo.value.params == {"issuing_org_id": str(issuer), "target_org_id": str(BRANCH_A)}


def test_an_organisation_is_disciplined_by_an_ancestor_never_by_itself() -> None:
    target = DisciplineTarget.organisation(BRANCH_A)
    check_competence(COMMUNE, target, ANCESTORS[BRANCH_A])
    with pytest.raises(RuleViolation):
        check_competence(BRANCH_A, target, ANCESTORS[BRANCH_A])
    # the caller's ancestor list may include the organisation itself: same answer
    with pytest.raises(RuleViolation):
        check_competence(BRANCH_A, target, (*ANCESTORS[BRANCH_A], BRANCH_A))


def test_a_sibling_branch_may_not_discipline_an_organisation() -> None:
    with pytest.raises(RuleViolation):
        check_competence(BRANCH_B, DisciplineTarget.organisation(BRANCH_A), ANCESTORS[BRANCH_A])


# --- each level's competence per measure (Điều lệ Đảng, Điều 36–37) ---------------------------------------

R, W, RP, EX, DS = (
    Measure.REPRIMAND,
    Measure.WARNING,
    Measure.REMOVAL_FROM_POST,
    Measure.EXPULSION,
    Measure.DISSOLUTION,
)
EXPECTED = {
    (DecidingLevel.BRANCH, SubjectStanding.OFFICIAL): {R, W},
    (DecidingLevel.BRANCH, SubjectStanding.PROBATIONARY): {R, W},
    (DecidingLevel.BRANCH, SubjectStanding.ORGANISATION): set(),
    (DecidingLevel.PARTIAL_COMMITTEE, SubjectStanding.OFFICIAL): {R, W},
    (DecidingLevel.PARTIAL_COMMITTEE, SubjectStanding.PROBATIONARY): {R, W},
    (DecidingLevel.PARTIAL_COMMITTEE, SubjectStanding.ORGANISATION): set(),
    (DecidingLevel.GRASSROOTS_COMMITTEE, SubjectStanding.OFFICIAL): {R, W, RP, EX},
    (DecidingLevel.GRASSROOTS_COMMITTEE, SubjectStanding.PROBATIONARY): {R, W},
    (DecidingLevel.GRASSROOTS_COMMITTEE, SubjectStanding.ORGANISATION): {R, W},
    (DecidingLevel.DISTRICT, SubjectStanding.OFFICIAL): {R, W, RP, EX},
    (DecidingLevel.DISTRICT, SubjectStanding.PROBATIONARY): {R, W},
    (DecidingLevel.DISTRICT, SubjectStanding.ORGANISATION): {R, W, DS},
    (DecidingLevel.PROVINCE, SubjectStanding.OFFICIAL): {R, W, RP, EX},
    (DecidingLevel.PROVINCE, SubjectStanding.PROBATIONARY): {R, W},
    (DecidingLevel.PROVINCE, SubjectStanding.ORGANISATION): {R, W, DS},
}
CASES = [(level, standing, measure) for (level, standing) in EXPECTED for measure in Measure]


def test_the_expectations_cover_every_level_and_standing() -> None:
    assert set(EXPECTED) == {(level, standing) for level in DecidingLevel for standing in SubjectStanding}


@pytest.mark.parametrize(("level", "standing", "measure"), CASES, ids=[f"{a}-{b}-{c}" for a, b, c in CASES])
@pytest.mark.parametrize("on", [date(2017, 11, 15), date(2021, 7, 28), date(2025, 5, 30), date(2026, 1, 1)])
def test_each_level_may_impose_exactly_its_measures(
    level: DecidingLevel, standing: SubjectStanding, measure: Measure, on: date
) -> None:
    assert COMPETENCE.at(on).permits(level, measure, standing) is (measure in EXPECTED[level, standing])


def target_of(standing: SubjectStanding) -> DisciplineTarget:
    if standing is SubjectStanding.ORGANISATION:
        return DisciplineTarget.organisation(BRANCH_A)
    member_standing = MemberStanding(standing.value)
    return DisciplineTarget.member(MEMBER_ID, BRANCH_A, member_standing, holds_post=True)


def test_a_branch_may_warn_its_member_but_not_remove_or_expel_them() -> None:
    table = COMPETENCE.at(date(2026, 1, 1))
    check_measure_competence(DecidingLevel.BRANCH, Measure.WARNING, official(), table)
    for measure in (Measure.REMOVAL_FROM_POST, Measure.EXPULSION):
        with pytest.raises(RuleViolation) as excinfo:
            check_measure_competence(DecidingLevel.BRANCH, measure, official(holds_post=True), table)
        assert code_of(excinfo) == "discipline.measure_beyond_competence"
        assert excinfo.value.field == "issuing_org_id"
        assert excinfo.value.params == {
            "level": "branch",
            "measure": str(measure),
            "standing": "official",
            "allowed": ["reprimand", "warning"],
        }


def test_a_grassroots_committee_may_reprimand_an_organisation_but_not_dissolve_it() -> None:
    table = COMPETENCE.at(date(2026, 1, 1))
    organisation = target_of(SubjectStanding.ORGANISATION)
    check_measure_competence(DecidingLevel.GRASSROOTS_COMMITTEE, Measure.REPRIMAND, organisation, table)
    with pytest.raises(RuleViolation) as excinfo:
        check_measure_competence(DecidingLevel.GRASSROOTS_COMMITTEE, Measure.DISSOLUTION, organisation, table)
    assert excinfo.value.params["allowed"] == ["reprimand", "warning"]
    check_measure_competence(DecidingLevel.DISTRICT, Measure.DISSOLUTION, organisation, table)


def test_the_competence_table_starts_with_the_first_discipline_regulation() -> None:
    assert "Điều 36, 37" in COMPETENCE.version_at(date(2017, 11, 15)).source
    with pytest.raises(LookupError):
        COMPETENCE.at(date(2016, 12, 31))
