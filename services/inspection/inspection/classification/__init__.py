"""Annual quality classification of organisations and members (Quy định 366-QĐ/TW 2025, 124-QĐ/TW 2023)."""

from inspection.classification import messages as messages
from inspection.classification.distribution import Distribution, GradeShare, grade_distribution, percentage
from inspection.classification.grades import GRADE_ORDER, CapBasis, CapRule, Grade, ScoreBands, is_above
from inspection.classification.policies import DISCIPLINED_MEMBER_MAX_GRADE, EXCELLENT_CAP, SCORE_BANDS
from inspection.classification.rules import (
    CapCheck,
    ClassificationBatch,
    ClassificationEntry,
    check_disciplined_member,
    check_excellent_cap,
    check_score,
    excellent_cap,
    validate_batch,
)

__all__ = [
    "DISCIPLINED_MEMBER_MAX_GRADE",
    "EXCELLENT_CAP",
    "GRADE_ORDER",
    "SCORE_BANDS",
    "CapBasis",
    "CapCheck",
    "CapRule",
    "ClassificationBatch",
    "ClassificationEntry",
    "Distribution",
    "Grade",
    "GradeShare",
    "ScoreBands",
    "check_disciplined_member",
    "check_excellent_cap",
    "check_score",
    "excellent_cap",
    "grade_distribution",
    "is_above",
    "percentage",
    "validate_batch",
]
