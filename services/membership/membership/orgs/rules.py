"""Rules of the organisation tree: which kind of unit may sit under which (Điều lệ Đảng, chương III)."""

from __future__ import annotations

from shared.errors import InvalidTransition, RuleViolation
from shared.orgtree import OrgKind as OrgKind  # re-exported: the kinds live with the platform's tree

# Since the 2025 reform removed the district level of government, grassroots organisations may sit directly
# under a provincial committee as well as under a district (or bloc) committee.
ALLOWED_PARENTS: dict[OrgKind, frozenset[OrgKind]] = {
    OrgKind.PROVINCE: frozenset(),
    OrgKind.DISTRICT: frozenset({OrgKind.PROVINCE}),
    OrgKind.GRASSROOTS_COMMITTEE: frozenset({OrgKind.DISTRICT, OrgKind.PROVINCE}),
    OrgKind.GRASSROOTS_BRANCH: frozenset({OrgKind.DISTRICT, OrgKind.PROVINCE}),
    OrgKind.PARTIAL_COMMITTEE: frozenset({OrgKind.GRASSROOTS_COMMITTEE}),
    OrgKind.BRANCH: frozenset({OrgKind.GRASSROOTS_COMMITTEE, OrgKind.PARTIAL_COMMITTEE}),
}

MEMBER_HOLDING_KINDS = frozenset({OrgKind.BRANCH, OrgKind.GRASSROOTS_BRANCH})
GRASSROOTS_KINDS = frozenset({OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_BRANCH})


def check_placement(kind: OrgKind, parent_kind: OrgKind | None) -> None:
    """Refuse a unit under a parent of the wrong kind (a province has no parent; a branch's parent is a
    grassroots or partial committee; …)."""
    allowed = ALLOWED_PARENTS[kind]
    if parent_kind is None:
        if allowed:
            raise RuleViolation(
                "org.parent_required", field="parent_id", kind=kind.value, allowed=sorted(k.value for k in allowed)
            )
        return
    if parent_kind not in allowed:
        raise RuleViolation(
            "org.parent_kind",
            field="parent_id",
            kind=kind.value,
            parent_kind=parent_kind.value,
            allowed=sorted(k.value for k in allowed) or ["—"],
        )


def check_move(
    org_id: str, kind: OrgKind, new_parent_kind: OrgKind, new_parent_ancestors: list[str], new_parent_id: str
) -> None:
    """A unit cannot move under itself or its own descendant, and must keep a valid parent kind."""
    if new_parent_id == org_id or org_id in new_parent_ancestors:
        raise RuleViolation("org.move_into_own_subtree", field="parent_id", org_id=org_id)
    check_placement(kind, new_parent_kind)


def check_merge(org_id: str, kind: OrgKind, into_id: str, into_kind: OrgKind, into_ancestors: list[str]) -> None:
    """Only units of the same kind merge, and never into one of their own descendants."""
    if into_id == org_id or org_id in into_ancestors:
        raise RuleViolation("org.merge_into_self", field="into_id", org_id=org_id)
    if kind != into_kind:
        raise RuleViolation("org.merge_kind", field="into_id", kind=kind.value, into_kind=into_kind.value)


def check_active(status: str, org_id: str) -> None:
    if status != "active":
        raise InvalidTransition("org.not_active", org_id=org_id, status=status)


def check_dissolvable(active_children: int, active_members: int) -> None:
    """A unit with active children or members cannot simply disappear: move, merge or transfer them first."""
    if active_children:
        raise InvalidTransition("org.has_children", children=active_children)
    if active_members:
        raise InvalidTransition("org.has_members", members=active_members)


def check_unit_type(kind: OrgKind, unit_type: str | None) -> None:
    """The unit type (``shared.org_unit_types``) is what a grassroots organisation is set up in: the organisations
    above it and the branches below it have none (the form counts grassroots organisations by it)."""
    if unit_type is not None and kind not in GRASSROOTS_KINDS:
        raise RuleViolation("org.unit_type_not_grassroots", field="unit_type", kind=kind.value)
