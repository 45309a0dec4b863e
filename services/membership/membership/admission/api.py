"""Routes of the admission pipeline: one endpoint per step, and the deadlines of a subtree."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from membership.admission import commands, decisions, queries, review
from membership.admission.models import (
    AssignIntroducers,
    BranchVoteIn,
    Candidate,
    CandidateOut,
    CeremonyIn,
    CeremonyOut,
    ClassCompleted,
    CommitteeReviewIn,
    DeadlineOut,
    DecisionIn,
    Introduce,
    ProgressNote,
    Withdraw,
)
from membership.admission.pipeline import AdmissionStage
from membership.common import Reader, Secretary
from membership.members.commands import ConflictGuard
from shared import routes
from shared.auth import Principal
from shared.calendar import today_in_vietnam
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import creates, sends
from shared.pagination import Page
from shared.routes import Listed

router = APIRouter(prefix="/api/v1", tags=["admission"])


@router.post("/candidates", **creates("introduceCandidate", CandidateOut))
async def introduce(
    body: Introduce, principal: Secretary, db: DB, ctx: Ctx, response: Response, request: Request
) -> CandidateOut:
    candidate = await commands.introduce(db, ctx, principal, body, ConflictGuard.of(request.app.state.settings))
    response.headers["Location"] = f"/api/v1/candidates/{candidate.id}"
    set_etag(response, candidate.version)
    return queries.candidate_out(candidate, principal)


@router.get("/candidates", operation_id="listCandidates", response_model=Page[CandidateOut])
async def list_candidates(
    listing: Listed,
    under: str | None = None,
    stage: AdmissionStage | None = None,
) -> Page[CandidateOut]:
    return await listing.of(queries.list_candidates, under=under, stage=stage)


def _present(candidate: Candidate, principal: Principal) -> CandidateOut:
    return queries.candidate_out(candidate, principal)


candidates = routes.Resource(router, CandidateOut, reader=Reader, writer=Secretary, present=_present)
candidates.read("/candidates/{candidate_id}", queries.get_candidate, "get_candidate", "getCandidate")
# The steps of the pipeline, in order; withdrawing is possible at any of them.
STEP = "/candidates/{candidate_id}/"
candidates.step(STEP + "class-completed", commands.complete_class, ClassCompleted, "class_completed", "completeClass")
candidates.step(
    STEP + "introducers", commands.assign_introducers, AssignIntroducers, "introducers", "assignIntroducers"
)
candidates.step(STEP + "progress-notes", commands.add_progress_note, ProgressNote, "progress_note", "addProgressNote")
candidates.step(STEP + "branch-vote", decisions.record_branch_vote, BranchVoteIn, "branch_vote", "recordBranchVote")
candidates.step(
    STEP + "committee-review",
    review.record_committee_review,
    CommitteeReviewIn,
    "committee_review",
    "recordCommitteeReview",
    summary="The grassroots committee's review of the branch resolution (branches under a grassroots committee)",
)
candidates.step(STEP + "decision", decisions.record_decision, DecisionIn, "decision", "recordAdmissionDecision")
candidates.step(STEP + "withdraw", commands.withdraw, Withdraw, "withdraw", "withdrawCandidate")


@router.post(
    "/candidates/{candidate_id}/ceremony",
    operation_id="holdAdmissionCeremony",
    response_model=CeremonyOut,
    status_code=status.HTTP_201_CREATED,
    responses=sends("Location", status=201),
)
async def ceremony(
    candidate_id: str, body: CeremonyIn, principal: Secretary, db: DB, ctx: Ctx, response: Response
) -> CeremonyOut:
    candidate, member = await decisions.hold_ceremony(db, ctx, principal, candidate_id, body)
    response.headers["Location"] = f"/api/v1/members/{member.id}"
    return CeremonyOut(candidate=queries.candidate_out(candidate, principal), member_id=member.id)


@router.get("/deadlines", operation_id="listDeadlines", response_model=list[DeadlineOut])
async def deadlines(
    principal: Reader,
    db: DB,
    under: Annotated[str, Query(description="The subtree to look at.")],
    today: Annotated[date | None, Query(description="Defaults to today in Vietnam.")] = None,
    notice_days: Annotated[int, Query(ge=0, le=180, description="List probations ending this soon.")] = 30,
    overdue_only: bool = False,
) -> list[DeadlineOut]:
    async with db.read_session() as session:
        found = await queries.deadlines(session, principal, under, today or today_in_vietnam(), notice_days)
    return [d for d in found if d.overdue] if overdue_only else found
