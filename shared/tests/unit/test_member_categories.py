"""The forms' categories: each Literal the APIs validate lists exactly the codes the forms print, every code has
its vi/en words in the glossary, and ethnic names fold to one code however they are typed."""

from __future__ import annotations

from typing import get_args

import pytest

from shared import ethnic_groups, member_categories
from shared.glossary import TERMS
from shared.i18n import term
from shared.messages import register_terms  # noqa: F401  (registers the glossary)

LITERALS = {
    "general_education": member_categories.GeneralEducation,
    "professional_level": member_categories.ProfessionalLevel,
    "political_theory": member_categories.PoliticalTheory,
    "occupation": member_categories.Occupation,
    "religion": member_categories.Religion,
}


@pytest.mark.parametrize("dimension", sorted(member_categories.DIMENSIONS))
def test_the_validated_codes_are_the_printed_rows(dimension: str) -> None:
    assert get_args(LITERALS[dimension]) == tuple(member_categories.DIMENSIONS[dimension])


def test_every_code_has_a_vietnamese_and_an_english_word() -> None:
    for codes in member_categories.DIMENSIONS.values():
        for code, words in codes.items():
            assert words["vi"]
            assert words["en"]
            assert words["vi"] != code
            assert code in TERMS
            assert term(code, "vi") != code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Kinh", "kinh"),
        ("tày", "tay"),
        ("H'Mông", "hmong"),
        ("Mông", "hmong"),
        ("Khơ Me", "khmer"),
        ("Ê Đê", "ede"),
        ("Co", "co"),
        ("Cơ Lao", "co_lao"),
        ("Bru - Vân Kiều", "bru_van_kieu"),
        ("Tatar", "other"),
        ("  ", None),
        (None, None),
    ],
)
def test_ethnic_names_fold_to_their_group(typed: str | None, code: str | None) -> None:
    assert ethnic_groups.code_of(typed) == code


def test_there_are_54_groups_each_folding_to_itself() -> None:
    assert len(ethnic_groups.GROUPS) == 54
    assert all(ethnic_groups.code_of(name) == code for code, name in ethnic_groups.GROUPS)
