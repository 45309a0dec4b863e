"""Pure rules of a discipline decision: which measure, who may decide it, and whether it is too late.

Everything the rules need arrives as a parameter (the decision, the target organisation's ancestors, the
policies), so the same code judges a decision taken today and one loaded from 2018 by the rules that were in
force on its own date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from inspection.discipline.competence import CompetenceTable, DecidingLevel, standing_of
from inspection.discipline.measures import Measure, measures_for
from inspection.discipline.policies import COMPETENCE, LIMITATION, LimitationPeriods, ViolationCategory
from inspection.discipline.targets import DisciplineTarget, MemberStanding, TargetKind, within_jurisdiction
from shared.calendar import add_years
from shared.errors import RuleViolation
from shared.policy import Policy


@dataclass(frozen=True)
class DisciplineDecision:
    """A decision to discipline (quyết định kỷ luật): number, date, issuer, violation date and measure."""

    number: str
    decided_on: date
    issuing_org_id: UUID
    violation_on: date
    measure: Measure
    target: DisciplineTarget
    issuer_level: DecidingLevel
    category: ViolationCategory | None = None
    later_violations: tuple[date, ...] = ()
    """Dates of the target's later violations: one within the period restarts the clock."""


def check_measure_allowed(measure: Measure, target: DisciplineTarget) -> None:
    """Điều lệ Đảng, Điều 35: the measure must exist for the target's kind and standing, and a member can only
    be removed from a post they hold."""
    if measure not in measures_for(target.kind):
        raise RuleViolation(
            "discipline.measure_not_for_target",
            field="measure",
            measure=str(measure),
            target_kind=str(target.kind),
            allowed=[str(m) for m in measures_for(target.kind)],
        )
    probationary = measures_for(target.kind, target.standing)
    if target.standing is MemberStanding.PROBATIONARY and measure not in probationary:
        raise RuleViolation(
            "discipline.probationary_measure",
            field="measure",
            measure=str(measure),
            allowed=[str(m) for m in probationary],
        )
    if measure is Measure.REMOVAL_FROM_POST and not target.holds_post:
        raise RuleViolation("discipline.no_post_to_remove", field="measure", measure=str(measure))


def check_competence(issuing_org_id: UUID, target: DisciplineTarget, target_org_ancestor_ids: Iterable[UUID]) -> None:
    """The issuer must be the member's own organisation or an ancestor of the target's (never a sibling)."""
    if not within_jurisdiction(issuing_org_id, target, target_org_ancestor_ids):
        raise RuleViolation(
            "discipline.issuer_not_competent",
            field="issuing_org_id",
            issuing_org_id=str(issuing_org_id),
            target_org_id=str(target.org_id),
        )


def check_measure_competence(
    level: DecidingLevel, measure: Measure, target: DisciplineTarget, table: CompetenceTable
) -> None:
    """Điều lệ Đảng, Điều 36–37: the issuer's level must have the power to impose this measure on this subject
    (a branch only reprimands or warns; a dissolution needs a committee of district level or above)."""
    standing = standing_of(target)
    if not table.permits(level, measure, standing):
        raise RuleViolation(
            "discipline.measure_beyond_competence",
            field="issuing_org_id",
            level=str(level),
            measure=str(measure),
            standing=str(standing),
            allowed=[str(m) for m in table.measures_of(level, standing)],
        )


def limitation_start(violation_on: date, later_violations: Iterable[date], years: int) -> date:
    """The day the clock runs from: a new violation inside the running period restarts it (102-QĐ/TW Điều 3;
    69-QĐ/TW Điều 6), and the restarted period may be restarted again by a still later one."""
    start = violation_on
    for day in sorted(later_violations):
        if start < day <= add_years(start, years):
            start = day
    return start


def limitation_deadline(
    measure: Measure,
    violation_on: date,
    periods: LimitationPeriods,
    *,
    category: ViolationCategory | None = None,
    later_violations: Iterable[date] = (),
) -> date | None:
    """The last day a decision may be taken, inclusive; None: never time-barred (the measure, or a listed
    category of violation)."""
    years = periods.years_for(measure)
    if years is None or (category is not None and category in periods.exempt_categories):
        return None
    return add_years(limitation_start(violation_on, later_violations, years), years)


def check_limitation(
    measure: Measure,
    violation_on: date,
    decided_on: date,
    periods: LimitationPeriods,
    *,
    category: ViolationCategory | None = None,
    later_violations: Iterable[date] = (),
) -> None:
    """Past the limitation period a violation can no longer be disciplined.

    The period is counted from the violation to the decision date, the last day included: exactly five years
    to the day is still in time (Bộ luật Dân sự, Điều 148). The regulation counts to the day the competent body
    *concludes* the violation; the caller may pass that date as ``decided_on``.
    """
    later = tuple(later_violations)
    deadline = limitation_deadline(measure, violation_on, periods, category=category, later_violations=later)
    if deadline is not None and decided_on > deadline:
        raise RuleViolation(
            "discipline.limitation_expired",
            field="violation_on",
            measure=str(measure),
            violation_on=violation_on.isoformat(),
            decided_on=decided_on.isoformat(),
            years=periods.years_for(measure),
            deadline=deadline.isoformat(),
        )


def validate_decision(
    decision: DisciplineDecision,
    *,
    target_org_ancestor_ids: Iterable[UUID],
    limitation: Mapping[TargetKind, Policy[LimitationPeriods]] = LIMITATION,
    competence: Policy[CompetenceTable] = COMPETENCE,
) -> DisciplineDecision:
    """Check every rule a decision must pass, in the order a reader would; return it unchanged when it does.

    Each policy is the version in force on the decision date; before the first one, ``PolicyNotInForce``.
    """
    _check_dates(decision)
    check_measure_allowed(decision.measure, decision.target)
    table = competence.at(decision.decided_on)
    check_competence(decision.issuing_org_id, decision.target, target_org_ancestor_ids)
    check_measure_competence(decision.issuer_level, decision.measure, decision.target, table)
    check_limitation(
        decision.measure,
        decision.violation_on,
        decision.decided_on,
        limitation[decision.target.kind].at(decision.decided_on),
        category=decision.category,
        later_violations=decision.later_violations,
    )
    return decision


def _check_dates(decision: DisciplineDecision) -> None:
    if not decision.number.strip():
        raise RuleViolation("discipline.number_required", field="number")
    violations = [("violation_on", decision.violation_on)] + [
        (f"later_violation_dates[{i}]", day) for i, day in enumerate(decision.later_violations)
    ]
    for field, day in violations:
        if day > decision.decided_on:
            raise RuleViolation(
                "discipline.violation_after_decision",
                field=field,
                violation_on=day.isoformat(),
                decided_on=decision.decided_on.isoformat(),
            )
