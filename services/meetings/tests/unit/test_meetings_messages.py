"""Every rule code the meetings rules raise (many through tables, out of reach of the architecture test's source
scan) has a Vietnamese and an English message whose placeholders are exactly the values raised with it, and
no message is left without a rule that raises it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from string import Formatter

import pytest

import meetings.attendance.messages as attendance_messages
import meetings.compliance.messages as compliance_messages
import meetings.evaluations.messages as evaluation_messages
import meetings.schedules.messages as schedule_messages
from meetings.attendance.rules import AttendanceMark, Mark, Roster, RosterInterval, RosterStatus, roster_at
from meetings.attendance.rules import validate_attendance as attend
from meetings.compliance.rules import compliance_period
from meetings.evaluations.policies import DEFAULT_RUBRIC
from meetings.evaluations.rules import Criterion, Grade, GradeBand, Rubric, score_form, validate_rubric
from meetings.schedules.flags import check_duration
from meetings.schedules.rules import (
    MeetingKind,
    MeetingState,
    MeetingStatus,
    NthWeekday,
    ThematicTopic,
    cancel,
    plan_regular_meetings,
    record_held,
    validate_thematic_plan,
)
from shared.errors import DomainError
from shared.i18n import SUPPORTED, has_message, register_messages, translate

CATALOGUE: dict[str, dict[str, str]] = {
    **schedule_messages.MESSAGES,
    **attendance_messages.MESSAGES,
    **evaluation_messages.MESSAGES,
    **compliance_messages.MESSAGES,
}
register_messages(CATALOGUE)  # as the service's spec does when it builds the app

ON = date(2026, 7, 5)
RUBRIC = DEFAULT_RUBRIC.at(ON)
BANDS = RUBRIC.bands
T = time(8)
START = datetime(2026, 7, 5, 8)
ROSTER = Roster(ON, frozenset({"a"}), frozenset({"x"}), frozenset({"y"}))


def _rubric(criteria: tuple[Criterion, ...] = RUBRIC.criteria, bands: tuple[GradeBand, ...] = BANDS) -> None:
    validate_rubric(Rubric(criteria, bands), full_score=100)


TRIGGERS: list[Callable[[], object]] = [
    lambda: plan_regular_meetings(2026, 32, T),
    lambda: plan_regular_meetings(2026, NthWeekday(9, 1), T),
    lambda: plan_regular_meetings(2026, NthWeekday(1, 9), T),
    lambda: validate_thematic_plan(2026, [ThematicTopic(5, "x")], min_per_quarter=1),
    lambda: validate_thematic_plan(2026, [ThematicTopic(1, " ")], min_per_quarter=1),
    lambda: validate_thematic_plan(2026, [ThematicTopic(1, "x", date(2026, 5, 1))], min_per_quarter=1),
    lambda: validate_thematic_plan(2026, [ThematicTopic(1, "x")], min_per_quarter=1),
    lambda: record_held(MeetingState(MeetingKind.REGULAR, MeetingStatus.SCHEDULED, ON, T)),
    lambda: record_held(MeetingState(MeetingKind.REGULAR, MeetingStatus.HELD, ON, T)),
    lambda: record_held(MeetingState(MeetingKind.REGULAR, MeetingStatus.CANCELLED, ON, T)),
    lambda: cancel(MeetingState(MeetingKind.REGULAR, MeetingStatus.SCHEDULED, ON, T), ""),
    lambda: check_duration(MeetingKind.REGULAR, START, START, min_minutes=90, min_combined_minutes=120),
    lambda: roster_at([RosterInterval("a", RosterStatus.ACTIVE, ON)] * 2, ON),
    lambda: attend(ROSTER, [AttendanceMark("a", Mark.PRESENT)] * 2),
    lambda: attend(ROSTER, [AttendanceMark("x", Mark.PRESENT)]),
    lambda: attend(ROSTER, [AttendanceMark("y", Mark.PRESENT)]),
    lambda: attend(ROSTER, [AttendanceMark("z", Mark.PRESENT)]),
    lambda: attend(ROSTER, [AttendanceMark("a", Mark.EXCUSED)]),
    lambda: attend(ROSTER, []),
    lambda: _rubric((Criterion("", 100),)),
    lambda: _rubric((Criterion("a", 50), Criterion("a", 50))),
    lambda: _rubric((Criterion("a", 100), Criterion("b", 0))),
    lambda: _rubric((Criterion("a", 99),)),
    lambda: _rubric(bands=()),
    lambda: _rubric(bands=(BANDS[0], BANDS[0])),
    lambda: _rubric(bands=(GradeBand(Grade.POOR, 10, 0),)),
    lambda: _rubric(bands=(BANDS[0], BANDS[2])),
    lambda: _rubric(bands=BANDS[:3]),
    lambda: score_form(RUBRIC, {"venue": 1}),
    lambda: score_form(RUBRIC, {}),
    lambda: score_form(RUBRIC, {"preparation": 16, "attendance": 0, "conduct": 0, "closing": 0}),
    lambda: compliance_period("2026-13"),
]


def raised(trigger: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as error:
        trigger()
    return error.value


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_raised_code_has_both_languages_with_placeholders_matching_its_values(
    trigger: Callable[[], object],
) -> None:
    error = raised(trigger)
    assert has_message(error.code), error.code
    for language in SUPPORTED:
        assert placeholders(CATALOGUE[error.code][language]) == set(error.params), (error.code, language)
        text = translate(error.code, language, **error.params)
        assert "{" not in text, text


def test_every_message_is_raised_by_some_rule() -> None:
    assert {raised(trigger).code for trigger in TRIGGERS} == set(CATALOGUE)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_vietnamese_and_english_use_the_same_placeholders(code: str) -> None:
    texts = CATALOGUE[code]
    assert placeholders(texts["vi"]) == placeholders(texts["en"])


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_vietnamese_text_is_written_with_diacritics(code: str) -> None:
    assert any(ord(char) > 127 for char in CATALOGUE[code]["vi"])
    assert CATALOGUE[code]["vi"] != CATALOGUE[code]["en"]


def test_list_values_render_readably() -> None:
    error = raised(lambda: validate_thematic_plan(2026, [], min_per_quarter=1))
    assert translate(error.code, "vi", **error.params) == (
        "Kế hoạch sinh hoạt chuyên đề năm 2026 phải có ít nhất 1 chuyên đề mỗi quý; còn thiếu ở quý 1, 2, 3, 4."
    )
    assert "quarter(s) 1, 2, 3, 4 are short" in translate(error.code, "en", **error.params)
