"""Discipline rule values with their effective dates.

Quy định 69-QĐ/TW (6 July 2022), Điều 5, on the limitation period (thời hiệu xử lý kỷ luật):
- organisations: 5 years for a violation serious enough for a reprimand, 10 years for a warning, none for
  dissolution;
- members: 5 years for a reprimand, 10 years for a warning or removal from post, none for expulsion.
Quy định 264-QĐ/TW (2025) amended 69-QĐ/TW. Whenever an amendment changes a period, add a version with
``LIMITATION_PERIODS.with_version(effective_from, LimitationPeriods(...), source)`` instead of editing the
values above, so that older decisions are still judged by the rule of their own date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from inspection.discipline.measures import Measure
from inspection.discipline.targets import TargetKind
from shared.policy import Policy


@dataclass(frozen=True, eq=False)
class LimitationPeriods:
    """Years within which a violation can be disciplined, per target kind and measure (None: no limit)."""

    members: Mapping[Measure, int | None]
    organisations: Mapping[Measure, int | None]

    def years_for(self, kind: TargetKind, measure: Measure) -> int | None:
        table = self.members if kind is TargetKind.MEMBER else self.organisations
        if measure not in table:
            raise LookupError(f"no limitation period for {measure} against a {kind}")
        return table[measure]


LIMITATION_PERIODS: Policy[LimitationPeriods] = Policy.of(
    "discipline.limitation_periods",
    [
        (
            date(2022, 7, 6),
            LimitationPeriods(
                members=MappingProxyType(
                    {
                        Measure.REPRIMAND: 5,
                        Measure.WARNING: 10,
                        Measure.REMOVAL_FROM_POST: 10,
                        Measure.EXPULSION: None,
                    }
                ),
                organisations=MappingProxyType({Measure.REPRIMAND: 5, Measure.WARNING: 10, Measure.DISSOLUTION: None}),
            ),
            "Quy định 69-QĐ/TW ngày 06/7/2022, Điều 5",
        )
    ],
)
