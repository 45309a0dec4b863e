"""The domain's vocabulary in Vietnamese and English (domain.md's glossary).

Codes such as ``branch`` or ``probationary`` are stable API values; when a message names one, the reader sees the
word of their language. Every service shares this vocabulary because they all speak of the same tree, members and
measures; a service adds its own words with ``shared.i18n.register_terms``.
"""

from shared.i18n import catalogue

TERMS: dict[str, dict[str, str]] = catalogue(__file__)


def _with_form_categories() -> None:
    """The statistical forms' categories (education, qualification, occupation, religion; the unit types grassroots
    organisations are set up in) are domain words too."""
    from shared import member_categories, org_unit_types

    for code, words in {**member_categories.terms(), **org_unit_types.terms()}.items():
        TERMS.setdefault(code, words)


_with_form_categories()
