"""Classification rule values with their effective dates (132-QĐ/TW 2018 → 124-QĐ/TW 2023 → 366-QĐ/TW 2025).

- Score bands: 366-QĐ/TW, Điều 8–11, quantifies the assessment on a 100-point scale — excellent from 90, good
  from 70 to under 90, completed from 50 to under 70, not completed under 50. Its predecessors graded on criteria
  without a central point scale, so their versions hold ``None``: a score recorded under them is a local scale
  and is not checked against a band.
- Conditions (``GradeConditions``): a member disciplined in the year is not completed; an organisation
  disciplined in the year is not completed; an organisation is excellent only if no unit and no leading member
  was disciplined in the year (so at most good). Unchanged across the three regulations.
- Cap on excellent grades: "excellent at most 20% of those rated good within the same grassroots organisation"
  (132-QĐ/TW and its guidance, kept by 124-QĐ/TW). Local practice differs (the seeds report 11 excellent of 56,
  19.64% of the total), so basis and ratio are policy values; a breach is flagged and needs a justification.

A batch assessed before 8 Mar 2018 has no rule in force (``PolicyNotInForce`` → 422).
"""

from __future__ import annotations

from decimal import Decimal

from inspection import regulations as reg
from inspection.classification.conditions import GradeConditions
from inspection.classification.grades import CapBasis, CapRule, Grade, ScoreBands
from shared.policy import Policy

SCORE_BANDS: Policy[ScoreBands | None] = Policy.of(
    "classification.score_bands",
    [
        (reg.CLASSIFICATION_132.issued, None, reg.CLASSIFICATION_132.cite("không quy định thang điểm")),
        (reg.CLASSIFICATION_124.issued, None, reg.CLASSIFICATION_124.cite("không quy định thang điểm")),
        (
            reg.CLASSIFICATION_366.issued,
            ScoreBands(excellent_min=Decimal(90), good_min=Decimal(70), completed_min=Decimal(50)),
            reg.CLASSIFICATION_366.cite("Điều 8–11"),
        ),
    ],
)

_CONDITIONS = GradeConditions(
    disciplined_member=Grade.NOT_COMPLETED,
    disciplined_organisation=Grade.NOT_COMPLETED,
    unit_or_leader_disciplined=Grade.GOOD,
)

GRADE_CONDITIONS: Policy[GradeConditions] = Policy.of(
    "classification.grade_conditions",
    [
        (reg.CLASSIFICATION_132.issued, _CONDITIONS, reg.CLASSIFICATION_132.cite("và hướng dẫn thực hiện")),
        (reg.CLASSIFICATION_124.issued, _CONDITIONS, reg.CLASSIFICATION_124.cite("Điều 12")),
        (reg.CLASSIFICATION_366.issued, _CONDITIONS, reg.CLASSIFICATION_366.cite()),
    ],
)

EXCELLENT_CAP: Policy[CapRule] = Policy.of(
    "classification.excellent_cap",
    [
        (
            reg.CLASSIFICATION_132.issued,
            CapRule(ratio=Decimal("0.20"), basis=CapBasis.GOOD),
            reg.CLASSIFICATION_132.cite("và hướng dẫn") + "; giữ nguyên theo " + reg.CLASSIFICATION_124.number,
        )
    ],
)
