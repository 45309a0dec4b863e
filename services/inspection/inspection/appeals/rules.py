"""Pure rules of an appeal against a discipline decision (khiếu nại kỷ luật đảng).

Điều lệ Đảng, Điều 38: the appeal is lodged within one month of *receiving* the decision it contests (the
discipline decision, or a lower level's decision on the appeal); meanwhile the decision stays in force; the
level that hears it upholds it, changes the measure — lighter or heavier — or annuls it (30-QĐ/TW, 22-QĐ/TW,
296-QĐ/TW: "giữ nguyên, thay đổi hoặc xóa bỏ"). Other services hold the member's and the organisation's state,
so the outcome is turned into the actions they must apply (``effects_of_outcome``). Which level hears it:
``inspection.appeals.levels``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from inspection.appeals.outcomes import CHANGES, AppealOutcome, AppealState
from inspection.appeals.policies import APPEAL_OUTCOMES, APPEAL_WINDOW_MONTHS
from inspection.discipline.competence import CompetenceTable, DecidingLevel
from inspection.discipline.measures import Action, Measure, actions_of_measure, is_lighter, lighter_measures
from inspection.discipline.policies import COMPETENCE
from inspection.discipline.rules import DisciplineDecision, check_measure_allowed, check_measure_competence
from shared.calendar import add_months
from shared.dateorder import check_order
from shared.errors import InvalidTransition, RuleViolation
from shared.policy import Policy


@dataclass(frozen=True)
class Appeal:
    """An appeal against one decision; ``new_measure`` is set only when the outcome is a reduction."""

    decision: DisciplineDecision
    received_on: date
    lodged_on: date
    contested: Measure | None = None
    """The measure in force when lodged (a lower level may have changed it); None: the decision's own."""
    hearing_level: DecidingLevel | None = None
    """The level that hears it, for the competence of a heavier measure; None: the central final authority."""
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
    contested_on: date | None = None,
    window: Policy[int] = APPEAL_WINDOW_MONTHS,
) -> Appeal:
    """Open an appeal, refusing it once the window has closed; the window in force on ``received_on`` applies,
    since the right to appeal arises on receipt. ``contested_on``: the date of the decision contested (a lower
    level's decision on the appeal), by default the discipline decision's."""
    issued = contested_on or decision.decided_on
    check_order("appeals.received_before_decision", field="received_on", decided_on=issued, received_on=received_on)
    check_order("appeals.lodged_before_receipt", field="lodged_on", received_on=received_on, lodged_on=lodged_on)
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


def check_outcome_measure(
    decision: DisciplineDecision,
    outcome: AppealOutcome,
    new_measure: Measure | None,
    *,
    contested: Measure | None = None,
) -> None:
    """A change names a measure the target can receive, strictly lighter for a reduction and strictly heavier
    for an increase than the one contested; other outcomes name none."""
    if outcome not in CHANGES:
        if new_measure is not None:
            raise RuleViolation("appeals.new_measure_not_expected", field="new_measure", outcome=str(outcome))
        return
    if new_measure is None:
        raise RuleViolation("appeals.new_measure_required", field="new_measure")
    original, kind = contested or decision.measure, decision.target.kind
    if outcome is AppealOutcome.REDUCED and not is_lighter(new_measure, original, kind):
        raise RuleViolation(
            "appeals.reduction_not_lighter",
            field="new_measure",
            original_measure=str(original),
            new_measure=str(new_measure),
            allowed=[str(m) for m in lighter_measures(original, kind)],
        )
    if outcome is AppealOutcome.INCREASED and not is_lighter(original, new_measure, kind):
        raise RuleViolation(
            "appeals.increase_not_heavier",
            field="new_measure",
            original_measure=str(original),
            new_measure=str(new_measure),
        )
    check_measure_allowed(new_measure, decision.target)


def check_hearing_competence(
    appeal: Appeal, new_measure: Measure | None, decided_on: date, competence: Policy[CompetenceTable] = COMPETENCE
) -> None:
    """A level may not raise a measure beyond what it could impose itself (the central authorities may)."""
    if new_measure is None or appeal.hearing_level is None:
        return
    table = competence.at(decided_on)
    check_measure_competence(appeal.hearing_level, new_measure, appeal.decision.target, table)


def check_outcome_allowed(
    outcome: AppealOutcome, decided_on: date, outcomes: Policy[frozenset[AppealOutcome]] = APPEAL_OUTCOMES
) -> None:
    if outcome not in outcomes.at(decided_on):
        raise RuleViolation("appeals.outcome_not_allowed", field="outcome", outcome=str(outcome))


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
    check_order("appeals.decided_before_lodged", field="decided_on", lodged_on=appeal.lodged_on, decided_on=decided_on)
    check_outcome_allowed(outcome, decided_on)
    check_outcome_measure(appeal.decision, outcome, new_measure, contested=appeal.contested)
    check_hearing_competence(appeal, new_measure, decided_on)
    return replace(appeal, state=AppealState.DECIDED, outcome=outcome, new_measure=new_measure, decided_on=decided_on)


def measure_in_force(decision: DisciplineDecision, appeal: Appeal | None = None) -> Measure | None:
    """The measure that applies now: the original while an appeal is pending (Điều lệ Đảng, Điều 38), the
    outcome's once decided (None when annulled)."""
    contested = (appeal.contested if appeal else None) or decision.measure
    if appeal is None or appeal.state is AppealState.LODGED or appeal.outcome is None:
        return contested
    return _standing_measure(contested, appeal.outcome, appeal.new_measure)


def effects_of_outcome(
    contested_measure: Measure, outcome: AppealOutcome, new_measure: Measure | None = None
) -> OutcomeEffects:
    """What the other services must apply once an appeal is decided: the difference between the measure
    contested and the one that now stands.

    What the contested measure took away and the standing one no longer takes is restored (an annulled or
    reduced expulsion restores the member; the posts come back when neither removal from post nor expulsion
    stands; an annulled or reduced dissolution restores the organisation); what the standing measure takes and
    the contested one did not is applied (an increase to expulsion expels). Reprimands and warnings change only
    the record, which reporting reads from the standing measure.
    """
    if (outcome in CHANGES) != (new_measure is not None):
        raise ValueError("a reduction or an increase, and only they, name the new measure")
    standing = _standing_measure(contested_measure, outcome, new_measure)
    return OutcomeEffects(measure_in_force=standing, actions=transition_actions(contested_measure, standing))


def transition_actions(before: Measure | None, after: Measure | None) -> tuple[Action, ...]:
    loses_posts = {Measure.EXPULSION, Measure.REMOVAL_FROM_POST}
    actions: list[Action] = []
    if before is Measure.EXPULSION and after is not Measure.EXPULSION:
        actions.append(Action.RESTORE_MEMBER)
    if before in loses_posts and after not in loses_posts:
        actions.append(Action.RESTORE_POSTS)
    if before is Measure.DISSOLUTION and after is not Measure.DISSOLUTION:
        actions.append(Action.RESTORE_ORGANISATION)
    if after is not None and after is not before and (before not in loses_posts or after is Measure.EXPULSION):
        actions.extend(actions_of_measure(after))
    return tuple(actions)


def _standing_measure(original: Measure, outcome: AppealOutcome, new_measure: Measure | None) -> Measure | None:
    if outcome is AppealOutcome.UPHELD:
        return original
    if outcome in CHANGES:
        return new_measure
    return None
