"""Routes of the admission pipeline: one endpoint per step, and the deadlines of a subtree."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

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
from membership.members.commands import ConflictGuard
from shared.auth import Principal, Role, require
from shared.calendar import today_in_vietnam
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1", tags=["admission"])
Reader = Annotated[Principal, require()]
Writer = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER, Role.SECRETARY)]


def _out(candidate: Candidate, principal: Principal, response: Response) -> CandidateOut:
    set_etag(response, candidate.version)
    return queries.candidate_out(candidate, principal)


@router.post(
    "/candidates",
    operation_id="introduceCandidate",
    status_code=status.HTTP_201_CREATED,
    response_model=CandidateOut,
    responses=sends("ETag", "Location", status=201),
)
async def introduce(
    body: Introduce, principal: Writer, db: DB, ctx: Ctx, response: Response, request: Request
) -> CandidateOut:
    candidate = await commands.introduce(db, ctx, principal, body, ConflictGuard.of(request.app.state.settings))
    response.headers["Location"] = f"/api/v1/candidates/{candidate.id}"
    return _out(candidate, principal, response)


@router.get("/candidates", operation_id="listCandidates", response_model=Page[CandidateOut])
async def list_candidates(
    principal: Reader,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    under: str | None = None,
    stage: AdmissionStage | None = None,
) -> Page[CandidateOut]:
    async with db.read_session() as session:
        return await queries.list_candidates(session, principal, page, under=under, stage=stage)


@router.get(
    "/candidates/{candidate_id}", operation_id="getCandidate", response_model=CandidateOut, responses=sends("ETag")
)
async def get_candidate(candidate_id: str, principal: Reader, db: DB, response: Response) -> CandidateOut:
    async with db.read_session() as session:
        return _out(await queries.get_candidate(session, principal, candidate_id), principal, response)


@router.post(
    "/candidates/{candidate_id}/class-completed",
    operation_id="completeClass",
    response_model=CandidateOut,
    responses=sends("ETag"),
)
async def class_completed(
    candidate_id: str, body: ClassCompleted, principal: Writer, db: DB, ctx: Ctx, response: Response
) -> CandidateOut:
    return _out(await commands.complete_class(db, ctx, principal, candidate_id, body), principal, response)


@router.post(
    "/candidates/{candidate_id}/introducers",
    operation_id="assignIntroducers",
    response_model=CandidateOut,
    responses=sends("ETag"),
)
async def introducers(
    candidate_id: str, body: AssignIntroducers, principal: Writer, db: DB, ctx: Ctx, response: Response
) -> CandidateOut:
    return _out(await commands.assign_introducers(db, ctx, principal, candidate_id, body), principal, response)


@router.post(
    "/candidates/{candidate_id}/progress-notes",
    operation_id="addProgressNote",
    response_model=CandidateOut,
    responses=sends("ETag"),
)
async def progress_note(
    candidate_id: str, body: ProgressNote, principal: Writer, db: DB, ctx: Ctx, response: Response
) -> CandidateOut:
    return _out(await commands.add_progress_note(db, ctx, principal, candidate_id, body), principal, response)


@router.post(
    "/candidates/{candidate_id}/branch-vote",
    operation_id="recordBranchVote",
    response_model=CandidateOut,
    responses=sends("ETag"),
)
async def branch_vote(
    candidate_id: str, body: BranchVoteIn, principal: Writer, db: DB, ctx: Ctx, response: Response
) -> CandidateOut:
    return _out(await decisions.record_branch_vote(db, ctx, principal, candidate_id, body), principal, response)


@router.post(
    "/candidates/{candidate_id}/committee-review",
    operation_id="recordCommitteeReview",
    response_model=CandidateOut,
    summary="The grassroots committee's review of the branch resolution (branches under a grassroots committee)",
    responses=sends("ETag"),
)
async def committee_review(
    candidate_id: str, body: CommitteeReviewIn, principal: Writer, db: DB, ctx: Ctx, response: Response
) -> CandidateOut:
    return _out(await review.record_committee_review(db, ctx, principal, candidate_id, body), principal, response)


@router.post(
    "/candidates/{candidate_id}/decision",
    operation_id="recordAdmissionDecision",
    response_model=CandidateOut,
    responses=sends("ETag"),
)
async def decision(
    candidate_id: str, body: DecisionIn, principal: Writer, db: DB, ctx: Ctx, response: Response
) -> CandidateOut:
    return _out(await decisions.record_decision(db, ctx, principal, candidate_id, body), principal, response)


@router.post(
    "/candidates/{candidate_id}/ceremony",
    operation_id="holdAdmissionCeremony",
    response_model=CeremonyOut,
    status_code=status.HTTP_201_CREATED,
    responses=sends("Location", status=201),
)
async def ceremony(
    candidate_id: str, body: CeremonyIn, principal: Writer, db: DB, ctx: Ctx, response: Response
) -> CeremonyOut:
    candidate, member = await decisions.hold_ceremony(db, ctx, principal, candidate_id, body)
    response.headers["Location"] = f"/api/v1/members/{member.id}"
    return CeremonyOut(candidate=queries.candidate_out(candidate, principal), member_id=member.id)


@router.post(
    "/candidates/{candidate_id}/withdraw",
    operation_id="withdrawCandidate",
    response_model=CandidateOut,
    responses=sends("ETag"),
)
async def withdraw(
    candidate_id: str, body: Withdraw, principal: Writer, db: DB, ctx: Ctx, response: Response
) -> CandidateOut:
    return _out(await commands.withdraw(db, ctx, principal, candidate_id, body), principal, response)


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
