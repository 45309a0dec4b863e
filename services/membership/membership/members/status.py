"""Status commands of a member: recognise, remove, exempt, end the exemption, resign, die, expel, restore.

Each one asks ``members.rules.transition`` whether the status allows it (409 naming the rule otherwise), checks
the rule values in force on its date, then writes the member, its history row, its event and its audit row in
one unit of work. Transfers are in ``transfers``.
"""

from __future__ import annotations

from datetime import date

from membership.admission.policies import DEFAULT_POLICIES
from membership.admission.steps import official_members
from membership.admission.timing import check_recognition_vote
from membership.admission.votes import BranchVote, check_recognition_decision, check_recognition_votes
from membership.events import (
    MemberChanged,
    MemberDied,
    MemberExempted,
    MemberExemptionEnded,
    MemberExpelled,
    MemberFlaggedForReview,
    MemberRecognised,
    MemberRemoved,
    MemberResigned,
    MemberRestored,
)
from membership.holidays.queries import load_calendar
from membership.members.history import changed, changing_member, commit_change, snapshot, write_change
from membership.members.limits import check_removal_grounds
from membership.members.models import Command, Exempt, Member, Recognise, Remove
from membership.members.policies import REMOVAL_MONTHS_IN_YEAR
from membership.members.rules import (
    ExemptionScope,
    MemberCommand,
    MemberState,
    RemovalReason,
    state_from,
    transition,
)
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import RuleViolation

REVIEW_FLAG = "review_for_removal"


def state_of(member: Member) -> MemberState:
    return state_from(member.status, member.previous_status)


def apply_state(member: Member, state: MemberState) -> tuple[str, str]:
    """Set the new status; returns the previous (status, org) for the event."""
    previous = (member.status, member.org_id)
    member.status = state.status.value
    member.previous_status = state.previous_status.value if state.previous_status else None
    return previous


async def recognise(db: Database, ctx: Context, principal: Principal, member_id: str, body: Recognise) -> Member:
    """Recognition dates from the end of probation even when the branch votes late (232-QĐ/TW)."""
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        new_state = transition(state_of(member), MemberCommand.RECOGNISE)
        ceremony = member.ceremony_date or member.admission_date
        if ceremony is None:
            raise RuleViolation("member.ceremony_date_unknown", field="ceremony_date")
        calendar = await load_calendar(uow.session)
        recognised_on = check_recognition_vote(
            ceremony,
            body.vote_date,
            calendar,
            probation_months=DEFAULT_POLICIES.probation_months.at(ceremony),
            review_working_days=DEFAULT_POLICIES.recognition_working_days.at(ceremony),
            override_reason=body.override_reason,
        )
        official = await _check_recognition_votes(uow, member, body)
        before = snapshot(member)
        previous = apply_state(member, new_state)
        member.recognition_date = recognised_on
        note = _with_override(body.note, body.override_reason)
        payload = changed(
            member,
            previous,
            MemberRecognised,
            recognised_on,
            vote_date=body.vote_date,
            votes_for=body.votes_for,
            official_members=official,
            decision_number=body.decision_number,
            decision_date=body.decision_date,
        )
        await commit_change(
            uow,
            member,
            payload,
            change="recognised",
            before=before,
            note=note,
        )
    return member


async def _check_recognition_votes(uow: UnitOfWork, member: Member, body: Recognise) -> int | None:
    """Two thirds of the branch's official members, when the counts are given (records loaded from the past may
    not have them), and the committee's decision after the vote; returns the official members counted."""
    if body.decision_date is not None:
        check_recognition_decision(body.vote_date, body.decision_date)
    if body.votes_for is None:
        return body.official_members
    official = body.official_members or await official_members(uow, member.org_id, body.vote_date)
    share = DEFAULT_POLICIES.recognition_vote_share.at(body.vote_date)
    check_recognition_votes(BranchVote(body.votes_for, body.votes_against, official), share=share)
    return official


async def remove_from_rolls(db: Database, ctx: Context, principal: Principal, member_id: str, body: Remove) -> Member:
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        new_state = transition(state_of(member), MemberCommand.REMOVE_FROM_ROLLS, removal_reason=body.reason)
        check_removal_grounds(
            body.reason, body.months_in_year, threshold=REMOVAL_MONTHS_IN_YEAR.at(body.effective_date)
        )
        before = snapshot(member)
        previous = apply_state(member, new_state)
        member.left_on, member.left_reason = body.effective_date, body.reason.value
        member.flags = {k: v for k, v in (member.flags or {}).items() if k != REVIEW_FLAG}
        await commit_change(
            uow,
            member,
            changed(member, previous, MemberRemoved, body.effective_date, reason=body.reason.value),
            change="removed",
            before=before,
            note=body.note,
        )
    return member


_SIMPLE: dict[MemberCommand, tuple[type[MemberChanged], str, bool]] = {
    MemberCommand.EXEMPT: (MemberExempted, "exempted", False),
    MemberCommand.END_EXEMPTION: (MemberExemptionEnded, "exemption_ended", False),
    MemberCommand.RESIGN: (MemberResigned, "resigned", True),
    MemberCommand.DIE: (MemberDied, "died", True),
}


async def simple_change(
    db: Database, ctx: Context, principal: Principal, member_id: str, body: Command, command: MemberCommand
) -> Member:
    """Exemption, its end, resignation and death: the transition is the whole rule."""
    event, change, leaves = _SIMPLE[command]
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        new_state = transition(state_of(member), command)
        before = snapshot(member)
        previous = apply_state(member, new_state)
        if leaves:
            member.left_on, member.left_reason = body.effective_date, new_state.status.value
        extra = _exemption(member, command, body)
        await commit_change(
            uow,
            member,
            changed(member, previous, event, body.effective_date, **extra),
            change=change,
            before=before,
            note=body.note,
        )
    return member


_DISCIPLINE: dict[MemberCommand, tuple[type[MemberChanged], str]] = {
    MemberCommand.EXPEL: (MemberExpelled, "expelled"),
    MemberCommand.RESTORE: (MemberRestored, "restored"),
}


async def expel(uow: UnitOfWork, member: Member, discipline_id: str, effective_date: date) -> None:
    """Apply inspection's expulsion (called by the consumer, inside its unit of work)."""
    await _apply_discipline(uow, member, MemberCommand.EXPEL, discipline_id, effective_date)


async def restore(uow: UnitOfWork, member: Member, discipline_id: str, effective_date: date) -> None:
    """An appeal annulled or reduced the expulsion: back to the standing the member had."""
    await _apply_discipline(uow, member, MemberCommand.RESTORE, discipline_id, effective_date)


async def _apply_discipline(
    uow: UnitOfWork, member: Member, command: MemberCommand, discipline_id: str, effective_date: date
) -> None:
    """An expulsion and its annulment write alike: the expelled member has left the party, the restored one not."""
    event, change = _DISCIPLINE[command]
    new_state = transition(state_of(member), command)
    before = snapshot(member)
    previous = apply_state(member, new_state)
    expelled = command is MemberCommand.EXPEL
    member.left_on, member.left_reason = (effective_date, new_state.status.value) if expelled else (None, None)
    payload = changed(member, previous, event, effective_date, discipline_id=discipline_id)
    await write_change(uow, member, payload, change=change, before=before)


async def flag_for_review(
    uow: UnitOfWork, member: Member, reason: str, details: dict[str, object], on: date, source_event_id: str | None
) -> None:
    """Flag the member "to review for removal" (repeated absence, unpaid dues): the branch decides, nothing is
    removed automatically. The one path both rules raise the flag through."""
    before = snapshot(member)
    flag = {"rule": reason, **details, "since": on.isoformat(), "event_id": source_event_id}
    member.flags = {**(member.flags or {}), REVIEW_FLAG: flag}
    payload = MemberFlaggedForReview(
        member_id=member.id,
        org_id=member.org_id,
        flag=REVIEW_FLAG,
        reason=reason,
        source_event_id=source_event_id,
        effective_date=on,
    )
    await write_change(uow, member, payload, change="flagged_for_review", before=before, note=reason)


async def clear_review_flag(uow: UnitOfWork, member: Member, on: date, note: str) -> None:
    """The reason for the flag is gone (the dues were paid): the flag goes, the history keeps that it was there."""
    before = snapshot(member)
    member.flags = {k: v for k, v in (member.flags or {}).items() if k != REVIEW_FLAG}
    await write_change(uow, member, None, change=f"flag_cleared:{REVIEW_FLAG}", before=before, note=note, on=on)


def _exemption(member: Member, command: MemberCommand, body: Command) -> dict[str, object]:
    """Exempting records its scope (reduce or exempt, Charter Điều 7); ending the exemption clears it."""
    if command is MemberCommand.EXEMPT:
        scope = body.scope if isinstance(body, Exempt) else ExemptionScope.EXEMPT
        member.exemption_scope = scope.value
        return {"scope": scope.value}
    if command is MemberCommand.END_EXEMPTION:
        member.exemption_scope = None
    return {}


def _with_override(note: str | None, override_reason: str | None) -> str | None:
    if not override_reason:
        return note
    return f"{note or ''}\n[override] {override_reason}".strip()


__all__ = [
    "REVIEW_FLAG",
    "RemovalReason",
    "clear_review_flag",
    "expel",
    "flag_for_review",
    "recognise",
    "remove_from_rolls",
    "restore",
    "simple_change",
]
