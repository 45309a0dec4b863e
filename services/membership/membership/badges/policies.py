"""Party badge rule values, effective-dated, each citing the text it comes from.

Sources (checked with the public texts quoted by thuvienphapluat.vn, luatminhkhue.vn and xaydungdang.org.vn):
- milestones 30, 40, 45, 50, …, 90 years and the award days 3/2, 19/5, 2/9, 7/11: Hướng dẫn 01-HD/TW 2021
  §18 (implementing 24-QĐ/TW 2021); the 45-year badge was introduced by 29-QĐ/TW of 25 Jul 2016 (point 27.3a);
- early awards: 29-QĐ/TW 2016 allowed a seriously ill member a badge up to one year early; 24-QĐ/TW 2021 kept
  that for 30–65 years, allowed two years for 70–90 years, and one year for a posthumous award;
- discipline: 24-QĐ/TW 2021 defers the badge of a disciplined member until 6 months (reprimand), 9 months
  (warning) or 12 months (removal from post) after the decision, if the branch recognises the correction.
Not verified (kept, and said so in ``source``): that 294-QĐ/TW 2025 and its guidance 06-HD/TW of 9 Jun 2025
changed none of these values; the discipline deferral before 2021. Badge rules start with 29-QĐ/TW 2016: an
award dated earlier is a 422 ``policy.not_in_force``.
"""

from __future__ import annotations

from datetime import date

from membership.badges.rules import BadgeRules
from membership.regulations import QD_24_2021, QD_29_2016, QD_294_2025
from shared.policy import Policy

MILESTONES_YEARS: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
UNVERIFIED_2025 = "values of 24-QĐ/TW kept (06-HD/TW 09/6/2025 not verified)"

MILESTONES = Policy.of(
    "badge.milestones",
    [
        (QD_29_2016.in_force, MILESTONES_YEARS, QD_29_2016.cite("điểm 27.3a: thêm Huy hiệu 45 năm")),
        (QD_24_2021.in_force, MILESTONES_YEARS, "Hướng dẫn 01-HD/TW 2021 mục 18"),
        (QD_294_2025.in_force, MILESTONES_YEARS, QD_294_2025.cite(UNVERIFIED_2025)),
    ],
)

AWARD_DAYS = Policy.of(
    "badge.award_days",
    [
        (QD_29_2016.in_force, ((2, 3), (5, 19), (9, 2), (11, 7)), "Hướng dẫn 01-HD/TW 20/9/2016"),
        (
            QD_24_2021.in_force,
            ((2, 3), (5, 19), (9, 2), (11, 7)),
            "Hướng dẫn 01-HD/TW 2021 mục 18: 3/2, 19/5, 2/9, 7/11",
        ),
        (QD_294_2025.in_force, ((2, 3), (5, 19), (9, 2), (11, 7)), QD_294_2025.cite(UNVERIFIED_2025)),
    ],
)
"""(month, day) of the anniversaries on which badges are awarded."""

EarlyMonths = tuple[tuple[int, int], ...]
"""(from milestone years, months early allowed): the last row whose milestone is reached applies."""

ILLNESS_EARLY_MONTHS: Policy[EarlyMonths] = Policy.of(
    "badge.illness_early_months",
    [
        (QD_29_2016.in_force, ((30, 12),), QD_29_2016.cite("bệnh nặng: sớm không quá một năm")),
        (QD_24_2021.in_force, ((30, 12), (70, 24)), QD_24_2021.cite("bệnh nặng: 1 năm; 70–90 năm: 2 năm")),
        (QD_294_2025.in_force, ((30, 12), (70, 24)), QD_294_2025.cite(UNVERIFIED_2025)),
    ],
)

POSTHUMOUS_EARLY_MONTHS: Policy[EarlyMonths] = Policy.of(
    "badge.posthumous_early_months",
    [
        (QD_29_2016.in_force, ((30, 0),), QD_29_2016.cite("truy tặng sớm chưa được quy định")),
        (QD_24_2021.in_force, ((30, 12),), QD_24_2021.cite("từ trần: truy tặng sớm không quá một năm")),
        (QD_294_2025.in_force, ((30, 12),), QD_294_2025.cite(UNVERIFIED_2025)),
    ],
)

DISCIPLINE_WAIT_MONTHS: Policy[dict[str, int]] = Policy.of(
    "badge.discipline_wait_months",
    [
        (
            QD_29_2016.in_force,
            {"reprimand": 6, "warning": 9, "removal_from_post": 12},
            QD_29_2016.cite("not verified: the values of 24-QĐ/TW 2021 are applied"),
        ),
        (
            QD_24_2021.in_force,
            {"reprimand": 6, "warning": 9, "removal_from_post": 12},
            QD_24_2021.cite("sau 6 tháng (khiển trách), 9 tháng (cảnh cáo), 1 năm (cách chức)"),
        ),
        (
            QD_294_2025.in_force,
            {"reprimand": 6, "warning": 9, "removal_from_post": 12},
            QD_294_2025.cite(UNVERIFIED_2025),
        ),
    ],
)


def rules_at(day: date) -> BadgeRules:
    """Every badge value in force on ``day`` (``PolicyNotInForce`` before 29-QĐ/TW 2016: a 422)."""
    return BadgeRules(
        milestones=MILESTONES.at(day),
        illness_early=ILLNESS_EARLY_MONTHS.at(day),
        posthumous_early=POSTHUMOUS_EARLY_MONTHS.at(day),
        discipline_wait=DISCIPLINE_WAIT_MONTHS.at(day),
    )
