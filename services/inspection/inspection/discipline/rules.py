"""Pure rules of a discipline decision: which measure, who may decide, and whether it is too late.

Everything the rules need arrives as a parameter (the decision, the target organisation's ancestors, the
limitation policy), so the same code judges a decision taken today and one imported from 2023 by the rule that
was in force on its own date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from inspection.discipline.measures import Measure, measures_for
from inspection.discipline.periods import add_years
from inspection.discipline.policies import LIMITATION_PERIODS, LimitationPeriods
from inspection.discipline.targets import DisciplineTarget, MemberStanding, TargetKind, within_jurisdiction
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


def check_measure_allowed(measure: Measure, target: DisciplineTarget) -> None:
    """Điều lệ Đảng, Điều 36: the measure must exist for the target's kind and standing, and a member can only
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


def limitation_deadline(
    measure: Measure, kind: TargetKind, violation_on: date, periods: LimitationPeriods
) -> date | None:
    """The last day a decision may be taken, inclusive (see ``periods``); None: the measure has no limit."""
    years = periods.years_for(kind, measure)
    return None if years is None else add_years(violation_on, years)


def check_limitation(
    measure: Measure, kind: TargetKind, violation_on: date, decided_on: date, periods: LimitationPeriods
) -> None:
    """Quy định 69-QĐ/TW, Điều 5: past the limitation period a violation can no longer be disciplined.

    The period is counted from the violation to the decision date, the last day included: exactly five years
    to the day is still in time (Bộ luật Dân sự, Điều 148; see ``periods``). The regulation counts to the day
    the competent body *concludes* the violation; the caller may pass that date as ``decided_on``.
    """
    deadline = limitation_deadline(measure, kind, violation_on, periods)
    if deadline is not None and decided_on > deadline:
        raise RuleViolation(
            "discipline.limitation_expired",
            field="violation_on",
            measure=str(measure),
            violation_on=violation_on.isoformat(),
            decided_on=decided_on.isoformat(),
            years=periods.years_for(kind, measure),
            deadline=deadline.isoformat(),
        )


def validate_decision(
    decision: DisciplineDecision,
    *,
    target_org_ancestor_ids: Iterable[UUID],
    limitation: Policy[LimitationPeriods] = LIMITATION_PERIODS,
) -> DisciplineDecision:
    """Check every rule a decision must pass, in the order a reader would; return it unchanged when it does.

    The limitation period is the version in force on the decision date.
    """
    if not decision.number.strip():
        raise RuleViolation("discipline.number_required", field="number")
    if decision.violation_on > decision.decided_on:
        raise RuleViolation(
            "discipline.violation_after_decision",
            field="violation_on",
            violation_on=decision.violation_on.isoformat(),
            decided_on=decision.decided_on.isoformat(),
        )
    check_measure_allowed(decision.measure, decision.target)
    check_competence(decision.issuing_org_id, decision.target, target_org_ancestor_ids)
    periods = limitation.at(decision.decided_on)
    check_limitation(decision.measure, decision.target.kind, decision.violation_on, decision.decided_on, periods)
    return decision
