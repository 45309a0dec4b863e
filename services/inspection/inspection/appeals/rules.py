"""Pure rules of an appeal against a discipline decision (khiếu nại kỷ luật đảng).

Điều lệ Đảng, Điều 38: the appeal is lodged within one month of *receiving* the decision; meanwhile the
decision stays in force; the body that hears it upholds, reduces or annuls the measure. Other services hold
the member's and the organisation's state, so the outcome is turned into the actions they must apply
(``effects_of_outcome``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from inspection.appeals.policies import APPEAL_WINDOW_MONTHS
from inspection.discipline.measures import Action, Measure, is_lighter, lighter_measures
from inspection.discipline.rules import DisciplineDecision, check_measure_allowed
from shared.calendar import add_months
from shared.errors import InvalidTransition, RuleViolation
from shared.policy import Policy


class AppealState(StrEnum):
    LODGED = "lodged"
    DECIDED = "decided"


class AppealOutcome(StrEnum):
    UPHELD = "upheld"
    REDUCED = "reduced"
    ANNULLED = "annulled"


@dataclass(frozen=True)
class Appeal:
    """An appeal against one decision; ``new_measure`` is set only when the outcome is a reduction."""

    decision: DisciplineDecision
    received_on: date
    lodged_on: date
    state: AppealState = AppealState.LODGED
    outcome: AppealOutcome | None = None
    new_measure: Measure | None = None
    decided_on: date | None = None


@dataclass(frozen=True)
class OutcomeEffects:
    """The measure that now stands (None: annulled) and what membership must undo to match it."""

    measure_in_force: Measure | None
    actions: tuple[Action, ...]


def appeal_deadline(received_on: date, window_months: int) -> date:
    """The last day to lodge, inclusive: the same day ``window_months`` later, or that month's last day.

    Bộ luật Dân sự, Điều 148 (see ``inspection.discipline.periods``): received 31 January → 28 (or 29)
    February; received 15 March → 15 April, and an appeal lodged on 15 April is in time.
    """
    return add_months(received_on, window_months)


def lodge_appeal(
    decision: DisciplineDecision,
    *,
    received_on: date,
    lodged_on: date,
    window: Policy[int] = APPEAL_WINDOW_MONTHS,
) -> Appeal:
    """Open an appeal, refusing it once the window has closed; the window in force on ``received_on`` applies,
    since the right to appeal arises on receipt."""
    if received_on < decision.decided_on:
        raise RuleViolation(
            "appeals.received_before_decision",
            field="received_on",
            received_on=received_on.isoformat(),
            decided_on=decision.decided_on.isoformat(),
        )
    if lodged_on < received_on:
        raise RuleViolation(
            "appeals.lodged_before_receipt",
            field="lodged_on",
            lodged_on=lodged_on.isoformat(),
            received_on=received_on.isoformat(),
        )
    months = window.at(received_on)
    deadline = appeal_deadline(received_on, months)
    if lodged_on > deadline:
        raise RuleViolation(
            "appeals.window_expired",
            field="lodged_on",
            received_on=received_on.isoformat(),
            lodged_on=lodged_on.isoformat(),
            deadline=deadline.isoformat(),
            months=months,
        )
    return Appeal(decision=decision, received_on=received_on, lodged_on=lodged_on)


def check_outcome_measure(decision: DisciplineDecision, outcome: AppealOutcome, new_measure: Measure | None) -> None:
    """A reduction names a strictly lighter measure that the target can receive; other outcomes name none."""
    if outcome is not AppealOutcome.REDUCED:
        if new_measure is not None:
            raise RuleViolation("appeals.new_measure_not_expected", field="new_measure", outcome=str(outcome))
        return
    if new_measure is None:
        raise RuleViolation("appeals.new_measure_required", field="new_measure")
    kind = decision.target.kind
    if not is_lighter(new_measure, decision.measure, kind):
        raise RuleViolation(
            "appeals.reduction_not_lighter",
            field="new_measure",
            original_measure=str(decision.measure),
            new_measure=str(new_measure),
            allowed=[str(m) for m in lighter_measures(decision.measure, kind)],
        )
    check_measure_allowed(new_measure, decision.target)


def decide_appeal(
    appeal: Appeal, *, outcome: AppealOutcome, decided_on: date, new_measure: Measure | None = None
) -> Appeal:
    """lodged → decided, once: a decided appeal is closed (a further appeal goes to the next level up)."""
    if appeal.state is not AppealState.LODGED:
        raise InvalidTransition(
            "appeals.already_decided",
            outcome=str(appeal.outcome),
            decided_on=appeal.decided_on.isoformat() if appeal.decided_on else "",
        )
    if decided_on < appeal.lodged_on:
        raise RuleViolation(
            "appeals.decided_before_lodged",
            field="decided_on",
            decided_on=decided_on.isoformat(),
            lodged_on=appeal.lodged_on.isoformat(),
        )
    check_outcome_measure(appeal.decision, outcome, new_measure)
    return replace(appeal, state=AppealState.DECIDED, outcome=outcome, new_measure=new_measure, decided_on=decided_on)


def measure_in_force(decision: DisciplineDecision, appeal: Appeal | None = None) -> Measure | None:
    """The measure that applies now: the original while an appeal is pending (Điều lệ Đảng, Điều 38), the
    outcome's once decided (None when annulled)."""
    if appeal is None or appeal.state is AppealState.LODGED or appeal.outcome is None:
        return decision.measure
    return _standing_measure(decision.measure, appeal.outcome, appeal.new_measure)


def effects_of_outcome(
    original_measure: Measure, outcome: AppealOutcome, new_measure: Measure | None = None
) -> OutcomeEffects:
    """What the other services must apply once an appeal is decided.

    Only what the original measure took away and the standing measure no longer takes is restored: an
    annulled or reduced expulsion restores the member; an annulled or reduced dissolution restores the
    organisation; the member's posts come back when neither removal from post nor expulsion stands any
    longer. Reprimands and warnings change only the record, which reporting reads from the standing measure.
    """
    if (outcome is AppealOutcome.REDUCED) != (new_measure is not None):
        raise ValueError("a reduction, and only a reduction, names the new measure")
    standing = _standing_measure(original_measure, outcome, new_measure)
    loses_posts = {Measure.EXPULSION, Measure.REMOVAL_FROM_POST}
    actions: list[Action] = []
    if original_measure is Measure.EXPULSION and standing is not Measure.EXPULSION:
        actions.append(Action.RESTORE_MEMBER)
    if original_measure in loses_posts and standing not in loses_posts:
        actions.append(Action.RESTORE_POSTS)
    if original_measure is Measure.DISSOLUTION and standing is not Measure.DISSOLUTION:
        actions.append(Action.RESTORE_ORGANISATION)
    return OutcomeEffects(measure_in_force=standing, actions=tuple(actions))


def _standing_measure(original: Measure, outcome: AppealOutcome, new_measure: Measure | None) -> Measure | None:
    if outcome is AppealOutcome.UPHELD:
        return original
    if outcome is AppealOutcome.REDUCED:
        return new_measure
    return None
