"""Meeting kinds, the yearly plan of regular meetings, the thematic plan and the meeting state machine."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.schedules.policies import MIN_THEMATIC_TOPICS_PER_QUARTER
from meetings.schedules.rules import (
    MeetingKind,
    MeetingState,
    MeetingStatus,
    NthWeekday,
    ThematicTopic,
    cancel,
    meeting_day,
    notify,
    plan_regular_meetings,
    quarter_of,
    record_held,
    reschedule,
    validate_thematic_plan,
)
from shared.errors import InvalidTransition, RuleViolation

SEVEN_THIRTY = time(7, 30)
HCMC = ZoneInfo("Asia/Ho_Chi_Minh")


# --- kinds -------------------------------------------------------------------------------------------------


def test_combined_meeting_counts_as_both_regular_and_thematic() -> None:
    assert MeetingKind.COMBINED.counts_as_regular
    assert MeetingKind.COMBINED.counts_as_thematic


def test_regular_and_thematic_count_only_as_themselves() -> None:
    assert MeetingKind.REGULAR.counts_as_regular
    assert not MeetingKind.REGULAR.counts_as_thematic
    assert MeetingKind.THEMATIC.counts_as_thematic
    assert not MeetingKind.THEMATIC.counts_as_regular


def test_kinds_are_stable_strings() -> None:
    assert [k.value for k in MeetingKind] == ["regular", "thematic", "combined"]


# --- planning --------------------------------------------------------------------------------------------


def test_plan_has_one_regular_meeting_per_month_on_the_day_given() -> None:
    plan = plan_regular_meetings(2026, 5, SEVEN_THIRTY)
    assert [p.on for p in plan] == [date(2026, m, 5) for m in range(1, 13)]
    assert {p.kind for p in plan} == {MeetingKind.REGULAR}
    assert {p.at for p in plan} == {SEVEN_THIRTY}


def test_day_31_is_clamped_to_the_last_day_of_short_months() -> None:
    days = [p.on for p in plan_regular_meetings(2026, 31, SEVEN_THIRTY)]
    assert days[1] == date(2026, 2, 28)
    assert days[3] == date(2026, 4, 30)
    assert days[0] == date(2026, 1, 31)
    assert days[11] == date(2026, 12, 31)


def test_day_30_in_february_of_a_leap_year_is_the_29th() -> None:
    assert meeting_day(2028, 2, 30) == date(2028, 2, 29)
    assert meeting_day(2100, 2, 29) == date(2100, 2, 28)  # 2100 is not a leap year


@given(year=st.integers(1990, 2100), day=st.integers(1, 31))
def test_every_plan_has_twelve_meetings_each_in_its_own_month(year: int, day: int) -> None:
    plan = plan_regular_meetings(year, day, SEVEN_THIRTY)
    assert [p.on.month for p in plan] == list(range(1, 13))
    for p in plan:
        assert p.on.year == year
        assert p.on.day == min(day, calendar.monthrange(year, p.on.month)[1])


def test_first_tuesday_rule() -> None:
    plan = plan_regular_meetings(2026, NthWeekday(weekday=1, nth=1), SEVEN_THIRTY)
    assert plan[0].on == date(2026, 1, 6)
    assert all(p.on.weekday() == 1 and p.on.day <= 7 for p in plan)


def test_last_friday_rule() -> None:
    plan = plan_regular_meetings(2026, NthWeekday(weekday=4, nth=-1), SEVEN_THIRTY)
    assert plan[1].on == date(2026, 2, 27)
    assert all(p.on.weekday() == 4 and p.on.day > calendar.monthrange(2026, p.on.month)[1] - 7 for p in plan)


def test_fourth_weekday_exists_in_every_month() -> None:
    plan = plan_regular_meetings(2026, NthWeekday(weekday=6, nth=4), SEVEN_THIRTY)
    assert len(plan) == 12


def test_plan_made_mid_year_skips_months_already_past() -> None:
    plan = plan_regular_meetings(2026, 10, SEVEN_THIRTY, not_before=date(2026, 6, 11))
    assert [p.on for p in plan] == [date(2026, m, 10) for m in range(7, 13)]


def test_plan_keeps_a_meeting_falling_on_the_not_before_day() -> None:
    plan = plan_regular_meetings(2026, 10, SEVEN_THIRTY, not_before=date(2026, 6, 10))
    assert plan[0].on == date(2026, 6, 10)


def test_planned_meeting_start_in_the_branch_zone() -> None:
    planned = plan_regular_meetings(2026, 5, SEVEN_THIRTY)[0]
    assert planned.starts_at(HCMC) == datetime(2026, 1, 5, 7, 30, tzinfo=HCMC)
    assert planned.starts_at(HCMC).utcoffset() is not None


@pytest.mark.parametrize("day", [0, 32, -1])
def test_day_outside_1_to_31_is_refused(day: int) -> None:
    with pytest.raises(RuleViolation) as raised:
        plan_regular_meetings(2026, day, SEVEN_THIRTY)
    assert raised.value.code == "meeting.plan_day_invalid"
    assert raised.value.params == {"day": day}


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        (NthWeekday(weekday=7, nth=1), "meeting.plan_weekday_invalid"),
        (NthWeekday(weekday=-1, nth=1), "meeting.plan_weekday_invalid"),
        (NthWeekday(weekday=0, nth=5), "meeting.plan_nth_invalid"),
        (NthWeekday(weekday=0, nth=0), "meeting.plan_nth_invalid"),
    ],
)
def test_weekday_rule_out_of_range_is_refused(rule: NthWeekday, code: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        plan_regular_meetings(2026, rule, SEVEN_THIRTY)
    assert raised.value.code == code


# --- the thematic plan ----------------------------------------------------------------------------------

MIN_PER_QUARTER = MIN_THEMATIC_TOPICS_PER_QUARTER.at(date(2026, 1, 1))


def full_plan() -> list[ThematicTopic]:
    return [ThematicTopic(q, f"Chuyên đề quý {q}") for q in (1, 2, 3, 4)]


def test_quarter_of_boundaries() -> None:
    assert [quarter_of(date(2026, m, 1)) for m in range(1, 13)] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert quarter_of(date(2026, 3, 31)) == 1
    assert quarter_of(date(2026, 4, 1)) == 2


def test_plan_with_a_topic_in_each_quarter_is_accepted() -> None:
    assert MIN_PER_QUARTER == 1
    assert len(validate_thematic_plan(2026, full_plan(), min_per_quarter=MIN_PER_QUARTER)) == 4


def test_plan_with_several_topics_in_a_quarter_is_accepted() -> None:
    topics = [*full_plan(), ThematicTopic(2, "Học tập và làm theo tư tưởng Hồ Chí Minh")]
    assert len(validate_thematic_plan(2026, topics, min_per_quarter=1)) == 5


def test_plan_missing_quarters_names_them_all() -> None:
    topics = [ThematicTopic(1, "A"), ThematicTopic(3, "B")]
    with pytest.raises(RuleViolation) as raised:
        validate_thematic_plan(2026, topics, min_per_quarter=1)
    assert raised.value.code == "meeting.thematic_quarter_missing"
    assert raised.value.field == "topics"
    assert raised.value.params == {"quarters": [2, 4], "year": 2026, "minimum": 1}


def test_empty_plan_misses_every_quarter() -> None:
    with pytest.raises(RuleViolation) as raised:
        validate_thematic_plan(2026, [], min_per_quarter=1)
    assert raised.value.params["quarters"] == [1, 2, 3, 4]


def test_a_higher_minimum_per_quarter_is_honoured() -> None:
    with pytest.raises(RuleViolation) as raised:
        validate_thematic_plan(2026, [*full_plan(), ThematicTopic(1, "B")], min_per_quarter=2)
    assert raised.value.params["quarters"] == [2, 3, 4]


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_outside_1_to_4_is_refused_on_its_row(quarter: int) -> None:
    with pytest.raises(RuleViolation) as raised:
        validate_thematic_plan(2026, [*full_plan(), ThematicTopic(quarter, "X")], min_per_quarter=1)
    assert raised.value.code == "meeting.thematic_quarter_invalid"
    assert raised.value.field == "topics[4].quarter"


def test_blank_title_is_refused() -> None:
    topics = full_plan()
    topics[2] = ThematicTopic(3, "   ")
    with pytest.raises(RuleViolation) as raised:
        validate_thematic_plan(2026, topics, min_per_quarter=1)
    assert raised.value.code == "meeting.thematic_title_blank"
    assert raised.value.field == "topics[2].title"


def test_planned_date_on_the_last_day_of_its_quarter_is_accepted() -> None:
    topics = [ThematicTopic(q, "T", date(2026, 3 * q, 30)) for q in (1, 2, 3, 4)]
    assert validate_thematic_plan(2026, topics, min_per_quarter=1)


@pytest.mark.parametrize(
    "planned_on",
    [date(2026, 4, 1), date(2025, 3, 31), date(2027, 1, 15)],
)
def test_planned_date_outside_its_quarter_or_year_is_refused(planned_on: date) -> None:
    topics = full_plan()
    topics[0] = ThematicTopic(1, "T", planned_on)
    with pytest.raises(RuleViolation) as raised:
        validate_thematic_plan(2026, topics, min_per_quarter=1)
    assert raised.value.code == "meeting.thematic_date_outside_quarter"
    assert raised.value.field == "topics[0].planned_on"
    assert raised.value.params == {"planned_on": planned_on.isoformat(), "quarter": 1, "year": 2026}


# --- the state machine ----------------------------------------------------------------------------------


def meeting(status: MeetingStatus = MeetingStatus.SCHEDULED) -> MeetingState:
    return MeetingState(MeetingKind.REGULAR, status, date(2026, 7, 5), SEVEN_THIRTY)


def test_scheduled_meeting_is_notified_then_held() -> None:
    held = record_held(notify(meeting()))
    assert held.status is MeetingStatus.HELD


def test_notified_meeting_may_be_notified_again() -> None:
    assert notify(notify(meeting())).status is MeetingStatus.NOTIFIED


def test_rescheduling_a_scheduled_meeting_moves_it() -> None:
    moved = reschedule(meeting(), date(2026, 7, 8), time(14, 0))
    assert (moved.status, moved.on, moved.at) == (MeetingStatus.SCHEDULED, date(2026, 7, 8), time(14, 0))


def test_rescheduling_a_notified_meeting_requires_a_new_notice() -> None:
    moved = reschedule(notify(meeting()), date(2026, 7, 8), SEVEN_THIRTY)
    assert moved.status is MeetingStatus.SCHEDULED
    with pytest.raises(InvalidTransition) as raised:
        record_held(moved)
    assert raised.value.code == "meeting.not_notified"


def test_meeting_cannot_be_recorded_held_without_a_notice() -> None:
    with pytest.raises(InvalidTransition) as raised:
        record_held(meeting())
    assert raised.value.code == "meeting.not_notified"
    assert raised.value.status == 409


@pytest.mark.parametrize("status", [MeetingStatus.SCHEDULED, MeetingStatus.NOTIFIED])
def test_meeting_not_yet_held_can_be_cancelled_with_a_reason(status: MeetingStatus) -> None:
    cancelled = cancel(meeting(status), "  Bão số 3, ngập đường  ")
    assert cancelled.status is MeetingStatus.CANCELLED
    assert cancelled.cancel_reason == "Bão số 3, ngập đường"


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_cancel_needs_a_reason(reason: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        cancel(meeting(), reason)
    assert raised.value.code == "meeting.cancel_reason_required"
    assert raised.value.field == "reason"


@pytest.mark.parametrize(
    ("status", "code"),
    [(MeetingStatus.HELD, "meeting.already_held"), (MeetingStatus.CANCELLED, "meeting.already_cancelled")],
)
def test_held_or_cancelled_meeting_refuses_every_change(status: MeetingStatus, code: str) -> None:
    state = meeting(status)
    actions: list[Callable[[], MeetingState]] = [
        lambda: notify(state),
        lambda: reschedule(state, date(2026, 8, 1), SEVEN_THIRTY),
        lambda: record_held(state),
        lambda: cancel(state, "lý do"),
    ]
    for action in actions:
        with pytest.raises(InvalidTransition) as raised:
            action()
        assert raised.value.code == code


def test_state_change_does_not_alter_the_original() -> None:
    original = meeting()
    notify(original)
    assert original.status is MeetingStatus.SCHEDULED
