"""Appeals against discipline decisions (Điều lệ Đảng, Điều 38; 30-QĐ/TW 2016, 22-QĐ/TW 2021, 296-QĐ/TW 2025)."""

from inspection.appeals.levels import (
    FINAL_AUTHORITY,
    FinalAuthority,
    Hearing,
    PriorAppeal,
    next_committee,
    next_hearing,
)
from inspection.appeals.outcomes import AppealOutcome, AppealState
from inspection.appeals.policies import APPEAL_OUTCOMES, APPEAL_WINDOW_MONTHS
from inspection.appeals.rules import (
    Appeal,
    OutcomeEffects,
    appeal_deadline,
    check_outcome_measure,
    decide_appeal,
    effects_of_outcome,
    lodge_appeal,
    measure_in_force,
    transition_actions,
)

__all__ = [
    "APPEAL_OUTCOMES",
    "APPEAL_WINDOW_MONTHS",
    "FINAL_AUTHORITY",
    "Appeal",
    "AppealOutcome",
    "AppealState",
    "FinalAuthority",
    "Hearing",
    "OutcomeEffects",
    "PriorAppeal",
    "appeal_deadline",
    "check_outcome_measure",
    "decide_appeal",
    "effects_of_outcome",
    "lodge_appeal",
    "measure_in_force",
    "next_committee",
    "next_hearing",
    "transition_actions",
]
