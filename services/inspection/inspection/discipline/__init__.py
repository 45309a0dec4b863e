"""Discipline of members and organisations (Điều lệ Đảng, Chương VIII; 102-QĐ/TW 2017, 69-QĐ/TW 2022)."""

from inspection.discipline.competence import (
    CHARTER_COMPETENCE,
    LEVEL_OF_KIND,
    CompetenceTable,
    DecidingLevel,
    SubjectStanding,
    standing_of,
)
from inspection.discipline.measures import (
    SEVERITY,
    Action,
    Measure,
    actions_of_measure,
    is_lighter,
    lighter_measures,
    measures_for,
)
from inspection.discipline.policies import (
    COMPETENCE,
    LIMITATION,
    MEMBER_LIMITATION,
    ORGANISATION_LIMITATION,
    LimitationPeriods,
    ViolationCategory,
)
from inspection.discipline.rules import (
    DisciplineDecision,
    check_competence,
    check_limitation,
    check_measure_allowed,
    check_measure_competence,
    limitation_deadline,
    limitation_start,
    validate_decision,
)
from inspection.discipline.targets import (
    DisciplineTarget,
    MemberStanding,
    Target,
    TargetKind,
    within_jurisdiction,
)

__all__ = [
    "CHARTER_COMPETENCE",
    "COMPETENCE",
    "LEVEL_OF_KIND",
    "LIMITATION",
    "MEMBER_LIMITATION",
    "ORGANISATION_LIMITATION",
    "SEVERITY",
    "Action",
    "CompetenceTable",
    "DecidingLevel",
    "DisciplineDecision",
    "DisciplineTarget",
    "LimitationPeriods",
    "Measure",
    "MemberStanding",
    "SubjectStanding",
    "Target",
    "TargetKind",
    "ViolationCategory",
    "actions_of_measure",
    "check_competence",
    "check_limitation",
    "check_measure_allowed",
    "check_measure_competence",
    "is_lighter",
    "lighter_measures",
    "limitation_deadline",
    "limitation_start",
    "measures_for",
    "standing_of",
    "validate_decision",
    "within_jurisdiction",
]
