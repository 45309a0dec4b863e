"""Rule values for scheduling and holding meetings, each effective-dated and citing its source.

Hướng dẫn 12-HD/BTCTW (18/01/2018) set the meeting regime; Chỉ thị 50-CT/TW (23/07/2025) and Hướng dẫn
42-HD/BTCTW (28/10/2025) renewed it. The 2025 versions repeat the 2018 values so that a decision reads the
source in force on its own date (``Policy.version_at(day).source``).
"""

from __future__ import annotations

from meetings.regulations import HD_12_2018, kept_since_2018
from shared.policy import Policy

_HD12 = HD_12_2018.citation

NOTICE_MIN_LEAD_DAYS: Policy[int] = kept_since_2018(
    "meetings.notice_min_lead_days", 1, _HD12 + ": tài liệu gửi đảng viên trước ít nhất 1 ngày"
)
"""Whole calendar days between the notice (or the materials) and the meeting date; fewer is flagged."""

MIN_DURATION_MINUTES: Policy[int] = kept_since_2018("meetings.min_duration_minutes", 90)
"""Shortest regular or thematic meeting not flagged."""

MIN_DURATION_COMBINED_MINUTES: Policy[int] = kept_since_2018("meetings.min_duration_combined_minutes", 120)
"""Shortest meeting not flagged when the regular and the thematic meeting are held together."""

MIN_THEMATIC_TOPICS_PER_QUARTER: Policy[int] = kept_since_2018(
    "meetings.min_thematic_topics_per_quarter", 1, _HD12 + ": sinh hoạt chuyên đề ít nhất mỗi quý một lần"
)
"""Topics a branch's yearly thematic plan must hold for every quarter."""
