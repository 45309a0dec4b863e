"""Pure rules of the member record: the party card's sequence of events, a supplement's dates, which sections a
change touched and which sections a role may read. No I/O; dates are parameters.

The card's life follows the party's guidance on member work (Hướng dẫn 12-HD/BTCTW of 2022 on the party
records and cards, after Quy định 29-QĐ/TW 2016 and 24-QĐ/TW 2021 on the Charter): a card is issued once, a
lost card is reported, and a new card is reissued only for a lost (or damaged) one. Not verified against the
text here: the guidance's own numbering; the sequence is what every version of it requires.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from shared.errors import RuleViolation

MASKED_SECTIONS = ("religion", "religion_group", "family", "discipline")
"""Sections only the roles that read national IDs and contacts may read (the others see them withheld)."""


class CardEventKind(StrEnum):
    ISSUED = "issued"
    LOST = "lost"
    REISSUED = "reissued"


ALLOWED_AFTER: dict[CardEventKind | None, frozenset[CardEventKind]] = {
    None: frozenset({CardEventKind.ISSUED}),
    CardEventKind.ISSUED: frozenset({CardEventKind.LOST}),
    CardEventKind.LOST: frozenset({CardEventKind.REISSUED}),
    CardEventKind.REISSUED: frozenset({CardEventKind.LOST}),
}


def check_card_event(
    history: Sequence[tuple[CardEventKind, date]], kind: CardEventKind, on: date, card_number: str | None, today: date
) -> None:
    """The next card event must follow the last one (issue once; lose a held card; reissue a lost one), not
    precede it, not be in the future, and an issued card has a number."""
    last_kind, last_date = history[-1] if history else (None, None)
    if kind not in ALLOWED_AFTER[last_kind]:
        raise RuleViolation("record.card_sequence", field="kind", kind=kind.value, last=last_kind or "none")
    if last_date is not None and on < last_date:
        raise RuleViolation("record.card_before_last", field="event_date", last_date=last_date.isoformat())
    if on > today:
        raise RuleViolation("record.date_in_future", field="event_date", today=today.isoformat())
    if kind is not CardEventKind.LOST and not card_number:
        raise RuleViolation("record.card_number_required", field="card_number")


def check_supplement(year: int, on: date, today: date) -> None:
    """A year's supplement is made during that year or after it (at the year-end review), never before it and
    never dated in the future."""
    if on.year < year:
        raise RuleViolation("record.supplement_before_year", field="supplement_date", year=year)
    if on > today:
        raise RuleViolation("record.date_in_future", field="supplement_date", today=today.isoformat())


def changed_sections(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The sections whose content differs (what ``member.record_updated`` names — never their content)."""
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def withheld(sections: Mapping[str, Any], may_read_sensitive: bool) -> tuple[dict[str, Any], list[str]]:
    """The sections a role may read, and the names of those withheld from it (emptied, not dropped)."""
    if may_read_sensitive:
        return dict(sections), []
    empty: dict[str, Any] = {"religion": None, "religion_group": None, "family": [], "discipline": []}
    return {**sections, **{k: empty[k] for k in MASKED_SECTIONS}}, list(MASKED_SECTIONS)


def categories_of(sections: Mapping[str, Any]) -> dict[str, str]:
    """The record's statistical codes (``shared.member_categories``' dimensions), the ones stated: what the member
    row keeps and every member event publishes, so reporting can count members by them."""
    education = sections.get("education") or {}
    codes = {
        "general_education": education.get("general_level"),
        "professional_level": education.get("professional_level"),
        "political_theory": education.get("political_theory"),
        "occupation": sections.get("occupation_group"),
        "religion": sections.get("religion_group"),
    }
    return {k: str(v) for k, v in codes.items() if v is not None}


CODE_FIELDS = {
    "general_education": ("education", "general_level"),
    "professional_level": ("education", "professional_level"),
    "political_theory": ("education", "political_theory"),
    "occupation": (None, "occupation_group"),
    "religion": (None, "religion_group"),
}
"""Where the record keeps each dimension's code: (section holding it or None for the top level, field)."""


def with_codes(sections: Mapping[str, Any], codes: Mapping[str, str]) -> dict[str, Any]:
    """The record with the given categories' codes written into their fields (the inverse of ``categories_of``,
    for the import: the record and the member row must state the same codes), the rest untouched."""
    out = {**sections, "education": dict(sections.get("education") or {})}
    for dimension, code in codes.items():
        section, name = CODE_FIELDS[dimension]
        (out["education"] if section else out)[name] = code
    return out
