"""Reads of the admission pipeline: candidates, and what is due or overdue in a subtree.

The deadlines list gathers candidates waiting for a decision or a ceremony, probationary members whose
probation ends soon or whose recognition is overdue, and pending transfers whose letter was not presented in
time; each deadline is counted in the working-day calendar operators maintain.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from membership import scope
from membership.admission.deadlines import AdmissionProgress, Deadline, admission_deadlines
from membership.admission.models import Candidate, CandidateOut, DeadlineOut
from membership.admission.pipeline import AdmissionStage
from membership.admission.policies import DEFAULT_POLICIES
from membership.holidays.queries import load_calendar
from membership.members.limits import transfer_presentation_status
from membership.members.models import Member
from membership.members.policies import TRANSFER_PRESENTATION_DAYS
from membership.members.queries import mask
from membership.members.rules import MemberStatus
from shared import orgtree
from shared.auth import SENSITIVE_READERS, Principal
from shared.calendar import add_months
from shared.errors import NotFound
from shared.filters import one_or_404
from shared.pagination import Page, PageRequest, page_of


def candidate_out(candidate: Candidate, principal: Principal) -> CandidateOut:
    out = CandidateOut.model_validate(candidate)
    if not principal.has(*SENSITIVE_READERS):
        out = out.model_copy(update={"national_id": mask(out.national_id)})
    return out


async def get_candidate(session: AsyncSession, principal: Principal, candidate_id: str) -> Candidate:
    query = select(Candidate).where(Candidate.id == candidate_id, scope.in_scope(Candidate.org_id, principal))
    return await one_or_404(session, query, NotFound("resource.not_found", resource="candidate", id=candidate_id))


async def list_candidates(
    session: AsyncSession, principal: Principal, page: PageRequest, *, under: str | None, stage: AdmissionStage | None
) -> Page[CandidateOut]:
    query: Select[Any] = select(Candidate).where(scope.in_scope(Candidate.org_id, principal))
    if under:
        node = await orgtree.node_in_scope(session, principal, under)
        query = query.where(scope.within(Candidate.org_id, node.path))
    if stage:
        query = query.where(Candidate.stage == stage.value)
    table = Candidate.__table__.c
    sort = [table.search_name, table.id]
    return await page_of(session, query, sort, page, CandidateOut, shape=lambda c: candidate_out(c, principal))


def _deadline(d: Deadline, subject_type: Literal["candidate", "member"], subject: Candidate | Member) -> DeadlineOut:
    """A deadline of a candidate or a member, named and placed so the subtree's list can show it."""
    return DeadlineOut(
        kind=d.kind.value,
        due_on=d.due_on,
        overdue=d.overdue,
        subject_type=subject_type,
        subject_id=subject.id,
        org_id=subject.org_id,
        full_name=subject.full_name,
    )


async def deadlines(
    session: AsyncSession, principal: Principal, under: str, today: date, notice_days: int
) -> list[DeadlineOut]:
    node = await orgtree.node_in_scope(session, principal, under)
    calendar = await load_calendar(session)
    found: list[DeadlineOut] = []
    candidates = (
        await session.execute(
            select(Candidate).where(
                scope.within(Candidate.org_id, node.path),
                Candidate.stage.in_(
                    [
                        s.value
                        for s in (
                            AdmissionStage.BRANCH_VOTED,
                            AdmissionStage.COMMITTEE_REVIEWED,
                            AdmissionStage.DECIDED,
                        )
                    ]
                ),
            )
        )
    ).scalars()
    for c in candidates:
        progress = AdmissionProgress(AdmissionStage(c.stage), c.vote_date, c.decision_date)
        for d in admission_deadlines(progress, today, calendar, probation_notice_days=notice_days):
            found.append(_deadline(d, "candidate", c))
    found += await _probation_deadlines(session, node.path, today, notice_days, calendar)
    found += await _transfer_deadlines(session, node.path, today)
    return sorted(found, key=lambda d: (d.due_on, d.kind, d.subject_id))


async def _probation_deadlines(
    session: AsyncSession, path: str, today: date, notice_days: int, calendar: Any
) -> list[DeadlineOut]:
    """Probationary members whose probation ends within the notice period, or already ended."""
    started = Member.ceremony_date
    months = DEFAULT_POLICIES.probation_months.at(today)
    latest_start = add_months(today + timedelta(days=notice_days), -months)
    rows = (
        await session.execute(
            select(Member).where(
                scope.within(Member.org_id, path),
                Member.status == MemberStatus.PROBATIONARY.value,
                or_(started <= latest_start, started.is_(None) & (Member.admission_date <= latest_start)),
            )
        )
    ).scalars()
    found = []
    for m in rows:
        ceremony = m.ceremony_date or m.admission_date
        progress = AdmissionProgress(AdmissionStage.CEREMONY_HELD, ceremony_date=ceremony)
        for d in admission_deadlines(progress, today, calendar, probation_notice_days=notice_days):
            found.append(_deadline(d, "member", m))
    return found


async def _transfer_deadlines(session: AsyncSession, path: str, today: date) -> list[DeadlineOut]:
    rows = (
        await session.execute(
            select(Member).where(
                or_(scope.within(Member.org_id, path), scope.within(Member.transfer_to_org_id, path)),
                Member.status == MemberStatus.TRANSFER_PENDING.value,
                Member.transfer_issued_on.is_not(None),
            )
        )
    ).scalars()
    found = []
    for m in rows:
        issued = m.transfer_issued_on
        assert issued is not None
        d = transfer_presentation_status(issued, today, presentation_days=TRANSFER_PRESENTATION_DAYS.at(issued))
        found.append(_deadline(d, "member", m))
    return found
