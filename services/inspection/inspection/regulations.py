"""The regulations inspection applies, each once: its number, date and what it replaced.

Every policy value in this service cites one of these (``cite``), so a date or a number is written in one place
and a reader finds the chain of each rule here:

- discipline of members: 102-QĐ/TW (15 Nov 2017) → 69-QĐ/TW (6 Jul 2022) → amended by 264-QĐ/TW (14 Feb 2025);
  of organisations: 07-QĐi/TW (28 Aug 2018) → 69-QĐ/TW;
- inspection, supervision, discipline procedure and appeals: 30-QĐ/TW (26 Jul 2016) → 22-QĐ/TW (28 Jul 2021)
  → 296-QĐ/TW (30 May 2025);
- quality classification: 132-QĐ/TW (8 Mar 2018) → 124-QĐ/TW (4 Oct 2023) → 366-QĐ/TW (30 Aug 2025);
- the Party Charter adopted by the XIth Congress (19 Jan 2011), chapters VII–VIII (inspection, discipline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Regulation:
    """A party document: ``number`` as printed (e.g. "69-QĐ/TW") and the date it was issued."""

    kind: str
    number: str
    issued: date
    subject: str

    def cite(self, article: str = "") -> str:
        """The citation a policy's ``source`` carries, e.g. "Quy định 69-QĐ/TW ngày 06/07/2022, Điều 6"."""
        head = f"{self.kind} {self.number} ngày {self.issued:%d/%m/%Y}"
        return f"{head}, {article}" if article else head


CHARTER = Regulation("Điều lệ Đảng", "(Đại hội XI)", date(2011, 1, 19), "Điều lệ Đảng Cộng sản Việt Nam")

INSPECTION_30 = Regulation(
    "Quy định", "30-QĐ/TW", date(2016, 7, 26), "thi hành Chương VII và Chương VIII Điều lệ Đảng về kiểm tra, kỷ luật"
)
INSPECTION_22 = Regulation("Quy định", "22-QĐ/TW", date(2021, 7, 28), "công tác kiểm tra, giám sát và kỷ luật")
INSPECTION_296 = Regulation("Quy định", "296-QĐ/TW", date(2025, 5, 30), "công tác kiểm tra, giám sát, kỷ luật")

DISCIPLINE_102 = Regulation("Quy định", "102-QĐ/TW", date(2017, 11, 15), "xử lý kỷ luật đảng viên vi phạm")
DISCIPLINE_07 = Regulation("Quy định", "07-QĐi/TW", date(2018, 8, 28), "xử lý kỷ luật tổ chức đảng vi phạm")
DISCIPLINE_69 = Regulation("Quy định", "69-QĐ/TW", date(2022, 7, 6), "kỷ luật tổ chức đảng, đảng viên vi phạm")
DISCIPLINE_264 = Regulation("Quy định", "264-QĐ/TW", date(2025, 2, 14), "sửa đổi, bổ sung Quy định 69-QĐ/TW")

CLASSIFICATION_132 = Regulation("Quy định", "132-QĐ/TW", date(2018, 3, 8), "kiểm điểm, đánh giá, xếp loại chất lượng")
CLASSIFICATION_124 = Regulation("Quy định", "124-QĐ/TW", date(2023, 10, 4), "kiểm điểm, đánh giá, xếp loại chất lượng")
CLASSIFICATION_366 = Regulation("Quy định", "366-QĐ/TW", date(2025, 8, 30), "kiểm điểm, đánh giá, xếp loại chất lượng")

DISCIPLINE_CHAIN: tuple[Regulation, ...] = (DISCIPLINE_102, DISCIPLINE_07, DISCIPLINE_69, DISCIPLINE_264)
INSPECTION_CHAIN: tuple[Regulation, ...] = (INSPECTION_30, INSPECTION_22, INSPECTION_296)
CLASSIFICATION_CHAIN: tuple[Regulation, ...] = (CLASSIFICATION_132, CLASSIFICATION_124, CLASSIFICATION_366)
