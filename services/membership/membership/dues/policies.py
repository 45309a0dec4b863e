"""Party dues values with their regulations: Quyết định 342-QĐ/TW (28 Dec 2010), then Quy định 01-QĐ/TW of the
Politburo (3 Feb 2026).

Verified (press reports of 6–8 Feb 2026 quoting 01-QĐ/TW: vietnamnet.vn, dantri.com.vn, thanhnien.vn,
baophutho.vn; thuvienphapluat.vn): 1 % of the previous month's salary on which compulsory social insurance is
paid (1 % of the sickness or maternity benefit while on it); 0.5 % of the pension; 5,000 VND a month for
students; the branch proposes removal of a member who does not pay three months in a year without valid reason
(342-QĐ/TW had no such count). 342-QĐ/TW (secondary sources): 1 % of salary, 0.5 % of pension, other members in
the country 2,000–30,000 VND a month.
Not verified, taken from domain.md or chosen and said so in each ``source``: 342-QĐ/TW's date of application
(1 Jan 2011 here), the exemption after 50 years of party age and the 30/50/70 % reductions for up to 12 months
(domain.md for 01-QĐ/TW; none under 342-QĐ/TW here), the student amount under 342-QĐ/TW (its minimum,
2,000), and every retained share (configurable policy values; the figures below are placeholders to be
confirmed against the regulation's distribution table).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from membership.dues.rules import DuesRates
from membership.regulations import Regulation
from shared.policy import Policy

QD_342_2010 = Regulation("Quyết định 342-QĐ/TW, 28/12/2010 (Bộ Chính trị, chế độ đảng phí)", date(2011, 1, 1))
QD_01_2026 = Regulation("Quy định 01-QĐ/TW, 03/02/2026 (Bộ Chính trị, chế độ đảng phí)", date(2026, 2, 3))

RATES = Policy.of(
    "dues.rates",
    [
        (
            QD_342_2010.in_force,
            DuesRates(Decimal("0.01"), Decimal("0.005"), 2_000, 2_000, None, frozenset(), 0),
            QD_342_2010.cite("1% lương, 0,5% lương hưu, 2.000–30.000 đ; applied from 01/01/2011 (not verified)"),
        ),
        (
            QD_01_2026.in_force,
            DuesRates(Decimal("0.01"), Decimal("0.005"), 5_000, 5_000, 50, frozenset({30, 50, 70}), 12),
            QD_01_2026.cite(
                "1% tiền lương đóng BHXH tháng trước, 0,5% lương hưu, HSSV 5.000 đ/tháng; "
                "miễn sau 50 năm tuổi đảng, giảm 30/50/70% tối đa 12 tháng (domain.md, not verified)"
            ),
        ),
    ],
)

# The share each level keeps of what it receives (percent); the rest goes to the level above.
_SHARES = {
    "branch": 30,
    "partial_committee": 0,
    "grassroots_committee": 70,
    "grassroots_branch": 70,
    "district": 50,
    "province": 50,
}
RETAINED_SHARES = Policy.of(
    "dues.retained_shares",
    [
        (QD_342_2010.in_force, _SHARES, QD_342_2010.cite("placeholder shares, not verified")),
        (QD_01_2026.in_force, _SHARES, QD_01_2026.cite("placeholder shares, not verified")),
    ],
)
