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

UNIT_TYPES: dict[str, dict[str, str]] = {
    "commune": {"vi": "xã", "en": "commune"},
    "ward": {"vi": "phường", "en": "ward"},
    "township": {"vi": "thị trấn", "en": "township (before July 2025)"},
    "special_zone": {"vi": "đặc khu", "en": "special zone"},
    "administrative_agency": {"vi": "cơ quan hành chính", "en": "administrative agency"},
    "public_service_unit": {"vi": "đơn vị sự nghiệp", "en": "public service unit"},
    "state_enterprise": {"vi": "doanh nghiệp nhà nước", "en": "state-owned enterprise"},
    "non_state_enterprise": {"vi": "doanh nghiệp ngoài nhà nước", "en": "non-state enterprise"},
    "foreign_invested_enterprise": {
        "vi": "doanh nghiệp có vốn đầu tư nước ngoài",
        "en": "foreign-invested enterprise",
    },
    "cooperative": {"vi": "hợp tác xã", "en": "cooperative"},
    "army": {"vi": "quân đội", "en": "army"},
    "police": {"vi": "công an", "en": "police"},
    "other_unit": {"vi": "loại hình khác", "en": "other kind of unit"},
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

GROUPS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "territorial": (
        {"vi": "Xã, phường, thị trấn, đặc khu", "en": "Communes, wards, townships, special zones"},
        (
            "commune",
            "ward",
            "township",
            "special_zone",
        ),
    ),
    "agencies": (
        {"vi": "Cơ quan hành chính, đơn vị sự nghiệp", "en": "Administrative agencies, public service units"},
        ("administrative_agency", "public_service_unit"),
    ),
    "enterprises": (
        {"vi": "Doanh nghiệp, hợp tác xã", "en": "Enterprises, cooperatives"},
        ("state_enterprise", "non_state_enterprise", "foreign_invested_enterprise", "cooperative"),
    ),
    "armed_forces": ({"vi": "Lực lượng vũ trang", "en": "Armed forces"}, ("army", "police")),
    "other_units": ({"vi": "Khác", "en": "Other"}, ("other_unit",)),
}
"""The unit types in the groups the published figures use (Đồng Nai 2024's four, and the rest)."""


def terms() -> dict[str, dict[str, str]]:
    """Every unit type's words and every group's title, for the glossary."""
    return {**UNIT_TYPES, **{f"unit_group.{key}": words for key, (words, _) in GROUPS.items()}}
