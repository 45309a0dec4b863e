from datetime import date, datetime

import pytest

from shared.dateorder import check_order
from shared.errors import RuleViolation


def test_dates_in_order_or_on_the_same_day_pass() -> None:
    check_order("x.order", field="lodged_on", received_on=date(2026, 3, 1), lodged_on=date(2026, 3, 2))
    check_order("x.order", field="lodged_on", received_on=date(2026, 3, 1), lodged_on=date(2026, 3, 1))


def test_the_later_date_before_the_earlier_is_refused_naming_both_in_iso_form() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_order("x.order", field="lodged_on", received_on=date(2026, 3, 2), lodged_on=date(2026, 3, 1))
    assert refused.value.code == "x.order"
    assert refused.value.params == {"received_on": "2026-03-02", "lodged_on": "2026-03-01"}
    assert refused.value.field == "lodged_on"


def test_the_same_moment_is_refused_where_the_second_must_come_strictly_after() -> None:
    start = datetime(2026, 3, 1, 8, 0)
    with pytest.raises(RuleViolation) as refused:
        check_order("x.end", field="ended_at", same_allowed=False, started_at=start, ended_at=start)
    assert refused.value.params == {"started_at": "2026-03-01T08:00:00", "ended_at": "2026-03-01T08:00:00"}
