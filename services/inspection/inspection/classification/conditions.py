"""A grade is its score band *and* its conditions: a failed condition drops the grade, whatever the score.

Quy định 124-QĐ/TW (2023), Điều 12, like 132-QĐ/TW before it and 366-QĐ/TW after it: a member disciplined in
the year is rated "not completed" (khoản 4.3 d); an organisation disciplined in the year is "not completed";
an organisation is "excellent" only if none of its units and none of its leading members was disciplined in
the year. So the rules compute a ceiling from these facts and the grade expected of a score is the lower of its
band and the ceiling: a member scoring 92 but disciplined in the year is "not completed", and "excellent" is
refused for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from inspection.classification.grades import GRADE_ORDER, Grade, is_above
from inspection.discipline.targets import TargetKind


class Condition(StrEnum):
    """The condition that lowered a grade (reported with the refusal)."""

    DISCIPLINED_MEMBER = "disciplined_member"
    DISCIPLINED_ORGANISATION = "disciplined_organisation"
    UNIT_OR_LEADER_DISCIPLINED = "unit_or_leader_disciplined"


@dataclass(frozen=True)
class SubjectFacts:
    """What the conditions look at, for one subject and one year."""

    kind: TargetKind
    disciplined: bool = False
    unit_or_leader_disciplined: bool = False
    """Organisations only: one of its units, or a member holding a post in it, was disciplined in the year."""


@dataclass(frozen=True)
class GradeConditions:
    """The highest grade each failed condition allows."""

    disciplined_member: Grade
    disciplined_organisation: Grade
    unit_or_leader_disciplined: Grade

    def ceiling(self, facts: SubjectFacts) -> tuple[Grade, Condition] | None:
        """The lowest grade a failed condition allows, with that condition; None when none fails."""
        failed: list[tuple[Grade, Condition]] = []
        if facts.kind is TargetKind.MEMBER and facts.disciplined:
            failed.append((self.disciplined_member, Condition.DISCIPLINED_MEMBER))
        if facts.kind is TargetKind.ORGANISATION and facts.disciplined:
            failed.append((self.disciplined_organisation, Condition.DISCIPLINED_ORGANISATION))
        if facts.kind is TargetKind.ORGANISATION and facts.unit_or_leader_disciplined:
            failed.append((self.unit_or_leader_disciplined, Condition.UNIT_OR_LEADER_DISCIPLINED))
        return max(failed, key=lambda f: GRADE_ORDER.index(f[0]), default=None)


def capped(grade: Grade, ceiling: tuple[Grade, Condition] | None) -> Grade:
    """``grade`` lowered to the ceiling when it is above it."""
    if ceiling is not None and is_above(grade, ceiling[0]):
        return ceiling[0]
    return grade
