"""The grassroots committee's review of a branch's resolution to admit (Điều lệ Đảng Điều 4.3).

A branch under a grassroots committee (kind ``branch``) sends its resolution up; the grassroots committee
agrees only with two thirds of its committee members, and the competent committee decides after that. A grassroots
branch is itself the grassroots organisation: its resolution goes straight to the decision.
"""

from __future__ import annotations

from membership.admission.models import Candidate, CommitteeReviewIn
from membership.admission.pipeline import AdmissionCommand
from membership.admission.policies import DEFAULT_POLICIES
from membership.admission.steps import branch_kind, candidate_step
from membership.admission.votes import CommitteeReview, check_committee_review, check_review_applicable
from membership.events import CandidateCommitteeReviewed
from shared.auth import Principal
from shared.db import Context, Database


async def record_committee_review(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: CommitteeReviewIn
) -> Candidate:
    """Recorded only when it agrees: a review short of two thirds leaves the candidate at the branch vote."""
    async with candidate_step(db, ctx, principal, candidate_id, AdmissionCommand.RECORD_COMMITTEE_REVIEW) as step:
        candidate = step.candidate
        assert candidate.vote_date is not None
        check_review_applicable(await branch_kind(step.uow, candidate), candidate.vote_date, body.review_date)
        review = CommitteeReview(body.votes_for, body.votes_against, body.committee_members)
        check_committee_review(review, share=DEFAULT_POLICIES.committee_review_share.at(body.review_date))
        candidate.review_date = body.review_date
        candidate.review_votes_for, candidate.review_votes_against = body.votes_for, body.votes_against
        candidate.review_committee_members = body.committee_members
        await step.finish(
            "committee_reviewed",
            CandidateCommitteeReviewed,
            body.review_date,
            votes_for=body.votes_for,
            votes_against=body.votes_against,
            committee_members=body.committee_members,
        )
    return candidate
