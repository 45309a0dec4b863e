"""Which level may impose which measure on whom (thẩm quyền thi hành kỷ luật).

Điều lệ Đảng (2011), Điều 36: a branch (chi bộ) decides only a reprimand or a warning of its own members; the
grassroots committee reprimands and warns members of its organisation, removes committee members of the level
below from their post and, being authorised to admit members, expels them; the committees of the district and
the province decide every measure on members of their organisation. Điều 37: an organisation is disciplined by
the superior committee — a reprimand or a warning by the committee above it, a dissolution only by a
committee of district level or above. The table is a policy value: a (deciding level, measure, subject
standing) triple is allowed only when it is listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from inspection.discipline.measures import Measure
from inspection.discipline.targets import DisciplineTarget, MemberStanding, TargetKind


class DecidingLevel(StrEnum):
    """The levels the Charter gives different powers; a grassroots branch decides as a branch does."""

    BRANCH = "branch"
    PARTIAL_COMMITTEE = "partial_committee"
    GRASSROOTS_COMMITTEE = "grassroots_committee"
    DISTRICT = "district"
    PROVINCE = "province"


LEVEL_OF_KIND: Mapping[str, DecidingLevel] = {
    "branch": DecidingLevel.BRANCH,
    "grassroots_branch": DecidingLevel.BRANCH,
    "partial_committee": DecidingLevel.PARTIAL_COMMITTEE,
    "grassroots_committee": DecidingLevel.GRASSROOTS_COMMITTEE,
    "district": DecidingLevel.DISTRICT,
    "province": DecidingLevel.PROVINCE,
}
"""The tree's organisation kinds (membership's ``OrgKind``) as deciding levels."""


class SubjectStanding(StrEnum):
    """Who is disciplined, as the competence table distinguishes them."""

    PROBATIONARY = "probationary"
    OFFICIAL = "official"
    ORGANISATION = "organisation"


def standing_of(target: DisciplineTarget) -> SubjectStanding:
    if target.kind is TargetKind.ORGANISATION:
        return SubjectStanding.ORGANISATION
    if target.standing is MemberStanding.PROBATIONARY:
        return SubjectStanding.PROBATIONARY
    return SubjectStanding.OFFICIAL


@dataclass(frozen=True)
class CompetenceTable:
    """The allowed (level, measure, standing) triples; anything not listed is refused."""

    allowed: frozenset[tuple[DecidingLevel, Measure, SubjectStanding]]

    def permits(self, level: DecidingLevel, measure: Measure, standing: SubjectStanding) -> bool:
        return (level, measure, standing) in self.allowed

    def measures_of(self, level: DecidingLevel, standing: SubjectStanding) -> tuple[Measure, ...]:
        """What ``level`` may impose on ``standing``, in the order the Charter lists the measures."""
        return tuple(m for m in Measure if (level, m, standing) in self.allowed)

    @classmethod
    def of(cls, rows: Mapping[DecidingLevel, Mapping[SubjectStanding, Iterable[Measure]]]) -> CompetenceTable:
        return cls(
            frozenset(
                (level, measure, standing)
                for level, by_standing in rows.items()
                for standing, measures in by_standing.items()
                for measure in measures
            )
        )


_R, _W, _RP, _EX, _DS = (
    Measure.REPRIMAND,
    Measure.WARNING,
    Measure.REMOVAL_FROM_POST,
    Measure.EXPULSION,
    Measure.DISSOLUTION,
)
_P, _O, _ORG = SubjectStanding.PROBATIONARY, SubjectStanding.OFFICIAL, SubjectStanding.ORGANISATION

CHARTER_COMPETENCE = CompetenceTable.of(
    {
        DecidingLevel.BRANCH: {_P: (_R, _W), _O: (_R, _W)},
        DecidingLevel.PARTIAL_COMMITTEE: {_P: (_R, _W), _O: (_R, _W)},
        DecidingLevel.GRASSROOTS_COMMITTEE: {_P: (_R, _W), _O: (_R, _W, _RP, _EX), _ORG: (_R, _W)},
        DecidingLevel.DISTRICT: {_P: (_R, _W), _O: (_R, _W, _RP, _EX), _ORG: (_R, _W, _DS)},
        DecidingLevel.PROVINCE: {_P: (_R, _W), _O: (_R, _W, _RP, _EX), _ORG: (_R, _W, _DS)},
    }
)
"""Điều lệ Đảng, Điều 36–37, as applied by 30-QĐ/TW, 22-QĐ/TW and 296-QĐ/TW (unchanged in substance)."""
