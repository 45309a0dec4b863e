"""The kind rules of the organisation tree."""

from __future__ import annotations

import pytest

from membership.orgs.rules import (
    ALLOWED_PARENTS,
    OrgKind,
    check_dissolvable,
    check_merge,
    check_move,
    check_placement,
)
from shared.errors import InvalidTransition, RuleViolation

K = OrgKind


@pytest.mark.parametrize(
    ("kind", "parent"),
    [
        (K.DISTRICT, K.PROVINCE),
        (K.GRASSROOTS_COMMITTEE, K.DISTRICT),
        (K.GRASSROOTS_COMMITTEE, K.PROVINCE),
        (K.GRASSROOTS_BRANCH, K.DISTRICT),
        (K.PARTIAL_COMMITTEE, K.GRASSROOTS_COMMITTEE),
        (K.BRANCH, K.GRASSROOTS_COMMITTEE),
        (K.BRANCH, K.PARTIAL_COMMITTEE),
    ],
)
def test_allowed_placements_pass(kind: OrgKind, parent: OrgKind) -> None:
    check_placement(kind, parent)


def test_every_other_placement_is_refused_naming_the_allowed_parents() -> None:
    for kind in OrgKind:
        for parent in OrgKind:
            if parent in ALLOWED_PARENTS[kind]:
                continue
            with pytest.raises(RuleViolation) as refused:
                check_placement(kind, parent)
            assert refused.value.code == "org.parent_kind"
            assert refused.value.field == "parent_id"


def test_a_province_has_no_parent_and_everything_else_needs_one() -> None:
    check_placement(K.PROVINCE, None)
    for kind in set(OrgKind) - {K.PROVINCE}:
        with pytest.raises(RuleViolation, match=r"org\.parent_required"):
            check_placement(kind, None)


def test_a_unit_cannot_move_under_itself_or_its_descendant() -> None:
    with pytest.raises(RuleViolation, match=r"org\.move_into_own_subtree"):
        check_move("a", K.DISTRICT, K.PROVINCE, [], "a")
    with pytest.raises(RuleViolation, match=r"org\.move_into_own_subtree"):
        check_move("a", K.GRASSROOTS_COMMITTEE, K.DISTRICT, ["root", "a", "b"], "c")
    check_move("a", K.GRASSROOTS_COMMITTEE, K.DISTRICT, ["root", "x"], "y")


def test_only_units_of_one_kind_merge() -> None:
    with pytest.raises(RuleViolation, match=r"org\.merge_kind"):
        check_merge("a", K.DISTRICT, "b", K.PROVINCE, [])
    with pytest.raises(RuleViolation, match=r"org\.merge_into_self"):
        check_merge("a", K.BRANCH, "a", K.BRANCH, [])
    check_merge("a", K.BRANCH, "b", K.BRANCH, ["root", "c"])


def test_a_unit_with_children_or_members_cannot_be_dissolved() -> None:
    with pytest.raises(InvalidTransition, match=r"org\.has_children"):
        check_dissolvable(1, 0)
    with pytest.raises(InvalidTransition, match=r"org\.has_members"):
        check_dissolvable(0, 3)
    check_dissolvable(0, 0)
