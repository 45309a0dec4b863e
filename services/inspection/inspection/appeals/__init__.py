"""Appeals against discipline decisions (Điều lệ Đảng, Điều 38)."""

from inspection.appeals import messages as messages
from inspection.appeals.policies import APPEAL_WINDOW_MONTHS
from inspection.appeals.rules import (
    Appeal,
    AppealOutcome,
    AppealState,
    OutcomeEffects,
    appeal_deadline,
    check_outcome_measure,
    decide_appeal,
    effects_of_outcome,
    lodge_appeal,
    measure_in_force,
)

__all__ = [
    "APPEAL_WINDOW_MONTHS",
    "Appeal",
    "AppealOutcome",
    "AppealState",
    "OutcomeEffects",
    "appeal_deadline",
    "check_outcome_measure",
    "decide_appeal",
    "effects_of_outcome",
    "lodge_appeal",
    "measure_in_force",
]
