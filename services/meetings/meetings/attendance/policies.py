"""Rule values for attendance, each effective-dated and citing its source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from meetings.regulations import HD_12_2018, kept_since_2018, reaching_back
from shared.policy import Policy

_HD12 = "Hướng dẫn 12-HD/BTCTW ngày 18/01/2018 (tiêu chí buổi sinh hoạt tốt)"
_HD12_FROM = HD_12_2018.in_force

GOOD_MEETING_MIN_ATTENDANCE_PERCENT: Policy[Decimal] = kept_since_2018(
    "meetings.good_meeting_min_attendance_percent", Decimal("85"), _HD12
)
"""A good meeting has attendance strictly *above* this share of the expected members."""

GOOD_MEETING_MAX_CONSECUTIVE_ABSENCES: Policy[int] = kept_since_2018(
    "meetings.good_meeting_max_consecutive_absences", 3, _HD12
)
"""A good meeting has nobody absent (even excused) more than this many consecutive times in the year."""

ABSENCE_STREAK_LIMIT: Policy[int] = reaching_back(
    Policy.of(
        "meetings.absence_streak_limit",
        [(_HD12_FROM, 3, _HD12 + "; Điều lệ Đảng (xem xét đảng viên bỏ sinh hoạt)")],
    )
)
"""A member absent (for any reason) in *more than* this many consecutive regular meetings is flagged
for review."""

UNEXCUSED_MONTHS_THRESHOLD: Policy[int] = reaching_back(
    Policy.of(
        "meetings.unexcused_months_threshold",
        [
            (date(2021, 7, 30), 3, "Quy định 24-QĐ/TW ngày 30/07/2021 (xóa tên: bỏ sinh hoạt 3 tháng trong năm)"),
            (date(2025, 1, 20), 3, "Quy định 232-QĐ/TW ngày 20/01/2025 (thay Quy định 24-QĐ/TW)"),
        ],
    )
)
"""A member absent without valid reason in this many months of a calendar year is flagged for review of
removal from the rolls (xóa tên). Membership decides; nothing is removed automatically."""
