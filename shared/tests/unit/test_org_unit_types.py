"""The grassroots organisations' unit types: the validated Literal lists exactly the printed rows, each group holds
each type once, and every code has its vi/en words in the glossary."""

from __future__ import annotations

from typing import get_args

from shared import org_unit_types
from shared.i18n import term
from shared.messages import register_terms  # noqa: F401  (registers the glossary)


def test_the_validated_codes_are_the_printed_rows_each_in_one_group() -> None:
    assert get_args(org_unit_types.UnitType) == tuple(org_unit_types.UNIT_TYPES)
    grouped = [code for _, codes in org_unit_types.GROUPS.values() for code in codes]
    assert sorted(grouped) == sorted(org_unit_types.UNIT_TYPES)


def test_every_unit_type_and_group_reads_in_vietnamese_and_english() -> None:
    for code, words in org_unit_types.terms().items():
        assert term(code, "vi") == words["vi"] != code
        assert term(code, "en") == words["en"]
