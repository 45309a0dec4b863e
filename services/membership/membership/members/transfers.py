"""Transfers of party membership: permanent (pending until the receiving branch confirms), temporary (away, then
back) and internal (between branches of one grassroots organisation, applied at once).

The receiving branch is usually outside the sending branch's subtree, so ``transfer_in`` finds the member
through either end of the pending transfer; every other command needs the member in the caller's subtree.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from membership import scope
from membership.events import MemberHostAccepted, MemberTransferredIn, MemberTransferredOut
from membership.members.commands import branch_in_scope, check_branch
from membership.members.history import changed, changing_member, commit_change, snapshot
from membership.members.limits import check_temporary_period, check_transfer_presentation
from membership.members.models import Command, HostAccept, Member, TransferIn, TransferOut
from membership.members.policies import (
    TEMPORARY_MAX_MONTHS_EXCLUSIVE,
    TEMPORARY_MAX_MONTHS_STUDY,
    TEMPORARY_MIN_MONTHS,
    TRANSFER_PRESENTATION_DAYS,
)
from membership.members.rules import MemberCommand, MemberStatus, TransferKind, check_host_accept, transition
from membership.members.status import apply_state, state_of
from membership.orgs.rules import OrgKind
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import NotFound, RuleViolation
from shared.filters import one_or_404
from shared.schema import org_nodes


def _visible(principal: Principal, node: orgtree.OrgNode) -> bool:
    return principal.national or (principal.org_path is not None and node.path.startswith(principal.org_path))


def _target_unknown(org_id: str) -> RuleViolation:
    return RuleViolation("member.transfer_target_unknown", field="to_org_id", org_id=org_id)


def _check_presented(member: Member, presented_on: date, override_reason: str | None) -> None:
    """The transfer letter reaches the receiving (or host) branch within the days allowed when it was issued."""
    issued = member.transfer_issued_on
    assert issued is not None
    check_transfer_presentation(
        issued, presented_on, presentation_days=TRANSFER_PRESENTATION_DAYS.at(issued), override_reason=override_reason
    )


async def _locked_member(
    uow: UnitOfWork, principal: Principal, member_id: str, *, also_seen_by: scope.Column
) -> Member:
    """The member, locked, if it is in the caller's subtree or at the other end of its move (``also_seen_by``: the
    receiving or host branch's column); 404 otherwise."""
    query = select(Member).where(
        Member.id == member_id, or_(scope.in_scope(Member.org_id, principal), scope.in_scope(also_seen_by, principal))
    )
    not_found = NotFound("resource.not_found", resource="member", id=member_id)
    return await one_or_404(uow.session, query, not_found, for_update=True)


async def _receiving_branch(uow: UnitOfWork, principal: Principal, org_id: str | None) -> orgtree.OrgNode:
    """The receiving branch may lie outside the caller's subtree (a transfer to another province). There, every
    reason it cannot receive (unknown, not a branch, no longer active) is one refusal, the refusal of a wrong id:
    an id of another subtree tells nothing of that organisation. Inside it, the precise rule."""
    if org_id is None:
        raise RuleViolation("member.transfer_target_required", field="to_org_id")
    node = await orgtree.get_node(uow.session, org_id)
    if node is None:
        raise _target_unknown(org_id)
    try:
        return check_branch(node)
    except RuleViolation as refused:
        if _visible(principal, node):
            raise
        raise _target_unknown(org_id) from refused


async def _grassroots_of(uow: UnitOfWork, node: orgtree.OrgNode) -> str | None:
    """The grassroots organisation a branch belongs to (itself for a grassroots branch)."""
    if node.kind == OrgKind.GRASSROOTS_BRANCH:
        return node.id
    rows = (
        await uow.session.execute(
            select(org_nodes.c.id, org_nodes.c.depth)
            .where(org_nodes.c.id.in_(node.ancestor_ids), org_nodes.c.kind == OrgKind.GRASSROOTS_COMMITTEE.value)
            .order_by(org_nodes.c.depth.desc())
        )
    ).first()
    return rows.id if rows else None


async def transfer_out(db: Database, ctx: Context, principal: Principal, member_id: str, body: TransferOut) -> Member:
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        new_state = transition(state_of(member), MemberCommand.TRANSFER_OUT, transfer_kind=body.transfer_kind)
        before = snapshot(member)
        kind = body.transfer_kind
        if kind is TransferKind.INTERNAL:
            return await _internal(uow, principal, member, body, before)
        if kind is TransferKind.TEMPORARY:
            host = await _receiving_branch(uow, principal, body.to_org_id)
            if body.ends_on is None:
                raise RuleViolation("member.temporary_end_required", field="ends_on")
            on = body.effective_date
            check_temporary_period(
                on,
                body.ends_on,
                for_study=body.for_study,
                min_months=TEMPORARY_MIN_MONTHS.at(on),
                max_months_exclusive=TEMPORARY_MAX_MONTHS_EXCLUSIVE.at(on),
                max_months_study=TEMPORARY_MAX_MONTHS_STUDY.at(on),
            )
            member.host_org_id, member.temporary_ends_on = host.id, body.ends_on
        elif kind is TransferKind.ABROAD and not (body.to_description or "").strip():
            raise RuleViolation("member.abroad_destination_required", field="to_description")
        elif body.to_org_id is not None:
            await _receiving_branch(uow, principal, body.to_org_id)
        previous = apply_state(member, new_state)
        member.transfer_kind = kind.value
        member.transfer_issued_on = body.effective_date
        member.transfer_to_org_id = body.to_org_id if kind is TransferKind.PERMANENT else None
        member.host_accepted_on = None
        payload = changed(
            member,
            previous,
            MemberTransferredOut,
            body.effective_date,
            transfer_kind=kind.value,
            to_org_id=body.to_org_id,
            to_description=body.to_description,
        )
        await commit_change(uow, member, payload, change="transferred_out", before=before, note=body.note)
    return member


async def _internal(
    uow: UnitOfWork, principal: Principal, member: Member, body: TransferOut, before: dict[str, object]
) -> Member:
    target = await _receiving_branch(uow, principal, body.to_org_id)
    home = await orgtree.get_node(uow.session, member.org_id)
    assert home is not None
    if target.id == home.id or await _grassroots_of(uow, target) != await _grassroots_of(uow, home):
        if not _visible(principal, target):
            raise _target_unknown(target.id)
        raise RuleViolation("member.internal_transfer_other_grassroots", field="to_org_id", org_id=target.id)
    previous = (member.status, member.org_id)
    member.org_id = target.id
    payload = changed(
        member,
        previous,
        MemberTransferredIn,
        body.effective_date,
        transfer_kind=TransferKind.INTERNAL.value,
        from_org_id=previous[1],
    )
    await commit_change(uow, member, payload, change="transferred_internal", before=before, note=body.note)
    return member


async def transfer_in(db: Database, ctx: Context, principal: Principal, member_id: str, body: TransferIn) -> Member:
    """The receiving branch confirms the member presented the letter (30 days, overridable with a reason)."""
    async with db.uow(ctx) as uow:
        receiving = await branch_in_scope(uow, principal, body.org_id)
        member = await _locked_member(uow, principal, member_id, also_seen_by=Member.transfer_to_org_id)
        new_state = transition(state_of(member), MemberCommand.TRANSFER_IN)
        if member.transfer_to_org_id not in (None, receiving.id):
            raise RuleViolation(
                "member.transfer_wrong_branch", field="org_id", org_id=receiving.id, expected=member.transfer_to_org_id
            )
        _check_presented(member, body.presented_on, body.override_reason)
        before = snapshot(member)
        previous = apply_state(member, new_state)
        kind = member.transfer_kind or TransferKind.PERMANENT.value  # permanent, or back from abroad
        member.org_id = receiving.id
        member.transfer_kind = member.transfer_to_org_id = member.transfer_issued_on = None
        note = body.note if not body.override_reason else f"{body.note or ''}\n[override] {body.override_reason}"
        payload = changed(
            member,
            previous,
            MemberTransferredIn,
            body.presented_on,
            transfer_kind=kind,
            from_org_id=previous[1],
        )
        await commit_change(uow, member, payload, change="transferred_in", before=before, note=note)
    return member


async def return_from_temporary(
    db: Database, ctx: Context, principal: Principal, member_id: str, body: Command
) -> Member:
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        new_state = transition(state_of(member), MemberCommand.RETURN_FROM_TEMPORARY)
        before = snapshot(member)
        host = member.host_org_id
        previous = apply_state(member, new_state)
        member.host_org_id = member.temporary_ends_on = member.transfer_kind = member.transfer_issued_on = None
        member.host_accepted_on = None
        payload = changed(
            member,
            previous,
            MemberTransferredIn,
            body.effective_date,
            transfer_kind=TransferKind.TEMPORARY.value,
            from_org_id=host,
        )
        await commit_change(uow, member, payload, change="returned", before=before, note=body.note)
    return member


async def host_accept(db: Database, ctx: Context, principal: Principal, member_id: str, body: HostAccept) -> Member:
    """The host branch accepts a member on a temporary transfer (the letter within 30 days, overridable): from
    here the member is in the host's roster as a guest; they still count at home."""
    async with db.uow(ctx) as uow:
        host = await branch_in_scope(uow, principal, body.org_id)
        member = await _locked_member(uow, principal, member_id, also_seen_by=Member.host_org_id)
        check_host_accept(state_of(member), member.host_org_id, host.id, member.host_accepted_on)
        _check_presented(member, body.accepted_on, body.override_reason)
        before = snapshot(member)
        member.host_accepted_on = body.accepted_on
        previous = (member.status, member.org_id)
        payload = changed(member, previous, MemberHostAccepted, body.accepted_on, host_org_id=host.id)
        note = body.note if not body.override_reason else f"{body.note or ''}\n[override] {body.override_reason}"
        await commit_change(uow, member, payload, change="host_accepted", before=before, note=note)
    return member


__all__ = ["MemberStatus", "host_accept", "return_from_temporary", "transfer_in", "transfer_out"]
