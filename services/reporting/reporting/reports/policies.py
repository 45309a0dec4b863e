"""Default targets of the meeting figures, used where neither an organisation nor any ancestor published its own
(meetings' ``targets.set``), and how an organisation's own targets map onto the figures.

Sources: Hướng dẫn 12-HD/BTCTW (6 Jul 2018) and the district targets in the seeds (Sơn Dương, Đề án 16-ĐA/TU
2020–2025; Mường Nhé, Nghị quyết 07): 100% of branches hold the monthly regular meeting and a thematic one each
quarter, at least 90% of members attend (overall and at each meeting, so 100% of meetings reach 90%), at least
60% of meetings attended by a member of a superior committee, at least 95% of branches adopt resolutions, 100%
have meeting materials. The same defaults as meetings' compliance (``meetings.compliance_default_targets``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from shared.policy import Policy

_SOURCE = "Hướng dẫn 12-HD/BTCTW 2018; Đề án 16-ĐA/TU (Sơn Dương), Nghị quyết 07 (Mường Nhé)"

DEFAULT_TARGETS: dict[str, Policy[Decimal]] = {
    name: Policy.of(f"report.target.{name}", [(date(2018, 1, 1), Decimal(value), _SOURCE)])
    for name, value in (
        ("regular_meeting_rate", 100),
        ("thematic_meeting_rate", 100),
        ("attendance_rate", 90),
        ("meetings_attendance_90_share", 100),
        ("superior_attendance_share", 60),
        ("meetings_resolution_share", 95),
        ("meetings_materials_share", 100),
    )
}

OWN_TARGET_FIGURES = {
    "meetings_held_percent": ("regular_meeting_rate", "thematic_meeting_rate"),
    "attendance_percent": ("attendance_rate",),
    "well_attended_percent": ("meetings_attendance_90_share",),
    "superior_attended_percent": ("superior_attendance_share",),
    "resolutions_percent": ("meetings_resolution_share",),
    "materials_percent": ("meetings_materials_share",),
}
"""Meetings' target fields and the figures each one sets."""


def targets_at(day: date, own: Mapping[str, Decimal] | None = None) -> dict[str, Decimal]:
    """The targets in force on ``day``: the defaults, replaced by the organisation's own (meetings' field names)
    where it has them. A period before the guidance had no default targets (a report of 1975 is history, not an
    error); an organisation's own targets apply whatever the year."""
    out = {
        name: policy.at(day)
        for name, policy in DEFAULT_TARGETS.items()
        if policy.versions and policy.versions[0].effective_from <= day
    }
    for field, value in (own or {}).items():
        for figure in OWN_TARGET_FIGURES.get(field, ()):
            out[figure] = value
    return out
