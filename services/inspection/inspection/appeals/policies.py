"""Appeal rule values with their effective dates.

- Window: Điều lệ Đảng (2011), Điều 38 khoản 1 — an organisation or member who disagrees with a discipline
  decision may appeal *within one month of receiving the decision*; each level of appeal is lodged within one
  month of receiving the decision it contests. In calendar months, so that an amendment becomes a new version.
- Outcomes: the level that hears an appeal upholds the decision, changes the measure (lighter or heavier) or
  annuls it — 30-QĐ/TW (2016), 22-QĐ/TW (2021), 296-QĐ/TW (2025): "giữ nguyên, thay đổi hoặc xóa bỏ hình thức
  kỷ luật".
- Levels and the final authority: ``inspection.appeals.levels``.
"""

from __future__ import annotations

from inspection import regulations as reg
from inspection.appeals.outcomes import AppealOutcome
from shared.policy import Policy

APPEAL_WINDOW_MONTHS: Policy[int] = Policy.of(
    "appeals.window_months", [(reg.CHARTER.issued, 1, reg.CHARTER.cite("Điều 38 khoản 1"))]
)

APPEAL_OUTCOMES: Policy[frozenset[AppealOutcome]] = Policy.of(
    "appeals.outcomes",
    [
        (r.issued, frozenset(AppealOutcome), r.cite() + ": giữ nguyên, thay đổi hoặc xóa bỏ")
        for r in reg.INSPECTION_CHAIN
    ],
)
