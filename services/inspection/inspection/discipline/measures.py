"""The disciplinary measures and their order of severity.

Điều lệ Đảng (2011), Điều 36, and Quy định 69-QĐ/TW (2022): organisations may be reprimanded, warned or
dissolved; members reprimanded, warned, removed from post or expelled; probationary members only reprimanded
or warned. The order matters because an appeal may only *reduce* a measure (Điều lệ Đảng, Điều 38).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from inspection.discipline.targets import MemberStanding, TargetKind


class Measure(StrEnum):
    REPRIMAND = "reprimand"
    WARNING = "warning"
    REMOVAL_FROM_POST = "removal_from_post"
    EXPULSION = "expulsion"
    DISSOLUTION = "dissolution"


SEVERITY: Mapping[TargetKind, tuple[Measure, ...]] = MappingProxyType(
    {
        TargetKind.MEMBER: (Measure.REPRIMAND, Measure.WARNING, Measure.REMOVAL_FROM_POST, Measure.EXPULSION),
        TargetKind.ORGANISATION: (Measure.REPRIMAND, Measure.WARNING, Measure.DISSOLUTION),
    }
)
"""Lightest first, per target kind; the Charter lists them in this order."""

PROBATIONARY_MEASURES: tuple[Measure, ...] = (Measure.REPRIMAND, Measure.WARNING)


def measures_for(kind: TargetKind, standing: MemberStanding | None = None) -> tuple[Measure, ...]:
    """The measures the Charter allows for a target of this kind (and, for a member, standing)."""
    if kind is TargetKind.MEMBER and standing is MemberStanding.PROBATIONARY:
        return PROBATIONARY_MEASURES
    return SEVERITY[kind]


def is_lighter(candidate: Measure, original: Measure, kind: TargetKind) -> bool:
    """Whether ``candidate`` is strictly lighter than ``original`` on the scale of ``kind``."""
    scale = SEVERITY[kind]
    if candidate not in scale or original not in scale:
        return False
    return scale.index(candidate) < scale.index(original)


def lighter_measures(original: Measure, kind: TargetKind) -> tuple[Measure, ...]:
    scale = SEVERITY[kind]
    return scale[: scale.index(original)] if original in scale else ()


class Action(StrEnum):
    """What another service must apply to its own data when a measure takes or loses effect."""

    EXPEL_MEMBER = "expel_member"
    REMOVE_FROM_POST = "remove_from_post"
    DISSOLVE_ORGANISATION = "dissolve_organisation"
    RESTORE_MEMBER = "restore_member"
    RESTORE_POSTS = "restore_posts"
    RESTORE_ORGANISATION = "restore_organisation"


def actions_of_measure(measure: Measure) -> tuple[Action, ...]:
    """What membership applies when a decision is imposed; reprimand and warning change only the record.

    An expelled member leaves the party and so every party post with it; membership does that as part of the
    expulsion, so no separate removal is sent.
    """
    return {
        Measure.EXPULSION: (Action.EXPEL_MEMBER,),
        Measure.REMOVAL_FROM_POST: (Action.REMOVE_FROM_POST,),
        Measure.DISSOLUTION: (Action.DISSOLVE_ORGANISATION,),
    }.get(measure, ())
