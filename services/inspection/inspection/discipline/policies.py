"""Discipline rule values with their effective dates, from the first regulation the system knows.

Limitation periods (thời hiệu xử lý kỷ luật): 5 years for conduct that warrants a reprimand, 10 years for a
warning or a removal from post, none for conduct that warrants expulsion (or dissolution) and none for the
listed categories (``ViolationCategory``), whatever the measure. Members: 102-QĐ/TW (15 Nov 2017), Điều 3;
organisations: 07-QĐi/TW (28 Aug 2018), Điều 5; both: 69-QĐ/TW (6 Jul 2022), Điều 6, whose amendment 264-QĐ/TW
(14 Feb 2025) left these values as they were. A new violation within the period restarts it (same articles).
A decision dated before the first version is refused (``PolicyNotInForce`` → 422): the system does not guess
the rule of 2016.

Competence (who may impose what): ``inspection.discipline.competence``; the Charter's table has applied since
before the first discipline regulation the system knows, so its first version starts with 102-QĐ/TW too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from inspection import regulations as reg
from inspection.discipline.competence import CHARTER_COMPETENCE, CompetenceTable
from inspection.discipline.measures import Measure
from inspection.discipline.targets import TargetKind
from shared.policy import Policy


class ViolationCategory(StrEnum):
    """Violations never time-barred whatever the measure (102-QĐ/TW Điều 3 khoản 2; 69-QĐ/TW Điều 6)."""

    INTERNAL_POLITICAL_PROTECTION = "internal_political_protection"
    """vi phạm về chính trị nội bộ"""
    NATIONAL_INTEREST = "defence_security_foreign_affairs"
    """vi phạm về quốc phòng, an ninh, đối ngoại có xâm hại đến lợi ích quốc gia"""
    ILLEGAL_QUALIFICATIONS = "illegal_qualifications"
    """sử dụng văn bằng, chứng chỉ, chứng nhận không hợp pháp"""


@dataclass(frozen=True, eq=False)
class LimitationPeriods:
    """Years within which a violation can be disciplined, per measure (None: no limit), and the categories
    that are never time-barred."""

    years: Mapping[Measure, int | None]
    exempt_categories: frozenset[ViolationCategory] = field(default_factory=frozenset)

    def years_for(self, measure: Measure) -> int | None:
        if measure not in self.years:
            raise LookupError(f"no limitation period for {measure}")
        return self.years[measure]


_ALL_CATEGORIES = frozenset(ViolationCategory)
_MEMBER_YEARS = MappingProxyType(
    {Measure.REPRIMAND: 5, Measure.WARNING: 10, Measure.REMOVAL_FROM_POST: 10, Measure.EXPULSION: None}
)
_ORGANISATION_YEARS = MappingProxyType({Measure.REPRIMAND: 5, Measure.WARNING: 10, Measure.DISSOLUTION: None})

MEMBER_LIMITATION: Policy[LimitationPeriods] = Policy.of(
    "discipline.limitation.members",
    [
        (
            reg.DISCIPLINE_102.issued,
            LimitationPeriods(_MEMBER_YEARS, _ALL_CATEGORIES),
            reg.DISCIPLINE_102.cite("Điều 3"),
        ),
        (
            reg.DISCIPLINE_69.issued,
            LimitationPeriods(_MEMBER_YEARS, _ALL_CATEGORIES),
            reg.DISCIPLINE_69.cite("Điều 6") + "; giữ nguyên theo " + reg.DISCIPLINE_264.cite(),
        ),
    ],
)

ORGANISATION_LIMITATION: Policy[LimitationPeriods] = Policy.of(
    "discipline.limitation.organisations",
    [
        (
            reg.DISCIPLINE_07.issued,
            LimitationPeriods(
                _ORGANISATION_YEARS,
                frozenset({ViolationCategory.INTERNAL_POLITICAL_PROTECTION, ViolationCategory.NATIONAL_INTEREST}),
            ),
            reg.DISCIPLINE_07.cite("Điều 5"),
        ),
        (
            reg.DISCIPLINE_69.issued,
            LimitationPeriods(_ORGANISATION_YEARS, _ALL_CATEGORIES),
            reg.DISCIPLINE_69.cite("Điều 6") + "; giữ nguyên theo " + reg.DISCIPLINE_264.cite(),
        ),
    ],
)

LIMITATION: Mapping[TargetKind, Policy[LimitationPeriods]] = MappingProxyType(
    {TargetKind.MEMBER: MEMBER_LIMITATION, TargetKind.ORGANISATION: ORGANISATION_LIMITATION}
)
"""The limitation policy of each kind of target."""

COMPETENCE: Policy[CompetenceTable] = Policy.of(
    "discipline.competence",
    [
        (
            reg.DISCIPLINE_102.issued,
            CHARTER_COMPETENCE,
            reg.CHARTER.cite("Điều 36, 37") + "; " + reg.INSPECTION_30.cite(),
        ),
        (
            reg.INSPECTION_22.issued,
            CHARTER_COMPETENCE,
            reg.CHARTER.cite("Điều 36, 37") + "; " + reg.INSPECTION_22.cite(),
        ),
        (
            reg.INSPECTION_296.issued,
            CHARTER_COMPETENCE,
            reg.CHARTER.cite("Điều 36, 37") + "; " + reg.INSPECTION_296.cite(),
        ),
    ],
)
