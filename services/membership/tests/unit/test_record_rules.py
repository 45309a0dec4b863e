"""The member record's pure rules at their edges: the party card's sequence, a supplement's dates, the sections
a change names and the sections a role may read."""

from __future__ import annotations

from datetime import date

import pytest

from membership.records.rules import (
    CardEventKind,
    categories_of,
    changed_sections,
    check_card_event,
    check_supplement,
    withheld,
)
from shared.errors import RuleViolation

TODAY = date(2026, 12, 1)
ISSUED, LOST, REISSUED = CardEventKind.ISSUED, CardEventKind.LOST, CardEventKind.REISSUED


def rule_of(call: object) -> str:
    with pytest.raises(RuleViolation) as refused:
        call()  # type: ignore[operator]
    return refused.value.code


@pytest.mark.parametrize(
    ("history", "kind", "allowed"),
    [
        ([], ISSUED, True),
        ([], LOST, False),
        ([], REISSUED, False),
        ([ISSUED], ISSUED, False),
        ([ISSUED], LOST, True),
        ([ISSUED], REISSUED, False),
        ([ISSUED, LOST], REISSUED, True),
        ([ISSUED, LOST], LOST, False),
        ([ISSUED, LOST, REISSUED], LOST, True),
        ([ISSUED, LOST, REISSUED], REISSUED, False),
    ],
)
def test_a_card_is_issued_once_lost_when_held_and_reissued_when_lost(
    history: list[CardEventKind], kind: CardEventKind, allowed: bool
) -> None:
    past = [(k, date(2010 + i, 1, 1)) for i, k in enumerate(history)]

    def call() -> None:
        check_card_event(past, kind, date(2020, 1, 1), "012345", TODAY)

    if allowed:
        call()
    else:
        assert rule_of(call) == "record.card_sequence"


def test_a_card_event_is_not_before_the_last_one_nor_after_today_and_an_issued_card_has_a_number() -> None:
    past = [(ISSUED, date(2015, 6, 1))]
    check_card_event(past, LOST, date(2015, 6, 1), None, TODAY)  # the same day is fine
    assert rule_of(lambda: check_card_event(past, LOST, date(2015, 5, 31), None, TODAY)) == "record.card_before_last"
    assert rule_of(lambda: check_card_event(past, LOST, date(2026, 12, 2), None, TODAY)) == "record.date_in_future"
    assert rule_of(lambda: check_card_event([], ISSUED, TODAY, None, TODAY)) == "record.card_number_required"


def test_a_supplement_is_dated_in_its_year_or_after_and_never_in_the_future() -> None:
    check_supplement(2025, date(2025, 1, 1), TODAY)
    check_supplement(2025, date(2026, 1, 15), TODAY)
    assert rule_of(lambda: check_supplement(2025, date(2024, 12, 31), TODAY)) == "record.supplement_before_year"
    assert rule_of(lambda: check_supplement(2026, date(2026, 12, 2), TODAY)) == "record.date_in_future"


def test_only_sections_whose_content_differs_are_named() -> None:
    before = {"religion": None, "family": [{"full_name": "A"}], "occupation": "x"}
    after = {"religion": None, "family": [{"full_name": "B"}], "occupation": "x", "awards": []}
    assert changed_sections(before, after) == ["awards", "family"]
    assert changed_sections(after, after) == []


def test_religion_family_and_discipline_are_withheld_from_roles_that_do_not_read_sensitive_fields() -> None:
    sections = {
        "religion": "Công giáo",
        "religion_group": "catholicism",
        "family": [{"full_name": "A"}],
        "discipline": [{}],
        "occupation": "x",
    }
    assert withheld(sections, True) == (sections, [])
    shown, masked = withheld(sections, False)
    assert shown == {"religion": None, "religion_group": None, "family": [], "discipline": [], "occupation": "x"}
    assert masked == ["religion", "religion_group", "family", "discipline"]


def test_the_records_codes_are_the_stated_ones() -> None:
    sections = {
        "education": {"general": "12/12", "general_level": "upper_secondary", "political_theory": None},
        "occupation": "Cán bộ xã",
        "occupation_group": "commune_official",
        "religion_group": None,
    }
    assert categories_of(sections) == {"general_education": "upper_secondary", "occupation": "commune_official"}
    assert categories_of({}) == {}
