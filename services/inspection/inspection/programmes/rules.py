"""Pure rules of inspection and supervision items (kiểm tra, giám sát).

Điều lệ Đảng (2011), Điều 30, and Quy định 22-QĐ/TW (2021): each committee and its inspection commission adopt
a yearly programme of regular and thematic supervision, inspection upon signs of violation and inspection of a
lower level's discipline work. Every item moves planned → in progress → concluded, and a conclusion without
written findings cannot be defended, so it is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from uuid import UUID

from inspection.discipline.measures import Measure, measures_for
from inspection.discipline.targets import Target, TargetKind, within_jurisdiction
from shared.dateorder import check_order
from shared.errors import InvalidTransition, RuleViolation


class ItemKind(StrEnum):
    REGULAR_SUPERVISION = "regular_supervision"
    THEMATIC_SUPERVISION = "thematic_supervision"
    INSPECTION_ON_SIGNS_OF_VIOLATION = "inspection_on_signs_of_violation"
    INSPECTION_OF_DISCIPLINE_WORK = "inspection_of_discipline_work"


class ItemState(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    CONCLUDED = "concluded"


TRANSITIONS: Mapping[ItemState, frozenset[ItemState]] = MappingProxyType(
    {
        ItemState.PLANNED: frozenset({ItemState.IN_PROGRESS}),
        ItemState.IN_PROGRESS: frozenset({ItemState.CONCLUDED}),
        ItemState.CONCLUDED: frozenset(),
    }
)

ORGANISATION_ONLY_KINDS = frozenset({ItemKind.INSPECTION_OF_DISCIPLINE_WORK})
"""Discipline work (thi hành kỷ luật) is an organisation's task, so only organisations are inspected on it."""


@dataclass(frozen=True)
class Conclusion:
    """The outcome: whether there was a violation, the findings, and optionally the measure recommended."""

    violation: bool
    findings: str
    recommended_measure: Measure | None = None


@dataclass(frozen=True)
class InspectionItem:
    """One item of a committee's yearly programme."""

    committee_id: UUID
    year: int
    kind: ItemKind
    target: Target
    state: ItemState = ItemState.PLANNED
    started_on: date | None = None
    concluded_on: date | None = None
    conclusion: Conclusion | None = None


def plan_item(
    committee_id: UUID,
    year: int,
    kind: ItemKind,
    target: Target,
    *,
    target_org_ancestor_ids: Iterable[UUID],
) -> InspectionItem:
    """A new planned item, if the committee may inspect the target (its own members or units below it)."""
    if kind in ORGANISATION_ONLY_KINDS and target.kind is not TargetKind.ORGANISATION:
        raise RuleViolation(
            "programmes.kind_requires_organisation",
            field="target",
            kind=str(kind),
            target_kind=str(target.kind),
        )
    if not within_jurisdiction(committee_id, target, target_org_ancestor_ids):
        raise RuleViolation(
            "programmes.target_outside_jurisdiction",
            field="target",
            committee_id=str(committee_id),
            target_org_id=str(target.org_id),
        )
    return InspectionItem(committee_id=committee_id, year=year, kind=kind, target=target)


def start_item(item: InspectionItem, *, started_on: date) -> InspectionItem:
    """planned → in progress."""
    _check_transition(item.state, ItemState.IN_PROGRESS)
    return replace(item, state=ItemState.IN_PROGRESS, started_on=started_on)


def conclude_item(item: InspectionItem, conclusion: Conclusion, *, concluded_on: date) -> InspectionItem:
    """in progress → concluded, with findings, and a recommended measure only where a violation was found."""
    _check_transition(item.state, ItemState.CONCLUDED)
    if item.started_on is not None:
        check_order(
            "programmes.concluded_before_started",
            field="concluded_on",
            started_on=item.started_on,
            concluded_on=concluded_on,
        )
    check_conclusion(conclusion, item.target.kind)
    return replace(item, state=ItemState.CONCLUDED, concluded_on=concluded_on, conclusion=conclusion)


def check_conclusion(conclusion: Conclusion, target_kind: TargetKind) -> None:
    """Findings are required; a measure is recommended only for a violation, and must suit the target."""
    if not conclusion.findings.strip():
        raise RuleViolation("programmes.findings_required", field="findings")
    measure = conclusion.recommended_measure
    if measure is None:
        return
    if not conclusion.violation:
        raise RuleViolation("programmes.measure_without_violation", field="recommended_measure", measure=str(measure))
    if measure not in measures_for(target_kind):
        raise RuleViolation(
            "programmes.measure_not_for_target",
            field="recommended_measure",
            measure=str(measure),
            target_kind=str(target_kind),
            allowed=[str(m) for m in measures_for(target_kind)],
        )


def _check_transition(current: ItemState, wanted: ItemState) -> None:
    if wanted not in TRANSITIONS[current]:
        raise InvalidTransition("programmes.invalid_transition", from_state=str(current), to_state=str(wanted))
