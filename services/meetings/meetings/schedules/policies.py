"""Rule values for scheduling and holding meetings, each effective-dated and citing its source.

Hướng dẫn 12-HD/BTCTW (18/01/2018) set the meeting regime; Chỉ thị 50-CT/TW (23/07/2025) and Hướng dẫn
42-HD/BTCTW (28/10/2025) renewed it. The 2025 versions repeat the 2018 values so that a decision reads the
source in force on its own date (``Policy.version_at(day).source``).
"""

from __future__ import annotations

from meetings.regulations import HD_12_2018, HD_42_2025, reaching_back
from shared.policy import Policy

_HD12 = HD_12_2018.citation
_HD42 = HD_42_2025.citation
_HD12_FROM = HD_12_2018.in_force
_HD42_FROM = HD_42_2025.in_force

NOTICE_MIN_LEAD_DAYS: Policy[int] = reaching_back(
    Policy.of(
        "meetings.notice_min_lead_days",
        [(_HD12_FROM, 1, _HD12 + ": tài liệu gửi đảng viên trước ít nhất 1 ngày"), (_HD42_FROM, 1, _HD42)],
    )
)
"""Whole calendar days between the notice (or the materials) and the meeting date; fewer is flagged."""

MIN_DURATION_MINUTES: Policy[int] = reaching_back(
    Policy.of(
        "meetings.min_duration_minutes",
        [(_HD12_FROM, 90, _HD12), (_HD42_FROM, 90, _HD42)],
    )
)
"""Shortest regular or thematic meeting not flagged."""

MIN_DURATION_COMBINED_MINUTES: Policy[int] = reaching_back(
    Policy.of(
        "meetings.min_duration_combined_minutes",
        [(_HD12_FROM, 120, _HD12), (_HD42_FROM, 120, _HD42)],
    )
)
"""Shortest meeting not flagged when the regular and the thematic meeting are held together."""

MIN_THEMATIC_TOPICS_PER_QUARTER: Policy[int] = reaching_back(
    Policy.of(
        "meetings.min_thematic_topics_per_quarter",
        [(_HD12_FROM, 1, _HD12 + ": sinh hoạt chuyên đề ít nhất mỗi quý một lần"), (_HD42_FROM, 1, _HD42)],
    )
)
"""Topics a branch's yearly thematic plan must hold for every quarter."""
