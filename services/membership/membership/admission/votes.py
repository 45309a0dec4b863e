"""The votes of admission and recognition, and the grassroots committee's review between vote and decision.

Điều lệ Đảng Điều 4.3 and 5.3: the branch goes forward with two thirds of *all* its official members (absent
ones count against); a branch under a grassroots committee goes up only once that committee agrees with two
thirds of its committee members. Shares are compared in integers (3 × for ≥ 2 × members), never rounded.
Pure rules: the caller passes the counts, the dates and the policy values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from membership.orgs.rules import OrgKind
from shared.dateorder import check_order
from shared.errors import RuleViolation


@dataclass(frozen=True)
class BranchVote:
    """The branch's vote on admission (or on recognition): only official members vote."""

    votes_for: int
    votes_against: int
    official_members: int


@dataclass(frozen=True)
class CommitteeReview:
    """The grassroots committee's review of a branch resolution: its committee members (cấp ủy viên) vote."""

    votes_for: int
    votes_against: int
    committee_members: int


def votes_required(voters: int, share: Fraction) -> int:
    """The fewest votes for that reach ``share`` of *all* voters (two thirds of 9 is 6, of 10 is 7)."""
    return -(-voters * share.numerator // share.denominator)


def reaches_share(votes_for: int, voters: int, share: Fraction) -> bool:
    """``votes_for / voters >= share`` in integers (3 × for ≥ 2 × members for two thirds): no rounding."""
    return votes_for * share.denominator >= share.numerator * voters


def branch_vote_passes(vote: BranchVote, *, share: Fraction) -> bool:
    return reaches_share(vote.votes_for, vote.official_members, share)


def counts_invalid(votes_for: int, votes_against: int, voters: int) -> bool:
    """Negative counts, nobody entitled to vote, or more votes than voters."""
    return min(votes_for, votes_against, voters) < 0 or voters == 0 or votes_for + votes_against > voters


@dataclass(frozen=True)
class _ShareRule:
    """One vote by a share of all its voters: the field refused, the rules for impossible counts and for too few
    votes, and what the refusals call the voters (their messages' placeholder)."""

    field: str
    invalid: str
    short: str
    voters: str


_BRANCH = _ShareRule("vote", "admission.vote_counts_invalid", "admission.branch_vote_not_passed", "official_members")
_RECOGNITION = _ShareRule(
    "votes_for", "admission.vote_counts_invalid", "admission.recognition_vote_not_passed", "official_members"
)
_REVIEW = _ShareRule(
    "votes_for", "admission.review_counts_invalid", "admission.committee_review_not_passed", "committee_members"
)


def _check_share(rule: _ShareRule, votes_for: int, votes_against: int, voters: int, share: Fraction) -> None:
    """Valid counts, and at least ``share`` of *all* the voters in favour: those absent count against."""
    named: dict[str, Any] = {rule.voters: voters}
    if counts_invalid(votes_for, votes_against, voters):
        raise RuleViolation(rule.invalid, field=rule.field, votes_for=votes_for, votes_against=votes_against, **named)
    need = votes_required(voters, share)
    if votes_for < need:
        raise RuleViolation(rule.short, field=rule.field, votes_for=votes_for, **named, required=need)


def check_branch_vote(vote: BranchVote, *, share: Fraction) -> None:
    """Valid counts, and at least ``share`` (two thirds) of *all* the branch's official members in favour.

    Điều lệ Đảng Điều 4.3 asks for "hai phần ba số đảng viên chính thức trở lên": absent members count against.
    """
    _check_share(_BRANCH, vote.votes_for, vote.votes_against, vote.official_members, share)


def check_recognition_votes(vote: BranchVote, *, share: Fraction) -> None:
    """Recognition goes forward with two thirds of the branch's official members (Điều lệ Đảng Điều 5.3); short
    of it, the probationary member is not recognised and is removed from the rolls (reason ``not_recognised``)."""
    _check_share(_RECOGNITION, vote.votes_for, vote.votes_against, vote.official_members, share)


def check_recognition_decision(vote_date: date, decision_date: date) -> None:
    """The competent committee's recognition decision follows the branch's vote."""
    check_order(
        "admission.recognition_decision_before_vote",
        field="decision_date",
        vote_date=vote_date,
        decision_date=decision_date,
    )


def check_committee_review(review: CommitteeReview, *, share: Fraction) -> None:
    """The grassroots committee agrees with at least ``share`` (two thirds) of its committee members."""
    _check_share(_REVIEW, review.votes_for, review.votes_against, review.committee_members, share)


def committee_review_required(branch_kind: str) -> bool:
    """A branch under a grassroots (or partial) committee is reviewed by the grassroots committee before the
    decision (Điều lệ Đảng Điều 4.3); a grassroots branch is itself the grassroots organisation and is not."""
    return OrgKind(branch_kind) is OrgKind.BRANCH


def check_review_applicable(branch_kind: str, vote_date: date, review_date: date) -> None:
    """Only a branch under a grassroots committee is reviewed, and only after its own vote."""
    if not committee_review_required(branch_kind):
        raise RuleViolation("admission.committee_review_not_applicable", field="review_date", branch_kind=branch_kind)
    check_order("admission.review_before_vote", field="review_date", vote_date=vote_date, review_date=review_date)


def check_reviewed_before_decision(branch_kind: str, review_date: date | None, decision_date: date) -> None:
    """The decision needs the grassroots committee's review where one is required, and follows it."""
    if committee_review_required(branch_kind) and review_date is None:
        raise RuleViolation("admission.committee_review_required", field="decision_date", branch_kind=branch_kind)
    if review_date is not None:
        check_order(
            "admission.decision_before_review",
            field="decision_date",
            review_date=review_date,
            decision_date=decision_date,
        )
