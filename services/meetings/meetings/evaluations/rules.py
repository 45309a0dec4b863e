"""Pure rules for the meeting quality evaluation form (phiếu đánh giá chất lượng sinh hoạt chi bộ).

Each province sets its own rubric (Hướng dẫn 12-HD/BTCTW leaves the scoring to the provinces): criteria with
weights summing to the full score, and grade bands that cover the scale without gaps or overlaps. A rubric is
validated once when it is configured; a form is validated against the rubric in force on the meeting date.

Scores are whole points: the provincial forms award integer points per criterion, and integer bands
("fair 70–89") are then unambiguous. A province that wants half points configures its scale ×2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from types import MappingProxyType

from shared.errors import RuleViolation


class Grade(StrEnum):
    GOOD = "good"
    FAIR = "fair"
    AVERAGE = "average"
    POOR = "poor"


@dataclass(frozen=True)
class Criterion:
    """A scored part of the form, e.g. ``preparation`` worth 15 points."""

    code: str
    weight: int


@dataclass(frozen=True)
class GradeBand:
    """Totals from ``min_score`` to ``max_score`` inclusive earn ``grade``."""

    grade: Grade
    min_score: int
    max_score: int

    def contains(self, total: int) -> bool:
        return self.min_score <= total <= self.max_score


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    bands: tuple[GradeBand, ...]

    @property
    def full_score(self) -> int:
        return sum(c.weight for c in self.criteria)

    def grade_for(self, total: int) -> Grade:
        for band in self.bands:
            if band.contains(total):
                return band.grade
        raise ValueError(f"no band holds {total}; validate the rubric first")


def _check_criteria(criteria: tuple[Criterion, ...], full_score: int) -> None:
    seen: set[str] = set()
    for index, criterion in enumerate(criteria):
        if not criterion.code.strip():
            raise RuleViolation("evaluation.criterion_code_blank", field=f"criteria[{index}].code")
        if criterion.code in seen:
            raise RuleViolation(
                "evaluation.criterion_duplicate", field=f"criteria[{index}].code", criterion=criterion.code
            )
        if criterion.weight <= 0:
            raise RuleViolation(
                "evaluation.weight_not_positive",
                field=f"criteria[{index}].weight",
                criterion=criterion.code,
                weight=criterion.weight,
            )
        seen.add(criterion.code)
    total = sum(c.weight for c in criteria)
    if total != full_score:
        raise RuleViolation("evaluation.weights_sum", field="criteria", total=total, expected=full_score)


def _check_bands(bands: tuple[GradeBand, ...], full_score: int) -> None:
    """Bands, taken in ascending order, must start at 0, follow each other without a gap or an overlap, and
    end at the full score: then every possible total earns exactly one grade."""
    if not bands:
        raise RuleViolation("evaluation.bands_empty", field="bands")
    grades = [band.grade for band in bands]
    duplicate = next((g for g in grades if grades.count(g) > 1), None)
    if duplicate is not None:
        raise RuleViolation("evaluation.grade_duplicate", field="bands", grade=duplicate.value)
    ordered = sorted(bands, key=lambda b: b.min_score)
    for band in ordered:
        if band.max_score < band.min_score:
            raise RuleViolation(
                "evaluation.band_inverted",
                field="bands",
                grade=band.grade.value,
                low=band.min_score,
                high=band.max_score,
            )
    for lower, upper in pairwise(ordered):
        if upper.min_score != lower.max_score + 1:
            raise RuleViolation(
                "evaluation.bands_not_contiguous",
                field="bands",
                grade=upper.grade.value,
                expected_min=lower.max_score + 1,
                actual_min=upper.min_score,
            )
    if ordered[0].min_score != 0 or ordered[-1].max_score != full_score:
        raise RuleViolation(
            "evaluation.bands_coverage",
            field="bands",
            lowest=ordered[0].min_score,
            highest=ordered[-1].max_score,
            full=full_score,
        )


def validate_rubric(rubric: Rubric, *, full_score: int) -> Rubric:
    """Refuse a rubric whose weights do not sum to ``full_score`` (100) or whose bands leave a total ungraded.

    Returns the rubric with its bands ordered from the lowest, as forms and reports list them.
    """
    _check_criteria(rubric.criteria, full_score)
    _check_bands(rubric.bands, full_score)
    return Rubric(rubric.criteria, tuple(sorted(rubric.bands, key=lambda b: b.min_score)))


@dataclass(frozen=True)
class Evaluation:
    """A scored form: per-criterion points, their total and the grade it earns."""

    scores: Mapping[str, int]
    total: int
    grade: Grade


def score_form(rubric: Rubric, scores: Mapping[str, int]) -> Evaluation:
    """Check a filled form against a validated rubric and grade it.

    Every criterion must be scored (a blank is not a zero: the evaluator must decide), none may be unknown,
    and each score lies between 0 and the criterion's weight.
    """
    weights = {c.code: c.weight for c in rubric.criteria}
    unknown = sorted(set(scores) - set(weights))
    if unknown:
        raise RuleViolation("evaluation.criterion_unknown", field="scores", criteria=unknown)
    missing = [code for code in weights if code not in scores]
    if missing:
        raise RuleViolation("evaluation.criterion_missing", field="scores", criteria=missing)
    for code, weight in weights.items():
        score = scores[code]
        if not 0 <= score <= weight:
            raise RuleViolation(
                "evaluation.score_out_of_range",
                field=f"scores.{code}",
                criterion=code,
                score=score,
                weight=weight,
            )
    ordered = MappingProxyType({code: scores[code] for code in weights})
    total = sum(ordered.values())
    return Evaluation(ordered, total, rubric.grade_for(total))
