"""Pure rules of the annual quality classification of organisations and members.

A grassroots organisation submits its classification as one batch (one kind of subject at a time),
because the cap on excellent grades is a property of the batch, not of one entry. Each rule value is the
version in force on the assessment date, so a 2024 classification is judged by 124-QĐ/TW and a 2025 one
by 366-QĐ/TW.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from uuid import UUID

from inspection.classification.conditions import Condition, GradeConditions, SubjectFacts, capped
from inspection.classification.grades import CapBasis, CapRule, Grade, ScoreBands, is_above
from inspection.classification.policies import EXCELLENT_CAP, GRADE_CONDITIONS, SCORE_BANDS
from inspection.discipline.targets import TargetKind
from shared.errors import RuleViolation
from shared.policy import Policy

SCORE_MIN = Decimal(0)
SCORE_MAX = Decimal(100)


@dataclass(frozen=True)
class ClassificationEntry:
    """One organisation's or member's grade, with the optional score and whether they were disciplined."""

    subject_id: UUID
    grade: Grade
    score: Decimal | None = None
    disciplined_in_year: bool = False
    unit_or_leader_disciplined_in_year: bool = False
    """Organisations: one of its units, or a member holding a post in it, was disciplined in the year."""


@dataclass(frozen=True)
class ClassificationBatch:
    """All the entries of one kind that a grassroots organisation submits for a year."""

    grassroots_org_id: UUID
    year: int
    subject_kind: TargetKind
    assessed_on: date
    entries: tuple[ClassificationEntry, ...]
    justification: str | None = None


@dataclass(frozen=True)
class CapCheck:
    """The cap computed on a batch: flagged when excellent exceeds ``max_allowed``."""

    flagged: bool
    excellent: int
    basis: CapBasis
    basis_count: int
    max_allowed: int
    ratio: Decimal
    justification: str | None = None


def check_condition(grade: Grade, ceiling: tuple[Grade, Condition] | None, *, field: str) -> None:
    """A grade above what a failed condition allows is refused, naming the condition (124-QĐ/TW, Điều 12)."""
    if ceiling is not None and is_above(grade, ceiling[0]):
        raise RuleViolation(
            "classification.condition_failed",
            field=field,
            grade=str(grade),
            max_grade=str(ceiling[0]),
            condition=str(ceiling[1]),
        )


def check_score(
    grade: Grade,
    score: Decimal | None,
    bands: ScoreBands | None,
    *,
    field: str,
    ceiling: tuple[Grade, Condition] | None = None,
) -> None:
    """A score is on the 0–100 scale and, where the rule in force has bands, the grade is the score's band
    lowered by any failed condition: 92 with a disciplined member is "not completed", not "excellent"."""
    if score is None:
        return
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise RuleViolation(
            "classification.score_out_of_range",
            field=field,
            score=str(score),
            minimum=str(SCORE_MIN),
            maximum=str(SCORE_MAX),
        )
    expected = capped(bands.grade_for(score), ceiling) if bands is not None else grade
    if grade is not expected:
        raise RuleViolation(
            "classification.grade_does_not_match_score",
            field=field,
            grade=str(grade),
            score=str(score),
            expected_grade=str(expected),
        )


def excellent_cap(grades: Iterable[Grade], rule: CapRule) -> CapCheck:
    """Count the excellent grades against ``ratio`` × the basis count, rounded down.

    "At most 20%" is a ceiling on a head count, so the allowance is floored: 30 good allow 6 excellent
    (exactly 20% passes), 29 good allow 5, and fewer than 5 good allow none.
    """
    counted = list(grades)
    excellent = sum(1 for g in counted if g is Grade.EXCELLENT)
    basis_count = len(counted) if rule.basis is CapBasis.TOTAL else sum(1 for g in counted if g is Grade.GOOD)
    max_allowed = int((rule.ratio * basis_count).to_integral_value(rounding=ROUND_FLOOR))
    return CapCheck(
        flagged=excellent > max_allowed,
        excellent=excellent,
        basis=rule.basis,
        basis_count=basis_count,
        max_allowed=max_allowed,
        ratio=rule.ratio,
    )


def check_excellent_cap(grades: Iterable[Grade], rule: CapRule, justification: str | None) -> CapCheck:
    """The cap flags a breach rather than rejecting real data: a recorded justification accepts it."""
    result = excellent_cap(grades, rule)
    reason = justification.strip() if justification else ""
    if result.flagged and not reason:
        raise RuleViolation(
            "classification.cap_exceeded",
            field="justification",
            overridable=True,
            excellent=result.excellent,
            basis=str(result.basis),
            basis_count=result.basis_count,
            max_allowed=result.max_allowed,
            ratio=f"{(result.ratio * 100).normalize():f}%",
        )
    return replace(result, justification=reason or None)


def validate_batch(
    batch: ClassificationBatch,
    *,
    bands: Policy[ScoreBands | None] = SCORE_BANDS,
    cap: Policy[CapRule] = EXCELLENT_CAP,
    conditions: Policy[GradeConditions] = GRADE_CONDITIONS,
) -> CapCheck:
    """Check every entry (its conditions, then its score), then the cap; return the cap result that the batch
    is recorded with. Each policy is the version in force on the assessment date."""
    _check_batch_shape(batch)
    day = batch.assessed_on
    bands_in_force, conditions_in_force = bands.at(day), conditions.at(day)
    for index, entry in enumerate(batch.entries):
        field = f"entries[{index}].grade"
        ceiling = conditions_in_force.ceiling(facts_of(entry, batch.subject_kind))
        check_condition(entry.grade, ceiling, field=field)
        check_score(entry.grade, entry.score, bands_in_force, field=field, ceiling=ceiling)
    return check_excellent_cap((e.grade for e in batch.entries), cap.at(day), batch.justification)


def facts_of(entry: ClassificationEntry, kind: TargetKind) -> SubjectFacts:
    return SubjectFacts(
        kind=kind,
        disciplined=entry.disciplined_in_year,
        unit_or_leader_disciplined=entry.unit_or_leader_disciplined_in_year,
    )


def _check_batch_shape(batch: ClassificationBatch) -> None:
    if not batch.entries:
        raise RuleViolation("classification.empty_batch", field="entries")
    if batch.assessed_on.year < batch.year:
        raise RuleViolation(
            "classification.assessed_before_year",
            field="assessed_on",
            assessed_on=batch.assessed_on.isoformat(),
            year=batch.year,
        )
    seen: set[UUID] = set()
    for index, entry in enumerate(batch.entries):
        if entry.subject_id in seen:
            raise RuleViolation(
                "classification.duplicate_subject",
                field=f"entries[{index}].subject_id",
                subject_id=str(entry.subject_id),
            )
        seen.add(entry.subject_id)
