"""Classification rule values with their effective dates.

- Score bands: Quy định 366-QĐ/TW (30/8/2025), Điều 8–11, quantifies the assessment on a 100-point scale —
  excellent from 90, good from 70 to under 90, completed from 50 to under 70, not completed under 50. Its
  predecessor, 124-QĐ/TW (04/10/2023), graded on criteria without a central point scale, so its version holds
  ``None``: a score recorded under it is a local scale and is not checked against a band.
- Cap on excellent grades: "excellent at most 20% of those rated good within the same grassroots
  organisation" (Quy định 132-QĐ/TW 2018 and its guidance, kept by 124-QĐ/TW). Local practice differs (the
  seeds report 11 excellent of 56, 19.64% of the total), so basis and ratio are policy values; a province that
  counts against the total adds a version with ``CapBasis.TOTAL``.
- A member disciplined in the year is rated at most "completed" (guidance under 132-QĐ/TW and 124-QĐ/TW);
  ``None`` would lift the limit, a lower grade would tighten it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from inspection.classification.grades import CapBasis, CapRule, Grade, ScoreBands
from shared.policy import Policy

SCORE_BANDS: Policy[ScoreBands | None] = Policy.of(
    "classification.score_bands",
    [
        (date(2018, 3, 8), None, "Quy định 132-QĐ/TW ngày 08/3/2018 (không quy định thang điểm)"),
        (date(2023, 10, 4), None, "Quy định 124-QĐ/TW ngày 04/10/2023 (không quy định thang điểm)"),
        (
            date(2025, 8, 30),
            ScoreBands(excellent_min=Decimal(90), good_min=Decimal(70), completed_min=Decimal(50)),
            "Quy định 366-QĐ/TW ngày 30/8/2025, Điều 8–11",
        ),
    ],
)

EXCELLENT_CAP: Policy[CapRule] = Policy.of(
    "classification.excellent_cap",
    [
        (
            date(2018, 3, 8),
            CapRule(ratio=Decimal("0.20"), basis=CapBasis.GOOD),
            "Quy định 132-QĐ/TW ngày 08/3/2018 và hướng dẫn; giữ nguyên theo 124-QĐ/TW",
        )
    ],
)

DISCIPLINED_MEMBER_MAX_GRADE: Policy[Grade | None] = Policy.of(
    "classification.disciplined_member_max_grade",
    [(date(2018, 3, 8), Grade.COMPLETED, "Hướng dẫn thực hiện 132-QĐ/TW, giữ nguyên theo 124-QĐ/TW")],
)
