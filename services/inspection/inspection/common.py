"""What every inspection feature shares: route dependencies, the ETag check, and resolving a target
(organisation or member) inside the caller's subtree."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import Depends
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.consumers import MEMBER_TYPE
from inspection.discipline.targets import DisciplineTarget, MemberStanding, TargetKind
from inspection.members.models import MemberCopy
from shared import orgtree
from shared.auth import Principal, Role, require
from shared.dateorder import check_order
from shared.db import UnitOfWork
from shared.errors import Conflict, NotFound, RuleViolation
from shared.etag import if_match_version, required_if_match
from shared.freshness import NotInCopy

Reader = Annotated[Principal, require()]
Inspector = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER, Role.INSPECTOR)]
IfMatch = Annotated[int | None, Depends(if_match_version)]
RequiredIfMatch = Annotated[int, Depends(required_if_match)]

GRASSROOTS_KINDS = ("grassroots_committee", "grassroots_branch")


@dataclass(frozen=True)
class ResolvedTarget:
    """A target found in the caller's scope: ``node`` is the organisation itself or the member's branch."""

    kind: TargetKind
    id: str
    node: orgtree.OrgNode
    member: MemberCopy | None = None

    @property
    def org_id(self) -> str:
        return self.node.id

    @property
    def member_id(self) -> str | None:
        return self.id if self.kind is TargetKind.MEMBER else None

    def discipline_target(self) -> DisciplineTarget:
        if self.member is None:
            return DisciplineTarget.organisation(UUID(self.node.id))
        standing = MemberStanding.PROBATIONARY if self.member.status == "probationary" else MemberStanding.OFFICIAL
        return DisciplineTarget.member(
            UUID(self.member.member_id), UUID(self.node.id), standing, holds_post=self.member.holds_post
        )

    def ancestor_uuids(self) -> list[UUID]:
        return [UUID(i) for i in self.node.ancestor_ids]


async def resolve_target(
    session: AsyncSession,
    principal: Principal,
    kind: TargetKind,
    target_id: str,
    *,
    field: str = "target_id",
    require_active: bool = True,
) -> ResolvedTarget:
    """The organisation or member, if in the caller's subtree (404 otherwise, never leaking existence)."""
    if kind is TargetKind.ORGANISATION:
        node = await orgtree.node_in_scope(session, principal, target_id)
        if require_active:
            check_active_org(node, field)
        return ResolvedTarget(kind, target_id, node)
    member = await session.get(MemberCopy, target_id)
    if member is None:
        raise not_in_copy(target_id, field)
    try:
        node = await orgtree.node_in_scope(session, principal, member.org_id)
    except NotFound as exc:  # outside the caller's scope: the answer of an unknown id, also while the copy lags
        raise not_in_copy(target_id, field) from exc
    if require_active and not member.active:
        raise RuleViolation("inspection.member_not_active", field=field, member_id=target_id, status=member.status)
    return ResolvedTarget(kind, target_id, node, member)


def not_in_copy(member_id: str, field: str) -> NotInCopy:
    """A member missing from the copy: "not known here yet" while the copy lags, else "not found"."""
    return NotInCopy(
        "member.not_found",
        record="member",
        id=member_id,
        fed_by=MEMBER_TYPE.format(verb="registered"),
        field=field,
        member_id=member_id,
    )


def check_active_org(node: orgtree.OrgNode, field: str) -> None:
    """A dissolved or merged organisation can no longer be inspected, disciplined or act as a committee."""
    if node.status != "active":
        raise RuleViolation("inspection.org_not_active", field=field, org_id=node.id, status=node.status)


def check_effective_date(effective: date, decided: date) -> None:
    """A decision cannot take effect before it was taken."""
    check_order(
        "discipline.effective_before_decision", field="effective_date", decided_on=decided, effective_date=effective
    )


def subject_outside_org(index: int, target_id: str, org_id: str) -> RuleViolation:
    """A classification entry whose subject is not in the submitting organisation's subtree."""
    return RuleViolation(
        "classification.subject_outside_org", field=f"entries[{index}].target_id", target_id=target_id, org_id=org_id
    )


@contextmanager
def unique_conflicts() -> Iterator[None]:
    """A unique constraint hit by a concurrent request (same decision number, a second current batch, a second
    appeal) becomes a 409 the client can retry after reloading, not a 500."""
    try:
        yield
    except IntegrityError as exc:
        raise Conflict("inspection.concurrent_change") from exc


async def commit_once(uow: UnitOfWork) -> None:
    with unique_conflicts():
        await uow.commit()
