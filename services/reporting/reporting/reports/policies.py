"""Default targets of the meeting figures, used while no organisation publishes targets of its own.

Sources: Hướng dẫn 12-HD/BTCTW (2018) and the district projects in the seeds (Sơn Dương 16-ĐA/TU, Mường Nhé
resolution 07): 100% of branches hold the monthly regular meeting and a thematic one each quarter, ≥ 90% of
members attend, ≥ 60% of meetings attended by a member of a superior committee.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shared.policy import Policy

_SOURCE = "Hướng dẫn 12-HD/BTCTW 2018; district targets in the seeds"

DEFAULT_TARGETS: dict[str, Policy[Decimal]] = {
    name: Policy.of(f"report.target.{name}", [(date(2018, 1, 1), Decimal(value), _SOURCE)])
    for name, value in (
        ("regular_meeting_rate", 100),
        ("thematic_meeting_rate", 100),
        ("attendance_rate", 90),
        ("superior_attendance_share", 60),
    )
}


def targets_at(day: date) -> dict[str, Decimal]:
    """The targets in force on ``day``: a period before the guidance had none, and reports it without targets
    (a report of 1975 is history, not an error)."""
    return {
        name: policy.at(day)
        for name, policy in DEFAULT_TARGETS.items()
        if policy.versions and policy.versions[0].effective_from <= day
    }
