"""Use cases of the admission pipeline up to the branch vote: introduction (with a readmission's conditions),
the awareness class, the introducers, progress notes and withdrawal — one function per step, each in one unit
of work with its event. The votes, the decision and the ceremony are in ``decisions``; the grassroots
committee's review in ``review``; what they share in ``steps``.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select

from membership import scope
from membership.admission.models import (
    AssignIntroducers,
    Candidate,
    ClassCompleted,
    Introduce,
    ProgressNote,
    Withdraw,
)
from membership.admission.pipeline import AdmissionCommand, AdmissionStage
from membership.admission.policies import DEFAULT_POLICIES
from membership.admission.readmission import (
    check_readmissible,
    exit_reason_of,
)
from membership.admission.rules import (
    Introducer,
    check_introducers,
    check_introducing_organisation,
    members_introducing,
)
from membership.admission.steps import candidate_facts, candidate_step, finish_step
from membership.events import (
    CandidateClassCompleted,
    CandidateIntroduced,
    CandidateIntroducersAssigned,
    CandidateProgressNoted,
    CandidateWithdrawn,
)
from membership.members.commands import (
    UNAVAILABLE,
    ConflictGuard,
    NationalIdUnavailable,
    audit_unavailable,
    branch_in_scope,
    caller_not_stopped,
)
from membership.members.models import Member
from membership.members.rules import LEFT, MemberDates, MemberStatus, official_on, state_from
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict, RuleViolation
from shared.text import search_key

C = AdmissionCommand


async def introduce(
    db: Database, ctx: Context, principal: Principal, body: Introduce, guard: ConflictGuard = ConflictGuard()
) -> Candidate:
    """A national ID already known outside the caller's subtree (a member, a former member, an open candidacy)
    answers the neutral ``member.national_id_unavailable`` and copies nothing of that record; a former member of
    another district is readmitted only on the dates the caller's own papers give (``left_party_on``)."""
    await caller_not_stopped(db, ctx, guard, "introduce", body.org_id)
    try:
        return await _introduce(db, ctx, principal, body)
    except NationalIdUnavailable:
        await audit_unavailable(db, ctx, UNAVAILABLE, "introduce", body.org_id)
        raise


async def _introduce(db: Database, ctx: Context, principal: Principal, body: Introduce) -> Candidate:
    async with db.uow(ctx) as uow:
        await branch_in_scope(uow, principal, body.org_id)
        visible = scope.in_scope(Member.org_id, principal).label("visible")
        found = (
            await uow.session.execute(select(Member, visible).where(Member.national_id == body.national_id))
        ).first()
        former: Member | None = found[0] if found else None
        outside = found is not None and not found[1]
        await _not_a_candidate_already(uow, principal, body.national_id)
        left_on = body.left_party_on
        if former is not None:
            if outside and (MemberStatus(former.status) not in LEFT or left_on is None):
                raise NationalIdUnavailable(UNAVAILABLE, field="national_id")
            if MemberStatus(former.status) not in LEFT:
                raise Conflict("admission.already_member", field="national_id")
            left_on = left_on or former.left_on
        readmission = None
        if left_on is not None:
            readmission = await _readmission(uow, body, former)
        candidate = Candidate(
            id=str(uuid.uuid4()),
            search_name=search_key(body.full_name),
            stage=AdmissionStage.INTRODUCED.value,
            introducers=[],
            notes=[],
            overrides=[],
            readmission=readmission,
            **{**body.model_dump(exclude={"exit_reason", "record_cleared_on"}), "left_party_on": left_on},
        )
        uow.session.add(candidate)
        await uow.session.flush()
        await finish_step(
            uow,
            candidate,
            CandidateIntroduced(
                **candidate_facts(candidate, body.introduced_on),
                introduced_by=body.introduced_by,
                readmission=left_on is not None,
                exit_reason=readmission["exit_reason"] if readmission else None,
            ),
            "introduced",
            None,
        )
    return candidate


async def _not_a_candidate_already(uow: UnitOfWork, principal: Principal, national_id: str) -> None:
    visible = scope.in_scope(Candidate.org_id, principal).label("visible")
    open_candidate = (
        await uow.session.execute(
            select(Candidate.id, visible).where(
                Candidate.national_id == national_id,
                Candidate.stage.not_in([AdmissionStage.WITHDRAWN.value, AdmissionStage.CEREMONY_HELD.value]),
            )
        )
    ).first()
    if open_candidate is None:
        return
    if not open_candidate.visible:
        raise NationalIdUnavailable(UNAVAILABLE, field="national_id")
    raise Conflict("admission.already_candidate", field="national_id", candidate_id=open_candidate.id)


async def _readmission(uow: UnitOfWork, body: Introduce, former: Member | None) -> dict[str, Any]:
    """A former member: refused at once when never readmissible (3.5.2), or readmitted once already (3.5.3)."""
    reason = exit_reason_of(former.status if former else None, body.exit_reason, former.left_reason if former else None)
    readmitted = (
        await uow.session.execute(
            select(Candidate.id).where(
                Candidate.national_id == body.national_id,
                Candidate.left_party_on.is_not(None),
                Candidate.stage == AdmissionStage.CEREMONY_HELD.value,
            )
        )
    ).first()
    check_readmissible(
        reason,
        excluded=DEFAULT_POLICIES.readmission_excluded.at(body.introduced_on),
        readmitted_before=readmitted is not None,
        record_cleared_on=body.record_cleared_on,
    )
    cleared = body.record_cleared_on
    return {"exit_reason": reason.value, "record_cleared_on": cleared.isoformat() if cleared else None}


async def complete_class(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: ClassCompleted
) -> Candidate:
    async with candidate_step(db, ctx, principal, candidate_id, C.COMPLETE_CLASS) as step:
        step.candidate.certificate_date = body.certificate_date
        await step.finish("class_completed", CandidateClassCompleted, body.certificate_date)
    return step.candidate


async def assign_introducers(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: AssignIntroducers
) -> Candidate:
    async with candidate_step(
        db, ctx, principal, candidate_id, C.ASSIGN_INTRODUCERS, audited=("stage", "introducers")
    ) as step:
        candidate = step.candidate
        ids = [i.member_id for i in body.introducers]
        members = {
            m.id: m
            for m in (
                await step.uow.session.execute(
                    select(Member).where(Member.id.in_(ids), scope.in_scope(Member.org_id, principal))
                )
            ).scalars()
        }
        for member_id in ids:
            if member_id not in members:
                raise RuleViolation("admission.introducer_unknown", field="introducers", person_id=member_id)
        introducers = [
            Introducer(i.member_id, _official_on(members[i.member_id], body.assigned_on), i.worked_together_since)
            for i in body.introducers
        ]
        _check_introduction(candidate, introducers, body)
        candidate.introducers = [i.model_dump(mode="json") for i in body.introducers]
        organisation = body.organisation
        candidate.introducing_organisation = organisation.model_dump(mode="json") if organisation else None
        await step.finish(
            "introducers_assigned",
            CandidateIntroducersAssigned,
            body.assigned_on,
            introducer_ids=ids,
            introducing_organisation=organisation.kind.value if organisation else None,
        )
    return candidate


def _check_introduction(candidate: Candidate, introducers: list[Introducer], body: AssignIntroducers) -> None:
    """Two official members, or the Youth Union's / trade union's grassroots committee and one (Điều 4.1)."""
    on = body.assigned_on
    organisation = body.organisation.kind if body.organisation else None
    if organisation is not None:
        check_introducing_organisation(
            organisation,
            candidate.birth_date,
            on,
            youth_max_age_years=DEFAULT_POLICIES.youth_union_max_age_years.at(on),
        )
    check_introducers(
        candidate.id,
        introducers,
        on,
        required=members_introducing(organisation, required=DEFAULT_POLICIES.introducers_required.at(on)),
        min_months_together=DEFAULT_POLICIES.introducer_min_months_together.at(on),
    )


def _official_on(member: Member, day: date) -> bool:
    """An official member on the day of the introduction, wherever they are (away or with a transfer pending)."""
    dates = MemberDates(member.admission_date, member.recognition_date, member.left_on)
    return official_on(state_from(member.status, member.previous_status), dates, day)


async def add_progress_note(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: ProgressNote
) -> Candidate:
    """A note leaves the stage as it is, so its audit row keeps no ``before``."""
    async with candidate_step(db, ctx, principal, candidate_id, C.ADD_PROGRESS_NOTE, audited=()) as step:
        step.candidate.notes = [
            *step.candidate.notes,
            {**body.model_dump(mode="json"), "actor": step.uow.context.actor},
        ]
        await step.finish("progress_noted", CandidateProgressNoted, body.noted_on, period=body.period)
    return step.candidate


async def withdraw(db: Database, ctx: Context, principal: Principal, candidate_id: str, body: Withdraw) -> Candidate:
    async with candidate_step(db, ctx, principal, candidate_id, C.WITHDRAW) as step:
        await step.finish("withdrawn", CandidateWithdrawn, body.effective_date, reason=body.reason)
    return step.candidate
