"""Member status rule values (transfers, removal), effective-dated and citing the regulation they come from.

The values were set by Quy định 24-QĐ/TW and Hướng dẫn 01-HD/TW (2021) and kept by Quy định 232-QĐ/TW (2025);
both versions are recorded so that a transfer of 2023 is judged by the rule of its own day.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from shared.policy import Policy

QD_24_2021 = date(2021, 7, 30)
QD_232_2025 = date(2025, 1, 20)
SRC_24 = "Quy định 24-QĐ/TW, 30/7/2021"
SRC_232 = "Quy định 232-QĐ/TW, 20/01/2025"

T = TypeVar("T")


def _kept_by_232(name: str, value: T, clause: str) -> Policy[T]:
    """A value set in 2021 and kept unchanged by 232-QĐ/TW."""
    return Policy.of(name, [(QD_24_2021, value, f"{SRC_24}; {clause}"), (QD_232_2025, value, f"{SRC_232}; {clause}")])


# Calendar days, not working days: "trong vòng 30 ngày kể từ ngày giới thiệu chuyển đi".
TRANSFER_PRESENTATION_DAYS = _kept_by_232(
    "member.transfer_presentation_days", 30, "present the transfer letter within 30 days of its issue"
)
TRANSFER_PROCEDURE_WORKING_DAYS = _kept_by_232(
    "member.transfer_procedure_working_days", 60, "ask for the transfer within 60 working days of moving"
)
# A temporary transfer lasts from 3 months to *under* one year; up to two years (inclusive) for study.
TEMPORARY_MIN_MONTHS = _kept_by_232("member.temporary_min_months", 3, "temporary transfer: at least 3 months")
TEMPORARY_MAX_MONTHS_EXCLUSIVE = _kept_by_232(
    "member.temporary_max_months_exclusive", 12, "temporary transfer: under 1 year"
)
TEMPORARY_MAX_MONTHS_STUDY = _kept_by_232(
    "member.temporary_max_months_study", 24, "temporary transfer for study: up to 2 years"
)
# Removal from the rolls when a member, without good reason, misses meetings or dues 3 months in a year.
REMOVAL_MONTHS_IN_YEAR = _kept_by_232(
    "member.removal_months_in_year", 3, "Điều lệ Đảng art. 8: 3 months in a year without good reason"
)
