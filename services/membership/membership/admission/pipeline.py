"""The stages of one candidate's admission and the commands that move between them.

The order follows the procedure of the Charter (Điều 4) and its implementing regulations: the awareness class,
then two introducers, then the branch resolution, the grassroots committee's review (for a branch under a
grassroots committee; a grassroots branch goes straight to the decision), the competent committee's decision and
the ceremony that makes a probationary member. Progress notes (the branch's monthly or quarterly follow-up of the
candidate) can be added at any stage after introduction.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from shared.errors import InvalidTransition


class AdmissionStage(StrEnum):
    INTRODUCED = "introduced"
    CLASS_COMPLETED = "class_completed"
    INTRODUCERS_ASSIGNED = "introducers_assigned"
    BRANCH_VOTED = "branch_voted"
    COMMITTEE_REVIEWED = "committee_reviewed"  # the grassroots committee agreed with the branch's resolution
    DECIDED = "decided"
    CEREMONY_HELD = "ceremony_held"  # the candidate is now a probationary member
    WITHDRAWN = "withdrawn"


class AdmissionCommand(StrEnum):
    COMPLETE_CLASS = "complete_class"
    ASSIGN_INTRODUCERS = "assign_introducers"
    ADD_PROGRESS_NOTE = "add_progress_note"
    RECORD_BRANCH_VOTE = "record_branch_vote"
    RECORD_COMMITTEE_REVIEW = "record_committee_review"
    RECORD_DECISION = "record_decision"
    HOLD_CEREMONY = "hold_ceremony"
    WITHDRAW = "withdraw"


S, C = AdmissionStage, AdmissionCommand

_BEFORE_CEREMONY = (
    S.INTRODUCED,
    S.CLASS_COMPLETED,
    S.INTRODUCERS_ASSIGNED,
    S.BRANCH_VOTED,
    S.COMMITTEE_REVIEWED,
    S.DECIDED,
)

TRANSITIONS: Mapping[tuple[AdmissionStage, AdmissionCommand], AdmissionStage] = {
    (S.INTRODUCED, C.COMPLETE_CLASS): S.CLASS_COMPLETED,
    (S.CLASS_COMPLETED, C.ASSIGN_INTRODUCERS): S.INTRODUCERS_ASSIGNED,
    # An introducer who moves away or loses standing is replaced before the vote.
    (S.INTRODUCERS_ASSIGNED, C.ASSIGN_INTRODUCERS): S.INTRODUCERS_ASSIGNED,
    # Only a passing vote is a transition; a failed vote leaves the candidate where they were.
    (S.INTRODUCERS_ASSIGNED, C.RECORD_BRANCH_VOTE): S.BRANCH_VOTED,
    (S.BRANCH_VOTED, C.RECORD_COMMITTEE_REVIEW): S.COMMITTEE_REVIEWED,
    # Straight from the branch vote only where no grassroots committee reviews it (``review_required``).
    (S.BRANCH_VOTED, C.RECORD_DECISION): S.DECIDED,
    (S.COMMITTEE_REVIEWED, C.RECORD_DECISION): S.DECIDED,
    (S.DECIDED, C.HOLD_CEREMONY): S.CEREMONY_HELD,
    **{(stage, C.ADD_PROGRESS_NOTE): stage for stage in (*_BEFORE_CEREMONY, S.CEREMONY_HELD)},
    **{(stage, C.WITHDRAW): S.WITHDRAWN for stage in _BEFORE_CEREMONY},
}


def next_stage(current: AdmissionStage, command: AdmissionCommand) -> AdmissionStage:
    """The stage after ``command``, or ``InvalidTransition`` when the procedure does not allow it now."""
    try:
        return TRANSITIONS[(current, command)]
    except KeyError:
        raise InvalidTransition("admission.invalid_transition", current=current.value, command=command.value) from None


def allowed_commands(current: AdmissionStage) -> frozenset[AdmissionCommand]:
    """What a client may offer next for a candidate at ``current``."""
    return frozenset(command for stage, command in TRANSITIONS if stage == current)
