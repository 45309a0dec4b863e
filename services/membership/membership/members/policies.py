"""Member status rule values (transfers, removal), effective-dated and citing the regulation they come from.

The values were kept by every regulation implementing the Charter since 45-QĐ/TW (2011) — 29-QĐ/TW 2016,
24-QĐ/TW 2021, 232-QĐ/TW and 294-QĐ/TW 2025 (``membership.regulations``) — each recorded as a version, so that a
transfer of 2016 is judged by the rule of its own day.
"""

from __future__ import annotations

from membership.regulations import charter, kept_since

# Calendar days, not working days: "trong vòng 30 ngày kể từ ngày giới thiệu chuyển đi".
TRANSFER_PRESENTATION_DAYS = kept_since(
    "member.transfer_presentation_days", 30, "present the transfer letter within 30 days of its issue"
)
TRANSFER_PROCEDURE_WORKING_DAYS = kept_since(
    "member.transfer_procedure_working_days", 60, "ask for the transfer within 60 working days of moving"
)
# A temporary transfer lasts from 3 months to *under* one year; up to two years (inclusive) for study.
TEMPORARY_MIN_MONTHS = kept_since("member.temporary_min_months", 3, "temporary transfer: at least 3 months")
TEMPORARY_MAX_MONTHS_EXCLUSIVE = kept_since(
    "member.temporary_max_months_exclusive", 12, "temporary transfer: under 1 year"
)
TEMPORARY_MAX_MONTHS_STUDY = kept_since(
    "member.temporary_max_months_study", 24, "temporary transfer for study: up to 2 years"
)
# Removal from the rolls when a member, without good reason, misses meetings or dues 3 months in a year.
REMOVAL_MONTHS_IN_YEAR = charter(
    "member.removal_months_in_year", 3, "Điều 8.2: 3 tháng trong năm bỏ sinh hoạt hoặc không đóng đảng phí"
)
