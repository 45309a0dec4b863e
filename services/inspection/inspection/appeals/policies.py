"""Appeal rule values with their effective dates.

Điều lệ Đảng (2011), Điều 38(1): an organisation or member who disagrees with a discipline decision may appeal
*within one month of receiving the decision*. The window is a policy value in calendar months so that an
amendment becomes a new version, not an edit.
"""

from __future__ import annotations

from datetime import date

from shared.policy import Policy

APPEAL_WINDOW_MONTHS: Policy[int] = Policy.of(
    "appeals.window_months",
    [(date(2011, 1, 19), 1, "Điều lệ Đảng (Đại hội XI, 19/01/2011), Điều 38 khoản 1")],
)
