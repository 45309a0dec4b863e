"""The pure parts of the bounded reads: which whole years a period's sums may be kept for, and the folded-name
index that picks the picker's candidates."""

from __future__ import annotations

from array import array
from datetime import date

import pytest

from reporting.reports.names import NameIndex
from reporting.reports.queries import whole_years


@pytest.mark.parametrize(
    ("first", "last", "kept"),
    [
        (date(2026, 1, 1), date(2026, 12, 1), (date(2026, 1, 1), date(2026, 1, 1))),  # the last year: its months
        (date(1966, 1, 1), date(2026, 12, 1), (date(1966, 1, 1), date(2026, 1, 1))),
        (date(2021, 6, 1), date(2024, 3, 1), (date(2022, 1, 1), date(2024, 1, 1))),
        (date(2021, 6, 1), date(2022, 3, 1), (date(2022, 1, 1), date(2022, 1, 1))),  # no whole year before the last
        (date(2025, 7, 1), date(2025, 12, 1), (date(2026, 1, 1), date(2026, 1, 1))),
    ],
)
def test_whole_years_are_those_inside_the_period_before_its_last(
    first: date, last: date, kept: tuple[date, date]
) -> None:
    assert whole_years(first, last) == kept


def test_the_name_index_finds_each_organisation_whose_folded_name_holds_the_text_once() -> None:
    names = ["dang uy xa xuan loi", "chi bo thon dong tam", "xuan loi xuan loi", "huyen son duong"]
    starts, at = array("q"), 0
    for name in names:
        starts.append(at)
        at += len(name) + 1
    index = NameIndex(1, ["a", "b", "c", "d"], starts, "\n".join(names), {"a": (0, 2), "c": (2, 4)})
    assert index.matching("xuan loi") == ["a", "c"]
    assert index.matching("on") == ["b", "d"]  # each name once, however often it holds the text
    assert index.matching("n d") == ["b", "d"]
    assert index.matching("zzz") == []
    assert index.matching("xuan loi", "a") == ["a"]  # a subtree is its stretch of the names
    assert index.matching("on", "c") == ["d"]
    assert index.matching("on", "b") == ["b", "d"]  # no stretch known (no children): everything, filtered after
