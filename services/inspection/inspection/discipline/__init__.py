"""Discipline of members and organisations (Điều lệ Đảng, Chương VIII; Quy định 69-QĐ/TW 2022)."""

from inspection.discipline import messages as messages
from inspection.discipline.measures import (
    SEVERITY,
    Action,
    Measure,
    actions_of_measure,
    is_lighter,
    lighter_measures,
    measures_for,
)
from inspection.discipline.periods import add_months, add_years
from inspection.discipline.policies import LIMITATION_PERIODS, LimitationPeriods
from inspection.discipline.rules import (
    DisciplineDecision,
    check_competence,
    check_limitation,
    check_measure_allowed,
    limitation_deadline,
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
    "LIMITATION_PERIODS",
    "SEVERITY",
    "Action",
    "DisciplineDecision",
    "DisciplineTarget",
    "LimitationPeriods",
    "Measure",
    "MemberStanding",
    "Target",
    "TargetKind",
    "actions_of_measure",
    "add_months",
    "add_years",
    "check_competence",
    "check_limitation",
    "check_measure_allowed",
    "is_lighter",
    "lighter_measures",
    "limitation_deadline",
    "measures_for",
    "validate_decision",
    "within_jurisdiction",
]
