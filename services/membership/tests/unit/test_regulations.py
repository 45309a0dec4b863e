"""The chain of regulations behind membership's policies: every value reaches back to 2011 with its source."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

import pytest

from membership import regulations
from membership.admission.policies import DEFAULT_POLICIES
from membership.members import policies as member_policies
from shared.policy import Policy, PolicyNotInForce

ADMISSION = [getattr(DEFAULT_POLICIES, f.name) for f in fields(DEFAULT_POLICIES)]
MEMBERS = [v for v in vars(member_policies).values() if isinstance(v, Policy)]
ALL: list[Policy[Any]] = [*ADMISSION, *MEMBERS]


@pytest.mark.parametrize("policy", ALL, ids=lambda p: p.name)
def test_every_policy_is_in_force_from_the_first_implementing_regulation_with_a_source(policy: Policy[Any]) -> None:
    assert policy.versions[0].effective_from <= regulations.EARLIEST.in_force
    assert all(v.source for v in policy.versions)
    policy.at(date(2011, 11, 1))
    with pytest.raises(PolicyNotInForce):
        policy.at(date(2011, 1, 18))


def test_a_kept_value_has_one_version_per_regulation_and_294_rules_from_1_july_2025() -> None:
    kept = regulations.kept_since("x", 1, "clause")
    assert [v.effective_from for v in kept.versions] == [r.in_force for r in regulations.IMPLEMENTING]
    assert kept.version_at(date(2025, 6, 30)).source.startswith("Quy định 232-QĐ/TW")
    assert kept.version_at(date(2025, 7, 1)).source == f"{regulations.QD_294_2025.citation}; clause"


def test_a_value_kept_since_a_later_regulation_starts_there() -> None:
    later = regulations.kept_since("y", 2, "", since=regulations.QD_29_2016)
    assert later.versions[0].effective_from == date(2016, 7, 25)
    assert later.versions[0].source == regulations.QD_29_2016.citation
