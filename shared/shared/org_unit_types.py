"""The unit a grassroots party organisation is set up in (loại hình tổ chức cơ sở đảng), as stable codes with their
vi/en words: what the organisations' statistical form counts grassroots organisations by.

Sources (not the form itself: the annex of Hướng dẫn 11-HD/BTCTW of 13 Dec 2021, whose form 5-BTCTW counts
grassroots organisations by unit type, was not readable, so the rows below are NOT verified against it):
- Điều lệ Đảng, Điều 21.2: a grassroots organisation is set up "ở xã, phường, thị trấn" and "ở cơ quan, doanh
  nghiệp, hợp tác xã, đơn vị sự nghiệp, đơn vị quân đội, công an và các đơn vị khác" (as quoted by published
  commentaries of the Charter).
- A provincial party committee's published figures (Đồng Nai, 28 Mar 2024, new.dongnai.gov.vn) group them as
  "loại hình TCCSĐ xã, phường, thị trấn", "trong doanh nghiệp", "trong cơ quan hành chính, đơn vị sự nghiệp" and
  "trong lực lượng vũ trang".
- Since 1 Jul 2025 local government has two levels: communes, wards and special zones (đặc khu; e.g. Đà Nẵng's
  "Chi bộ đặc khu Hoàng Sa"); towns (thị trấn) are kept for the periods before.
The split of enterprises (state, non-state, foreign-invested) and of the armed forces (army, police) follows the
brief of issue 18 and the party's usual reporting wording; it too is unverified against the form.
"""

from __future__ import annotations

from typing import Literal

from shared.i18n import catalogue

_WORDS: dict[str, dict[str, str]] = catalogue(__file__)  # org_unit_types.toml: the words are data a translator edits
_GROUP_PREFIX = "unit_group."
UNIT_TYPES: dict[str, dict[str, str]] = {
    code: words for code, words in _WORDS.items() if not code.startswith(_GROUP_PREFIX)
}
"""Every unit type in the form's row order."""

UnitType = Literal[
    "commune",
    "ward",
    "township",
    "special_zone",
    "administrative_agency",
    "public_service_unit",
    "state_enterprise",
    "non_state_enterprise",
    "foreign_invested_enterprise",
    "cooperative",
    "army",
    "police",
    "other_unit",
]

_GROUP_CODES: dict[str, tuple[str, ...]] = {
    "territorial": ("commune", "ward", "township", "special_zone"),
    "agencies": ("administrative_agency", "public_service_unit"),
    "enterprises": ("state_enterprise", "non_state_enterprise", "foreign_invested_enterprise", "cooperative"),
    "armed_forces": ("army", "police"),
    "other_units": ("other_unit",),
}
GROUPS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    key: (_WORDS[f"{_GROUP_PREFIX}{key}"], codes) for key, codes in _GROUP_CODES.items()
}
"""The unit types in the groups the published figures use (Đồng Nai 2024's four, and the rest)."""


def terms() -> dict[str, dict[str, str]]:
    """Every unit type's words and every group's title, for the glossary."""
    return {**UNIT_TYPES, **{f"{_GROUP_PREFIX}{key}": words for key, (words, _) in GROUPS.items()}}
