"""The votes and decisions of admission: the branch's resolution, the competent committee's decision and the
ceremony that makes a probationary member (``member.admitted``). The grassroots committee's review between the
vote and the decision is in ``review``."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from membership.admission.models import (
    BranchVoteIn,
    Candidate,
    CeremonyIn,
    DecisionIn,
)
from membership.admission.pipeline import AdmissionCommand
from membership.admission.policies import DEFAULT_POLICIES, AdmissionValues
from membership.admission.readmission import (
    Consent,
    check_consent,
    check_readmission,
    check_record_cleared,
)
from membership.admission.rules import AgeException, check_age, check_age_exception_issuer, check_certificate
from membership.admission.steps import (
    branch_kind,
    candidate_step,
    official_members,
    record_overrides,
    with_override,
)
from membership.admission.timing import CEREMONY, DECISION, check_step_date
from membership.admission.votes import BranchVote, check_branch_vote, check_reviewed_before_decision
from membership.events import (
    CandidateBranchVoted,
    CandidateDecided,
    MemberAdmitted,
)
from membership.holidays.queries import load_calendar
from membership.members.history import changed, write_change
from membership.members.models import Member
from membership.members.rules import LEFT, MemberStatus
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict

C = AdmissionCommand


async def record_branch_vote(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: BranchVoteIn
) -> Candidate:
    """Age (18–60 in months) and certificate validity are judged on the vote's date, by the rules of that day."""
    async with candidate_step(db, ctx, principal, candidate_id, C.RECORD_BRANCH_VOTE) as step:
        uow, candidate = step.uow, step.candidate
        values = DEFAULT_POLICIES.at(body.vote_date)
        issuer = body.age_exception.issuing_org_id if body.age_exception else None
        if issuer is not None:
            node = await orgtree.get_node(uow.session, issuer)
            check_age_exception_issuer(node.kind if node else None)
        _check_candidate_at_vote(candidate, body, values)
        official = body.official_members or await official_members(uow, candidate.org_id, body.vote_date)
        check_branch_vote(BranchVote(body.votes_for, body.votes_against, official), share=values.branch_vote_share)
        candidate.vote_date, candidate.votes_for, candidate.votes_against = (
            body.vote_date,
            body.votes_for,
            body.votes_against,
        )
        candidate.official_members = official
        await step.finish("branch_voted", CandidateBranchVoted, body.vote_date)
    return candidate


def _check_candidate_at_vote(candidate: Candidate, body: BranchVoteIn, values: AdmissionValues) -> None:
    """Age (with the over-60 decision), the certificate, and a readmission's time out, on the vote's date."""
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
    check_certificate(candidate.certificate_date, body.vote_date, validity_months=values.certificate_validity_months)
    if candidate.left_party_on is not None:
        _check_time_out(candidate, body.vote_date, values)


def _check_time_out(candidate: Candidate, vote_date: date, values: AdmissionValues) -> None:
    """36 months out of the party at the branch vote, and 60 from a cleared criminal record (3.5.1 b)."""
    assert candidate.left_party_on is not None
    check_readmission(candidate.left_party_on, vote_date, min_months_out=values.readmission_min_months_out)
    cleared = (candidate.readmission or {}).get("record_cleared_on")
    if cleared:
        check_record_cleared(
            date.fromisoformat(cleared), vote_date, min_months=values.readmission_min_months_after_record_cleared
        )


_STEPS = {
    "decision": (DECISION, DEFAULT_POLICIES.decision_working_days),
    "ceremony": (CEREMONY, DEFAULT_POLICIES.ceremony_working_days),
}


async def _in_time(
    uow: UnitOfWork,
    candidate: Candidate,
    step: str,
    start: date,
    done: date,
    override_reason: str | None,
) -> list[str]:
    """The step ``done`` within its working days of ``start`` (the limit in force on ``start``); a late step passes
    with a recorded reason, and the rules it overrode are kept on the candidate."""
    calendar = await load_calendar(uow.session)
    limit, policy = _STEPS[step]
    working_days = policy.at(start)
    overridden = with_override(
        lambda reason: check_step_date(limit, start, done, calendar, working_days=working_days, override_reason=reason),
        override_reason,
    )
    record_overrides(uow, candidate, step, overridden, override_reason)
    return overridden


async def record_decision(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: DecisionIn
) -> Candidate:
    async with candidate_step(db, ctx, principal, candidate_id, C.RECORD_DECISION) as step:
        uow, candidate = step.uow, step.candidate
        vote = candidate.vote_date
        assert vote is not None
        check_reviewed_before_decision(await branch_kind(uow, candidate), candidate.review_date, body.decision_date)
        if candidate.left_party_on is not None:
            _record_consent(candidate, body)
        overridden = await _in_time(uow, candidate, "decision", vote, body.decision_date, body.override_reason)
        candidate.decision_number, candidate.decision_date, candidate.decision_org = (
            body.decision_number,
            body.decision_date,
            body.decision_org,
        )
        await step.finish("decided", CandidateDecided, body.decision_date, overridden_rules=overridden)
    return candidate


def _record_consent(candidate: Candidate, body: DecisionIn) -> None:
    """A readmission is decided only on the provincial standing committee's written consent (3.5.1 b)."""
    consent = body.readmission_consent
    check_consent(Consent(**consent.model_dump()) if consent else None, body.decision_date)
    assert consent is not None
    candidate.readmission = {**(candidate.readmission or {}), "consent": consent.model_dump(mode="json")}


async def hold_ceremony(
    db: Database, ctx: Context, principal: Principal, candidate_id: str, body: CeremonyIn
) -> tuple[Candidate, Member]:
    """The ceremony makes a probationary member (a former member's record is reused: national IDs are unique)."""
    async with candidate_step(db, ctx, principal, candidate_id, C.HOLD_CEREMONY) as step:
        uow, candidate = step.uow, step.candidate
        decided = candidate.decision_date
        assert decided is not None
        assert candidate.decision_number is not None
        overridden = await _in_time(uow, candidate, "ceremony", decided, body.ceremony_date, body.override_reason)
        member, previous = await _admit(uow, candidate, body)
        candidate.ceremony_date, candidate.member_id = body.ceremony_date, member.id
        note = f"[override] {body.override_reason}" if overridden else None
        payload = changed(
            member,
            previous,
            MemberAdmitted,
            body.ceremony_date,
            decision_number=candidate.decision_number,
            decision_date=decided,
        )
        await write_change(uow, member, payload, change="admitted", before=None, note=note)
        await step.finish("ceremony_held")  # no event of its own: member.admitted tells the world
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
