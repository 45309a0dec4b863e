"""Appeals go up level by level to a final authority (khiếu nại kỷ luật đảng).

Điều lệ Đảng (2011), Điều 38, with 30-QĐ/TW (2016), 22-QĐ/TW (2021) and 296-QĐ/TW (2025): a disciplined member
or organisation appeals to the committee (or its inspection commission) of the level above the one that decided,
then, against that level's decision, to the next one, up to the final authority — the Central Inspection
Commission for a reprimand, a warning or a removal from post, the Secretariat for an expulsion. Each level is
lodged within one month of receiving the decision it contests. So the level that may hear an appeal is a fact of
the tree: the nearest committee above the previous level (branches and partial committees hear none); above the
top of the tree, the central final authority.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from uuid import UUID

from inspection import regulations as reg
from inspection.discipline.measures import Measure
from shared.errors import RuleViolation
from shared.policy import Policy


class FinalAuthority(StrEnum):
    CENTRAL_INSPECTION_COMMISSION = "central_inspection_commission"
    SECRETARIAT = "secretariat"


HEARING_KINDS = frozenset({"grassroots_committee", "grassroots_branch", "district", "province"})
"""Organisation kinds whose committee hears appeals against the level below (a grassroots branch is its own
grassroots level; a branch under a committee and a partial committee hear none)."""

_FINAL = MappingProxyType(
    {
        Measure.REPRIMAND: FinalAuthority.CENTRAL_INSPECTION_COMMISSION,
        Measure.WARNING: FinalAuthority.CENTRAL_INSPECTION_COMMISSION,
        Measure.REMOVAL_FROM_POST: FinalAuthority.CENTRAL_INSPECTION_COMMISSION,
        Measure.EXPULSION: FinalAuthority.SECRETARIAT,
        Measure.DISSOLUTION: FinalAuthority.SECRETARIAT,
    }
)

FINAL_AUTHORITY: Policy[Mapping[Measure, FinalAuthority]] = Policy.of(
    "appeals.final_authority",
    [
        (reg.INSPECTION_30.issued, _FINAL, reg.INSPECTION_30.cite()),
        (reg.INSPECTION_22.issued, _FINAL, reg.INSPECTION_22.cite()),
        (reg.INSPECTION_296.issued, _FINAL, reg.INSPECTION_296.cite()),
    ],
)
"""The last level of appeal per measure contested (dissolution: the Secretariat, as for expulsion — an
assumption; the regulations name the member measures)."""


@dataclass(frozen=True)
class Hearing:
    """Where an appeal is heard: an organisation of the tree, or the central final authority (``org_id`` None)."""

    level: int
    org_id: UUID | None
    final_authority: FinalAuthority | None = None


@dataclass(frozen=True)
class PriorAppeal:
    """An earlier level's appeal against the same decision."""

    level: int
    heard_by: UUID | None
    decided_on: date | None


def next_committee(ancestors: Sequence[tuple[UUID, str]]) -> UUID | None:
    """The nearest organisation able to hear an appeal among ``ancestors`` (root first, with their kinds)."""
    return next((org_id for org_id, kind in reversed(ancestors) if kind in HEARING_KINDS), None)


def next_hearing(
    measure: Measure,
    prior: Sequence[PriorAppeal],
    lower_ancestors: Sequence[tuple[UUID, str]],
    *,
    requested: UUID | None,
    central: bool,
    on: date,
    authorities: Policy[Mapping[Measure, FinalAuthority]] = FINAL_AUTHORITY,
) -> Hearing:
    """The level a new appeal against ``measure`` goes to, checking the one requested.

    ``lower_ancestors`` are those of the level below (the issuer for a first appeal, else the previous
    hearing's organisation) as the tree stood on ``on``; ``requested`` None and not ``central`` means "the
    next level". After the final authority has decided there is no further appeal.
    """
    level = len(prior) + 1
    if prior and prior[-1].heard_by is None:
        raise RuleViolation("appeals.final_decision_reached", field="discipline_id", level=prior[-1].level)
    expected = next_committee(lower_ancestors)
    if expected is None:
        if requested is not None:
            raise _not_next(requested, None)
        return Hearing(level, None, authorities.at(on)[measure])
    if central or (requested is not None and requested != expected):
        raise _not_next(requested, expected)
    return Hearing(level, expected)


def _not_next(requested: UUID | None, expected: UUID | None) -> RuleViolation:
    return RuleViolation(
        "appeals.not_the_next_level",
        field="heard_by_org_id",
        requested=str(requested) if requested else "central",
        expected=str(expected) if expected else "central",
    )
