"""Annual quality classification of organisations and members (132-QĐ/TW 2018, 124-QĐ/TW 2023, 366-QĐ/TW 2025)."""

from inspection.classification.conditions import Condition, GradeConditions, SubjectFacts, capped
from inspection.classification.distribution import Distribution, GradeShare, grade_distribution, percentage
from inspection.classification.grades import GRADE_ORDER, CapBasis, CapRule, Grade, ScoreBands, is_above
from inspection.classification.policies import EXCELLENT_CAP, GRADE_CONDITIONS, SCORE_BANDS
from inspection.classification.rules import (
    CapCheck,
    ClassificationBatch,
    ClassificationEntry,
    check_condition,
    check_excellent_cap,
    check_score,
    excellent_cap,
    validate_batch,
)

__all__ = [
    "EXCELLENT_CAP",
    "GRADE_CONDITIONS",
    "GRADE_ORDER",
    "SCORE_BANDS",
    "CapBasis",
    "CapCheck",
    "CapRule",
    "ClassificationBatch",
    "ClassificationEntry",
    "Condition",
    "Distribution",
    "Grade",
    "GradeConditions",
    "GradeShare",
    "ScoreBands",
    "SubjectFacts",
    "capped",
    "check_condition",
    "check_excellent_cap",
    "check_score",
    "excellent_cap",
    "grade_distribution",
    "is_above",
    "percentage",
    "validate_batch",
]
