"""Use cases of the admission pipeline: one function per step, each in one unit of work with its event.

The pure rules (``rules``, ``timing``, ``pipeline``) decide; these functions load what the rules need (the
candidate, the introducers, the branch's official members, the calendar), record overrides with their reason,
and at the ceremony turn the candidate into a probationary member (``member.admitted``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select

from membership import scope
from membership.admission.models import (
    AssignIntroducers,
    BranchVoteIn,
    Candidate,
    CeremonyIn,
    ClassCompleted,
    DecisionIn,
    Introduce,
    ProgressNote,
    Withdraw,
)
from membership.admission.pipeline import AdmissionCommand, AdmissionStage, next_stage
from membership.admission.policies import DEFAULT_POLICIES
from membership.admission.rules import (
    AgeException,
    BranchVote,
    Introducer,
    check_age,
    check_branch_vote,
    check_certificate,
    check_introducers,
    check_introducing_organisation,
    check_readmission,
    check_reviewed_before_decision,
    members_introducing,
)
from membership.admission.timing import check_ceremony_date, check_decision_date
from membership.events import (
    CandidateBranchVoted,
    CandidateClassCompleted,
    CandidateDecided,
    CandidateIntroduced,
    CandidateIntroducersAssigned,
    CandidateProgressNoted,
    CandidateWithdrawn,
    MemberAdmitted,
)
from membership.holidays.queries import load_calendar
from membership.members.commands import branch_in_scope
from membership.members.history import facts, org_path, search_key, write_change
from membership.members.models import ETHNIC_MAJORITY, Member
from membership.members.rules import LEFT, MemberStatus
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict, NotFound, RuleViolation
from shared.events import EventPayload

C = AdmissionCommand


def candidate_facts(candidate: Candidate, effective_date: date) -> dict[str, Any]:
    return {
        "candidate_id": candidate.id,
        "org_id": candidate.org_id,
        "stage": candidate.stage,
        "gender": candidate.gender,
        "birth_date": candidate.birth_date,
        "ethnicity": candidate.ethnicity,
        "ethnic_minority": candidate.ethnicity.strip().lower() != ETHNIC_MAJORITY.lower(),
        "effective_date": effective_date,
    }


async def branch_kind(uow: UnitOfWork, candidate: Candidate) -> str:
    """The kind of the branch considering the candidate (whether a grassroots committee reviews it)."""
    node = await orgtree.get_node(uow.session, candidate.org_id)
    assert node is not None
    return node.kind


async def load_candidate(uow: UnitOfWork, principal: Principal, candidate_id: str) -> Candidate:
    candidate = (
        await uow.session.execute(
            select(Candidate)
            .where(Candidate.id == candidate_id, scope.in_scope(Candidate.org_id, principal))
            .with_for_update()
        )
    ).scalar_one_or_none()
    if candidate is None:
        raise NotFound("resource.not_found", resource="candidate", id=candidate_id)
    return candidate


async def finish_step(
    uow: UnitOfWork, candidate: Candidate, payload: EventPayload | None, step: str, before: dict[str, Any] | None
) -> None:
    if payload is not None:
        uow.publish(
            payload,
            subject=f"candidate/{candidate.id}",
            aggregate_id=f"candidate:{candidate.id}",
            orgpath=await org_path(uow, candidate.org_id),
        )
    await uow.audit(
        f"candidate.{step}",
        "candidate",
        candidate.id,
        org_id=candidate.org_id,
        before=before,
        after={"stage": candidate.stage},
    )
    await uow.commit()


def _with_override(check: Callable[[str | None], object], reason: str | None) -> list[str]:
    """Run an overridable check; with a reason, a breach of an overridable rule is recorded, not refused."""
    try:
        check(None)
    except RuleViolation as breach:
        if not (breach.overridable and reason and reason.strip()):
            raise
        check(reason)
        return [breach.code]
    return []


def _record_overrides(uow: UnitOfWork, candidate: Candidate, step: str, rules: list[str], reason: str | None) -> None:
    if rules:
        candidate.overrides = [
            *candidate.overrides,
            *({"step": step, "rule": r, "reason": reason, "actor": uow.context.actor} for r in rules),
        ]


async def introduce(db: Database, ctx: Context, principal: Principal, body: Introduce) -> Candidate:
    async with db.uow(ctx) as uow:
        await branch_in_scope(uow, principal, body.org_id)
        former = (
            await uow.session.execute(select(Member).where(Member.national_id == body.national_id))
        ).scalar_one_or_none()
        open_candidate = (
            await uow.session.execute(
                select(Candidate.id).where(
                    Candidate.national_id == body.national_id,
                    Candidate.stage.not_in([AdmissionStage.WITHDRAWN.value, AdmissionStage.CEREMONY_HELD.value]),
                )
            )
        ).first()
        if open_candidate is not None:
            raise Conflict("admission.already_candidate", field="national_id", candidate_id=open_candidate.id)
        left_on = body.left_party_on
        if former is not None:
            if MemberStatus(former.status) not in LEFT:
                raise Conflict("admission.already_member", field="national_id")
            left_on = left_on or former.left_on
        candidate = Candidate(
            id=str(uuid.uuid4()),
            search_name=search_key(body.full_name),
            stage=AdmissionStage.INTRODUCED.value,
            introducers=[],
            notes=[],
            overrides=[],
            **{**body.model_dump(), "left_party_on": left_on},
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
            ),
            "introduced",
            None,
        )
    return candidate


async def complete_class(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: ClassCompleted
) -> Candidate:
    async with db.uow(ctx) as uow:
        candidate = await load_candidate(uow, principal, candidate_id)
        before = {"stage": candidate.stage}
        candidate.stage = next_stage(AdmissionStage(candidate.stage), C.COMPLETE_CLASS).value
        candidate.certificate_date = body.certificate_date
        await finish_step(
            uow,
            candidate,
            CandidateClassCompleted(
                **candidate_facts(candidate, body.certificate_date), certificate_date=body.certificate_date
            ),
            "class_completed",
            before,
        )
    return candidate


async def assign_introducers(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: AssignIntroducers
) -> Candidate:
    async with db.uow(ctx) as uow:
        candidate = await load_candidate(uow, principal, candidate_id)
        before = {"stage": candidate.stage, "introducers": candidate.introducers}
        stage = next_stage(AdmissionStage(candidate.stage), C.ASSIGN_INTRODUCERS)
        ids = [i.member_id for i in body.introducers]
        members = {
            m.id: m
            for m in (
                await uow.session.execute(
                    select(Member).where(Member.id.in_(ids), scope.in_scope(Member.org_id, principal))
                )
            ).scalars()
        }
        for member_id in ids:
            if member_id not in members:
                raise RuleViolation("admission.introducer_unknown", field="introducers", person_id=member_id)
        introducers = [
            Introducer(i.member_id, _is_official(members[i.member_id]), i.worked_together_since)
            for i in body.introducers
        ]
        _check_introduction(candidate, introducers, body)
        candidate.stage = stage.value
        candidate.introducers = [i.model_dump(mode="json") for i in body.introducers]
        organisation = body.organisation
        candidate.introducing_organisation = organisation.model_dump(mode="json") if organisation else None
        await finish_step(
            uow,
            candidate,
            CandidateIntroducersAssigned(
                **candidate_facts(candidate, body.assigned_on),
                introducer_ids=ids,
                introducing_organisation=organisation.kind.value if organisation else None,
            ),
            "introducers_assigned",
            before,
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


def _is_official(member: Member) -> bool:
    """Official standing, wherever the member is (temporarily away or with a transfer pending)."""
    standing = member.status if member.status in ("official", "exempt", "probationary") else member.previous_status
    return member.status not in {s.value for s in LEFT} and standing == MemberStatus.OFFICIAL.value


async def add_progress_note(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: ProgressNote
) -> Candidate:
    async with db.uow(ctx) as uow:
        candidate = await load_candidate(uow, principal, candidate_id)
        next_stage(AdmissionStage(candidate.stage), C.ADD_PROGRESS_NOTE)
        candidate.notes = [*candidate.notes, {**body.model_dump(mode="json"), "actor": uow.context.actor}]
        await finish_step(
            uow,
            candidate,
            CandidateProgressNoted(**candidate_facts(candidate, body.noted_on), period=body.period),
            "progress_noted",
            None,
        )
    return candidate


async def _official_members(uow: UnitOfWork, org_id: str) -> int:
    return int(
        (
            await uow.session.execute(
                select(func.count())
                .select_from(Member)
                .where(Member.org_id == org_id, Member.status == MemberStatus.OFFICIAL.value)
            )
        ).scalar_one()
    )


async def record_branch_vote(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: BranchVoteIn
) -> Candidate:
    """Age (18–60 in months) and certificate validity are judged on the vote's date, by the rules of that day."""
    async with db.uow(ctx) as uow:
        candidate = await load_candidate(uow, principal, candidate_id)
        before = {"stage": candidate.stage}
        stage = next_stage(AdmissionStage(candidate.stage), C.RECORD_BRANCH_VOTE)
        values = DEFAULT_POLICIES.at(body.vote_date)
        exception = body.age_exception
        check_age(
            candidate.birth_date,
            body.vote_date,
            min_months=values.age_min_months,
            max_months=values.age_max_months,
            exception=AgeException(**exception.model_dump()) if exception else None,
        )
        candidate.age_exception = exception.model_dump(mode="json") if exception else None
        assert candidate.certificate_date is not None
        check_certificate(
            candidate.certificate_date, body.vote_date, validity_months=values.certificate_validity_months
        )
        if candidate.left_party_on is not None:
            check_readmission(candidate.left_party_on, body.vote_date, min_months_out=values.readmission_min_months_out)
        official = body.official_members or await _official_members(uow, candidate.org_id)
        check_branch_vote(BranchVote(body.votes_for, body.votes_against, official), share=values.branch_vote_share)
        candidate.stage = stage.value
        candidate.vote_date, candidate.votes_for, candidate.votes_against = (
            body.vote_date,
            body.votes_for,
            body.votes_against,
        )
        candidate.official_members = official
        await finish_step(
            uow,
            candidate,
            CandidateBranchVoted(
                **candidate_facts(candidate, body.vote_date),
                votes_for=body.votes_for,
                votes_against=body.votes_against,
                official_members=official,
            ),
            "branch_voted",
            before,
        )
    return candidate


async def record_decision(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: DecisionIn
) -> Candidate:
    async with db.uow(ctx) as uow:
        candidate = await load_candidate(uow, principal, candidate_id)
        before = {"stage": candidate.stage}
        stage = next_stage(AdmissionStage(candidate.stage), C.RECORD_DECISION)
        vote = candidate.vote_date
        assert vote is not None
        check_reviewed_before_decision(await branch_kind(uow, candidate), candidate.review_date, body.decision_date)
        calendar = await load_calendar(uow.session)
        working_days = DEFAULT_POLICIES.decision_working_days.at(vote)
        overridden = _with_override(
            lambda reason: check_decision_date(
                vote, body.decision_date, calendar, working_days=working_days, override_reason=reason
            ),
            body.override_reason,
        )
        _record_overrides(uow, candidate, "decision", overridden, body.override_reason)
        candidate.stage = stage.value
        candidate.decision_number, candidate.decision_date, candidate.decision_org = (
            body.decision_number,
            body.decision_date,
            body.decision_org,
        )
        await finish_step(
            uow,
            candidate,
            CandidateDecided(
                **candidate_facts(candidate, body.decision_date),
                decision_number=body.decision_number,
                decision_date=body.decision_date,
                decision_org=body.decision_org,
                overridden_rules=overridden,
            ),
            "decided",
            before,
        )
    return candidate


async def hold_ceremony(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: CeremonyIn
) -> tuple[Candidate, Member]:
    """The ceremony makes a probationary member (a former member's record is reused: national IDs are unique)."""
    async with db.uow(ctx) as uow:
        candidate = await load_candidate(uow, principal, candidate_id)
        before = {"stage": candidate.stage}
        stage = next_stage(AdmissionStage(candidate.stage), C.HOLD_CEREMONY)
        decided = candidate.decision_date
        assert decided is not None
        assert candidate.decision_number is not None
        calendar = await load_calendar(uow.session)
        working_days = DEFAULT_POLICIES.ceremony_working_days.at(decided)
        overridden = _with_override(
            lambda reason: check_ceremony_date(
                decided, body.ceremony_date, calendar, working_days=working_days, override_reason=reason
            ),
            body.override_reason,
        )
        _record_overrides(uow, candidate, "ceremony", overridden, body.override_reason)
        member, previous = await _admit(uow, candidate, body)
        candidate.stage, candidate.ceremony_date, candidate.member_id = stage.value, body.ceremony_date, member.id
        note = f"[override] {body.override_reason}" if overridden else None
        payload = MemberAdmitted(
            **facts(member),
            previous_status=previous[0],
            previous_org_id=previous[1],
            effective_date=body.ceremony_date,
            decision_number=candidate.decision_number,
            decision_date=decided,
        )
        await write_change(uow, member, payload, change="admitted", before=None, note=note)
        await finish_step(uow, candidate, None, "ceremony_held", before)  # member.admitted tells the world
    return candidate, member


async def _admit(
    uow: UnitOfWork, candidate: Candidate, body: CeremonyIn
) -> tuple[Member, tuple[str | None, str | None]]:
    member = (
        await uow.session.execute(select(Member).where(Member.national_id == candidate.national_id).with_for_update())
    ).scalar_one_or_none()
    fields = {
        "org_id": candidate.org_id,
        "status": MemberStatus.PROBATIONARY.value,
        "previous_status": None,
        "admission_date": candidate.decision_date,
        "ceremony_date": body.ceremony_date,
        "recognition_date": None,
        "left_on": None,
    }
    if member is not None:
        if MemberStatus(member.status) not in LEFT:
            raise Conflict("admission.already_member", field="national_id")
        previous: tuple[str | None, str | None] = (member.status, member.org_id)
        for key, value in fields.items():
            setattr(member, key, value)
        return member, previous
    member = Member(
        id=str(uuid.uuid4()),
        full_name=candidate.full_name,
        search_name=candidate.search_name,
        gender=candidate.gender,
        birth_date=candidate.birth_date,
        ethnicity=candidate.ethnicity,
        national_id=candidate.national_id,
        party_card_number=body.party_card_number,
        positions=[],
        flags={},
        **fields,
    )
    uow.session.add(member)
    return member, (None, None)


async def withdraw(db: Database, ctx: Context, principal: Principal, candidate_id: str, body: Withdraw) -> Candidate:
    async with db.uow(ctx) as uow:
        candidate = await load_candidate(uow, principal, candidate_id)
        before = {"stage": candidate.stage}
        candidate.stage = next_stage(AdmissionStage(candidate.stage), C.WITHDRAW).value
        await finish_step(
            uow,
            candidate,
            CandidateWithdrawn(**candidate_facts(candidate, body.effective_date), reason=body.reason),
            "withdrawn",
            before,
        )
    return candidate
