"""The categories the party's statistical forms count members by, as stable codes with their vi/en words.

Membership keeps a member's codes in the record (beside the free text of the personal history) and publishes them
with every member event; reporting counts members by them and prints the forms' rows from the same lists, so the
two never disagree on a category. Codes, never free text: a form can only count what it can name.

Source of the categories: the rows of the basic statistical forms on party members (biểu thống kê cơ bản về công
tác tổ chức xây dựng Đảng, Hướng dẫn 11-HD/BTCTW of 13 Dec 2021): "Trình độ giáo dục phổ thông", "Trình độ chuyên
môn nghiệp vụ", "Trình độ lý luận chính trị", "Nghề nghiệp" and "Tôn giáo". The rows were read from a published
rendering of the forms (a party committee's copy), not from the guidance's own text: not verified against it.
"""

from __future__ import annotations

from typing import Any, Literal

from shared.i18n import catalogue

Dimension = Literal["general_education", "professional_level", "political_theory", "occupation", "religion"]

_TABLES: dict[str, Any] = catalogue(__file__)  # member_categories.toml: the words are data a translator edits
GENERAL_EDUCATION: dict[str, dict[str, str]] = _TABLES["general_education"]
PROFESSIONAL_LEVEL: dict[str, dict[str, str]] = _TABLES["professional_level"]
POLITICAL_THEORY: dict[str, dict[str, str]] = _TABLES["political_theory"]
OCCUPATION: dict[str, dict[str, str]] = _TABLES["occupation"]
RELIGION: dict[str, dict[str, str]] = _TABLES["religion"]

DIMENSIONS: dict[str, dict[str, dict[str, str]]] = {
    "general_education": GENERAL_EDUCATION,
    "professional_level": PROFESSIONAL_LEVEL,
    "political_theory": POLITICAL_THEORY,
    "occupation": OCCUPATION,
    "religion": RELIGION,
}
"""Each dimension's codes in the forms' row order."""

GeneralEducation = Literal["literate", "primary", "lower_secondary", "upper_secondary"]
ProfessionalLevel = Literal[
    "none", "vocational", "secondary_vocational", "college", "university", "master", "doctorate"
]
PoliticalTheory = Literal["none", "elementary", "intermediate", "advanced", "bachelor"]
Occupation = Literal[
    "state_official",
    "party_mass_official",
    "commune_official",
    "village_worker",
    "public_employee",
    "non_public_employee",
    "enterprise_manager",
    "enterprise_staff",
    "enterprise_worker",
    "farmer",
    "armed_forces",
    "university_student",
    "pupil",
    "retired",
    "other",
]
Religion = Literal["no_religion", "buddhism", "catholicism", "protestantism", "caodaism", "hoa_hao", "islam", "other"]


def terms() -> dict[str, dict[str, str]]:
    """Every code's words, for the glossary. A code in two dimensions means the same in both (``none``,
    ``other``), except ``other`` whose religion wording is the more specific; the glossary keeps the general."""
    out: dict[str, dict[str, str]] = {}
    for codes in DIMENSIONS.values():
        for code, words in codes.items():
            out.setdefault(code, words)
    return out
