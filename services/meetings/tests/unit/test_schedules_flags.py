"""Notice lateness and meeting duration: flagged, never refused; exact boundaries."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.schedules.flags import MeetingFlag, check_duration, notice_flags, required_minutes
from meetings.schedules.policies import (
    MIN_DURATION_COMBINED_MINUTES,
    MIN_DURATION_MINUTES,
    NOTICE_MIN_LEAD_DAYS,
)
from meetings.schedules.rules import MeetingKind
from shared.errors import RuleViolation
from shared.policy import PolicyNotInForce

HCMC = ZoneInfo("Asia/Ho_Chi_Minh")
MEETING_DAY = date(2026, 7, 5)
LEAD = NOTICE_MIN_LEAD_DAYS.at(MEETING_DAY)
MIN = MIN_DURATION_MINUTES.at(MEETING_DAY)
MIN_COMBINED = MIN_DURATION_COMBINED_MINUTES.at(MEETING_DAY)
START = datetime(2026, 7, 5, 7, 30, tzinfo=HCMC)


def test_policy_values_in_force() -> None:
    assert (LEAD, MIN, MIN_COMBINED) == (1, 90, 120)
    assert "42-HD/BTCTW" in MIN_DURATION_MINUTES.version_at(date(2026, 1, 1)).source
    assert "12-HD/BTCTW" in MIN_DURATION_MINUTES.version_at(date(2024, 1, 1)).source


def test_meetings_of_2012_to_2017_are_judged_under_the_2012_guidance_and_none_before_it() -> None:
    assert MIN_DURATION_MINUTES.at(date(2017, 12, 31)) == 90
    assert "09-HD/BTCTW" in MIN_DURATION_MINUTES.version_at(date(2012, 3, 2)).source
    assert "chưa đối chiếu" in MIN_DURATION_MINUTES.version_at(date(2016, 6, 1)).source  # says it is not verified
    with pytest.raises(PolicyNotInForce):
        MIN_DURATION_MINUTES.at(date(2012, 3, 1))


# --- notice ---------------------------------------------------------------------------------------------


def test_notice_and_materials_a_day_ahead_are_on_time() -> None:
    eve = MEETING_DAY - timedelta(days=1)
    assert notice_flags(MEETING_DAY, eve, eve, min_lead_days=LEAD) == frozenset()


def test_notice_on_the_meeting_day_is_late() -> None:
    week_before = MEETING_DAY - timedelta(days=7)
    assert notice_flags(MEETING_DAY, MEETING_DAY, week_before, min_lead_days=LEAD) == {MeetingFlag.NOTICE_LATE}


def test_materials_on_the_meeting_day_are_late() -> None:
    week_before = MEETING_DAY - timedelta(days=7)
    assert notice_flags(MEETING_DAY, week_before, MEETING_DAY, min_lead_days=LEAD) == {MeetingFlag.MATERIALS_LATE}


def test_notice_sent_after_the_meeting_is_late() -> None:
    after = MEETING_DAY + timedelta(days=2)
    assert notice_flags(MEETING_DAY, after, after, min_lead_days=LEAD) == {
        MeetingFlag.NOTICE_LATE,
        MeetingFlag.MATERIALS_LATE,
    }


def test_no_materials_is_flagged_missing_not_late() -> None:
    assert notice_flags(MEETING_DAY, date(2026, 7, 1), None, min_lead_days=LEAD) == {MeetingFlag.MATERIALS_MISSING}


def test_notice_across_a_month_boundary() -> None:
    assert notice_flags(date(2026, 8, 1), date(2026, 7, 31), date(2026, 7, 31), min_lead_days=1) == frozenset()


def test_a_longer_lead_set_by_policy_is_honoured() -> None:
    flags = notice_flags(MEETING_DAY, date(2026, 7, 3), date(2026, 7, 2), min_lead_days=3)
    assert flags == {MeetingFlag.NOTICE_LATE}


@given(lead=st.integers(0, 10), days_before=st.integers(-5, 20))
def test_late_exactly_when_fewer_days_than_the_lead(lead: int, days_before: int) -> None:
    sent = MEETING_DAY - timedelta(days=days_before)
    late = MeetingFlag.NOTICE_LATE in notice_flags(MEETING_DAY, sent, sent, min_lead_days=lead)
    assert late == (days_before < lead)


# --- duration -------------------------------------------------------------------------------------------


def duration(kind: MeetingKind, minutes: float) -> bool:
    check = check_duration(
        kind, START, START + timedelta(minutes=minutes), min_minutes=MIN, min_combined_minutes=MIN_COMBINED
    )
    return check.too_short


def test_exactly_90_minutes_is_not_flagged() -> None:
    assert duration(MeetingKind.REGULAR, 90) is False


def test_89_minutes_59_seconds_is_flagged() -> None:
    assert duration(MeetingKind.REGULAR, 90 - 1 / 60) is True


def test_thematic_meeting_needs_90_minutes() -> None:
    assert duration(MeetingKind.THEMATIC, 90) is False
    assert duration(MeetingKind.THEMATIC, 89) is True


def test_combined_meeting_needs_120_minutes() -> None:
    assert duration(MeetingKind.COMBINED, 119) is True
    assert duration(MeetingKind.COMBINED, 120) is False


def test_duration_check_reports_whole_minutes_and_requirement() -> None:
    check = check_duration(
        MeetingKind.COMBINED,
        START,
        START + timedelta(minutes=100, seconds=59),
        min_minutes=MIN,
        min_combined_minutes=MIN_COMBINED,
    )
    assert (check.minutes, check.required_minutes, check.too_short) == (100, 120, True)
    assert check.flags == {MeetingFlag.TOO_SHORT}


def test_long_enough_meeting_has_no_flag() -> None:
    check = check_duration(
        MeetingKind.REGULAR,
        START,
        START + timedelta(hours=2),
        min_minutes=MIN,
        min_combined_minutes=MIN_COMBINED,
    )
    assert check.flags == frozenset()


def test_meeting_across_midnight_counts_its_full_length() -> None:
    start = datetime(2026, 7, 5, 23, 0, tzinfo=HCMC)
    check = check_duration(
        MeetingKind.REGULAR,
        start,
        start + timedelta(minutes=95),
        min_minutes=MIN,
        min_combined_minutes=MIN_COMBINED,
    )
    assert (check.minutes, check.too_short) == (95, False)


def test_required_minutes_by_kind() -> None:
    assert [required_minutes(k, min_minutes=90, min_combined_minutes=120) for k in MeetingKind] == [
        90,
        90,
        120,
    ]


@pytest.mark.parametrize("minutes", [0, -30])
def test_end_not_after_start_is_refused(minutes: int) -> None:
    with pytest.raises(RuleViolation) as raised:
        check_duration(
            MeetingKind.REGULAR,
            START,
            START + timedelta(minutes=minutes),
            min_minutes=MIN,
            min_combined_minutes=MIN_COMBINED,
        )
    assert raised.value.code == "meeting.end_not_after_start"
    assert raised.value.field == "ended_at"
