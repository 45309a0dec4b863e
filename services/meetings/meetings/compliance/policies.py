"""Default compliance targets, effective-dated; an organisation configures its own per year to replace them.

The meeting regime itself (monthly regular, quarterly thematic) comes from Hướng dẫn 12-HD/BTCTW (2018); the
percentages are the targets the districts in the seeds set themselves (Sơn Dương, Đề án 16-ĐA/TU 2020–2025;
Mường Nhé, Nghị quyết 07): 100% of meetings held, 90% attendance at every meeting, 60% of meetings attended by
a member of a superior committee.
"""

from __future__ import annotations

from decimal import Decimal

from meetings.compliance.rules import Targets
from meetings.regulations import HD_12_2018, reaching_back
from shared.policy import Policy

DEFAULT_TARGETS: Policy[Targets] = reaching_back(
    Policy.of(
        "meetings.compliance_default_targets",
        [
            (
                HD_12_2018.in_force,
                Targets(
                    meetings_held_percent=Decimal("100"),
                    attendance_percent=Decimal("90"),
                    well_attended_percent=Decimal("100"),
                    superior_attended_percent=Decimal("60"),
                ),
                "Hướng dẫn 12-HD/BTCTW ngày 18/01/2018; chỉ tiêu của Đề án 16-ĐA/TU (Sơn Dương) "
                "và Nghị quyết 07 (Mường Nhé)",
            )
        ],
    )
)
"""Targets used where an organisation has set none for the year."""

REPORTED_DEFAULT_TARGETS: Policy[dict[str, Decimal]] = reaching_back(
    Policy.of(
        "meetings.reported_default_targets",
        [
            (
                HD_12_2018.in_force,
                {"resolutions_percent": Decimal("95"), "materials_percent": Decimal("100")},
                "Nghị quyết 07 (Mường Nhé): ≥ 95% chi bộ ban hành nghị quyết, 100% có tài liệu sinh hoạt",
            )
        ],
    )
)
"""The targets of figures reporting measures (resolutions adopted, materials prepared), where none are set."""
