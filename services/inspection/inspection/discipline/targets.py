"""Who inspection and discipline act on, and who may act on them.

Điều lệ Đảng (2011), Điều 30 and 36: a party organisation inspects, supervises and disciplines its own
members and the organisations below it, never a unit beside or above it. Competence is therefore a question
about the organisation tree, answered from the target organisation's ancestor ids so that the rule stays pure
(the caller reads them from its copy of the tree *as of* the decision date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID


class TargetKind(StrEnum):
    ORGANISATION = "organisation"
    MEMBER = "member"


class MemberStanding(StrEnum):
    """Probationary members face fewer measures (Điều lệ Đảng, Điều 36), so discipline needs the standing."""

    PROBATIONARY = "probationary"
    OFFICIAL = "official"


@dataclass(frozen=True)
class Target:
    """An organisation or a member; ``org_id`` is the member's branch, or the organisation itself."""

    kind: TargetKind
    id: UUID
    org_id: UUID

    def __post_init__(self) -> None:
        if self.kind is TargetKind.ORGANISATION and self.id != self.org_id:
            raise ValueError("an organisation target's org_id is the organisation itself")


@dataclass(frozen=True)
class DisciplineTarget(Target):
    """A target plus what the choice of measure depends on: a member's standing and any post held."""

    standing: MemberStanding | None = None
    holds_post: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind is TargetKind.MEMBER and self.standing is None:
            raise ValueError("a member target needs a standing (probationary or official)")
        if self.kind is TargetKind.ORGANISATION and (self.standing is not None or self.holds_post):
            raise ValueError("an organisation has no standing and holds no post")

    @classmethod
    def member(
        cls, member_id: UUID, branch_id: UUID, standing: MemberStanding, *, holds_post: bool = False
    ) -> DisciplineTarget:
        return cls(TargetKind.MEMBER, member_id, branch_id, standing, holds_post)

    @classmethod
    def organisation(cls, org_id: UUID) -> DisciplineTarget:
        return cls(TargetKind.ORGANISATION, org_id, org_id)


def within_jurisdiction(authority_org_id: UUID, target: Target, target_org_ancestor_ids: Iterable[UUID]) -> bool:
    """Whether ``authority_org_id`` may act on ``target``.

    A member may be dealt with by their own branch or any ancestor of it; an organisation only by a strict
    ancestor (Điều lệ Đảng, Điều 36: the superior committee disciplines an organisation — a unit never judges
    itself). The ancestor list may include the target organisation itself or not: both conventions give the
    same answer.
    """
    strict_ancestors = set(target_org_ancestor_ids) - {target.org_id}
    if authority_org_id in strict_ancestors:
        return True
    return target.kind is TargetKind.MEMBER and authority_org_id == target.org_id
