"""Default evaluation rubric, effective-dated; a province configures its own rubric to replace it.

The default is the provincial example the domain notes record (100 points = preparation 15 + attendance 20 +
conduct 45 + closing 20; good ≥ 90, fair 70–89, average 50–69, poor < 50), used where a province has not set
its own under Hướng dẫn 12-HD/BTCTW (2018).
"""

from __future__ import annotations

from meetings.evaluations.rules import Criterion, Grade, GradeBand, Rubric
from meetings.regulations import HD_12_2018, reaching_back
from shared.policy import Policy

FULL_SCORE: Policy[int] = reaching_back(
    Policy.of(
        "meetings.evaluation_full_score",
        [(HD_12_2018.in_force, 100, "Hướng dẫn 12-HD/BTCTW ngày 18/01/2018; thang điểm 100 do tỉnh quy định")],
    )
)
"""The total a rubric's weights must sum to and its grade bands must reach."""

DEFAULT_RUBRIC: Policy[Rubric] = reaching_back(
    Policy.of(
        "meetings.evaluation_default_rubric",
        [
            (
                HD_12_2018.in_force,
                Rubric(
                    criteria=(
                        Criterion("preparation", 15),
                        Criterion("attendance", 20),
                        Criterion("conduct", 45),
                        Criterion("closing", 20),
                    ),
                    bands=(
                        GradeBand(Grade.POOR, 0, 49),
                        GradeBand(Grade.AVERAGE, 50, 69),
                        GradeBand(Grade.FAIR, 70, 89),
                        GradeBand(Grade.GOOD, 90, 100),
                    ),
                ),
                "Phiếu đánh giá chất lượng sinh hoạt chi bộ (mẫu cấp tỉnh) theo Hướng dẫn 12-HD/BTCTW",
            )
        ],
    )
)
"""The rubric used where the province has configured none (a province's own rubric replaces it)."""
