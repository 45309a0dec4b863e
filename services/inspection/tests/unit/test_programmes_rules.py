"""Inspection and supervision items: kinds, jurisdiction, the planned → in progress → concluded machine."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

import pytest

from inspection.discipline import Measure, Target, TargetKind
from inspection.programmes import (
    Conclusion,
    InspectionItem,
    ItemKind,
    ItemState,
    conclude_item,
    plan_item,
    start_item,
)
from shared.errors import InvalidTransition, RuleViolation

_NS = UUID("6f0c8c3e-1b1f-4d57-9a3e-0a4f1f6a2b10")
PROVINCE, DISTRICT, COMMUNE, BRANCH_A, BRANCH_B, MEMBER_ID = (
    uuid5(_NS, n) for n in ("province", "district", "commune", "branch-a", "branch-b", "member")
)
BRANCH_A_ANCESTORS = (PROVINCE, DISTRICT, COMMUNE)
MEMBER = Target(TargetKind.MEMBER, MEMBER_ID, BRANCH_A)
BRANCH = Target(TargetKind.ORGANISATION, BRANCH_A, BRANCH_A)
FINDINGS = "Chi bộ chưa sinh hoạt định kỳ tháng 3 và tháng 4."


def planned(kind: ItemKind = ItemKind.THEMATIC_SUPERVISION, target: Target = BRANCH) -> InspectionItem:
    return plan_item(COMMUNE, 2025, kind, target, target_org_ancestor_ids=BRANCH_A_ANCESTORS)


def in_progress(target: Target = BRANCH) -> InspectionItem:
    return start_item(planned(target=target), started_on=date(2025, 4, 1))


@pytest.mark.parametrize("kind", list(ItemKind))
def test_every_kind_can_target_an_organisation_below_the_committee(kind: ItemKind) -> None:
    item = planned(kind)
    assert (item.state, item.kind, item.target, item.year) == (ItemState.PLANNED, kind, BRANCH, 2025)


@pytest.mark.parametrize(
    "kind",
    [
        ItemKind.REGULAR_SUPERVISION,
        ItemKind.THEMATIC_SUPERVISION,
        ItemKind.INSPECTION_ON_SIGNS_OF_VIOLATION,
    ],
)
def test_members_can_be_supervised_or_inspected_on_signs_of_violation(kind: ItemKind) -> None:
    assert planned(kind, MEMBER).target is MEMBER


def test_discipline_work_is_inspected_only_at_an_organisation() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        planned(ItemKind.INSPECTION_OF_DISCIPLINE_WORK, MEMBER)
    assert excinfo.value.code == "programmes.kind_requires_organisation"
    assert excinfo.value.params == {"kind": "inspection_of_discipline_work", "target_kind": "member"}


def test_a_committee_cannot_inspect_a_sibling_unit() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        plan_item(
            BRANCH_B,
            2025,
            ItemKind.REGULAR_SUPERVISION,
            BRANCH,
            target_org_ancestor_ids=BRANCH_A_ANCESTORS,
        )
    assert excinfo.value.code == "programmes.target_outside_jurisdiction"
    assert excinfo.value.params == {"committee_id": str(BRANCH_B), "target_org_id": str(BRANCH_A)}


def test_a_branch_supervises_its_own_members_but_not_itself() -> None:
    plan_item(BRANCH_A, 2025, ItemKind.REGULAR_SUPERVISION, MEMBER, target_org_ancestor_ids=BRANCH_A_ANCESTORS)
    with pytest.raises(RuleViolation):
        plan_item(BRANCH_A, 2025, ItemKind.REGULAR_SUPERVISION, BRANCH, target_org_ancestor_ids=BRANCH_A_ANCESTORS)


def test_an_item_moves_planned_then_in_progress_then_concluded() -> None:
    item = in_progress()
    assert (item.state, item.started_on) == (ItemState.IN_PROGRESS, date(2025, 4, 1))
    conclusion = Conclusion(violation=True, findings=FINDINGS, recommended_measure=Measure.REPRIMAND)
    done = conclude_item(item, conclusion, concluded_on=date(2025, 5, 30))
    assert (done.state, done.concluded_on, done.conclusion) == (
        ItemState.CONCLUDED,
        date(2025, 5, 30),
        conclusion,
    )


def test_a_planned_item_cannot_be_concluded_without_being_started() -> None:
    with pytest.raises(InvalidTransition) as excinfo:
        conclude_item(planned(), Conclusion(False, FINDINGS), concluded_on=date(2025, 5, 30))
    assert excinfo.value.code == "programmes.invalid_transition"
    assert excinfo.value.params == {"from_state": "planned", "to_state": "concluded"}


def test_an_item_cannot_be_started_twice() -> None:
    with pytest.raises(InvalidTransition) as excinfo:
        start_item(in_progress(), started_on=date(2025, 4, 2))
    assert excinfo.value.params == {"from_state": "in_progress", "to_state": "in_progress"}


def test_a_concluded_item_is_final() -> None:
    done = conclude_item(in_progress(), Conclusion(False, FINDINGS), concluded_on=date(2025, 5, 30))
    with pytest.raises(InvalidTransition):
        conclude_item(done, Conclusion(True, FINDINGS), concluded_on=date(2025, 6, 1))
    with pytest.raises(InvalidTransition):
        start_item(done, started_on=date(2025, 6, 1))


@pytest.mark.parametrize("findings", ["", "  \n "])
def test_a_conclusion_needs_findings(findings: str) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        conclude_item(in_progress(), Conclusion(False, findings), concluded_on=date(2025, 5, 30))
    assert (excinfo.value.code, excinfo.value.field) == ("programmes.findings_required", "findings")


def test_a_violation_may_be_concluded_without_recommending_a_measure() -> None:
    done = conclude_item(in_progress(), Conclusion(True, FINDINGS), concluded_on=date(2025, 5, 30))
    assert done.conclusion is not None
    assert done.conclusion.recommended_measure is None


def test_a_measure_cannot_be_recommended_without_a_violation() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        conclude_item(
            in_progress(),
            Conclusion(False, FINDINGS, Measure.WARNING),
            concluded_on=date(2025, 5, 30),
        )
    assert excinfo.value.code == "programmes.measure_without_violation"


def test_the_recommended_measure_must_suit_the_target() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        conclude_item(
            in_progress(),
            Conclusion(True, FINDINGS, Measure.EXPULSION),
            concluded_on=date(2025, 5, 30),
        )
    assert excinfo.value.code == "programmes.measure_not_for_target"
    assert excinfo.value.params["allowed"] == ["reprimand", "warning", "dissolution"]
    conclude_item(in_progress(MEMBER), Conclusion(True, FINDINGS, Measure.EXPULSION), concluded_on=date(2025, 5, 30))


def test_an_item_cannot_be_concluded_before_it_started() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        conclude_item(in_progress(), Conclusion(False, FINDINGS), concluded_on=date(2025, 3, 31))
    assert excinfo.value.code == "programmes.concluded_before_started"


def test_a_conclusion_on_the_start_day_is_accepted() -> None:
    conclude_item(in_progress(), Conclusion(False, FINDINGS), concluded_on=date(2025, 4, 1))
