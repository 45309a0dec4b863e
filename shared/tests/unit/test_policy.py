from datetime import date

import pytest

from shared.policy import Policy, PolicyNotInForce

AGE = Policy.of(
    "age",
    [
        (date(2021, 7, 30), 216, "24-QĐ/TW"),
        (date(2025, 1, 20), 216, "232-QĐ/TW"),
        (date(2030, 1, 1), 228, "hypothetical"),
    ],
)


def test_the_version_in_force_on_a_day_is_the_latest_started_on_or_before_it() -> None:
    assert AGE.at(date(2025, 1, 19)) == 216
    assert AGE.version_at(date(2025, 1, 20)).source == "232-QĐ/TW"
    assert AGE.at(date(2029, 12, 31)) == 216
    assert AGE.at(date(2030, 1, 1)) == 228


def test_a_day_before_the_first_version_has_no_rule_in_force() -> None:
    with pytest.raises(PolicyNotInForce):
        AGE.at(date(2021, 7, 29))


def test_two_versions_cannot_start_on_the_same_day() -> None:
    with pytest.raises(ValueError, match="same day"):
        Policy.of("x", [(date(2020, 1, 1), 1, ""), (date(2020, 1, 1), 2, "")])


def test_with_version_replaces_a_version_starting_the_same_day() -> None:
    changed = AGE.with_version(date(2030, 1, 1), 240, "amended")
    assert changed.at(date(2031, 1, 1)) == 240
    assert AGE.at(date(2031, 1, 1)) == 228
