"""What one meeting, evaluation, discipline or grade contributes (pure functions of the event views)."""

from __future__ import annotations

from datetime import date
from typing import Any

from reporting.facts.store import Batch, EntityState, replace_entity
from reporting.ingest.inspection import discipline_contribution, target
from reporting.ingest.meetings import evaluation_contribution, held_contribution
from reporting.ingest.views import MeetingEvaluatedView, MeetingHeldView


def held(**kw: Any) -> MeetingHeldView:
    values = {
        "org_id": "b",
        "meeting_id": "m",
        "kind": "regular",
        "effective_date": "2026-03-10",
        "expected": 20,
        "present": 18,
        "excused": 2,
        **kw,
    }
    return MeetingHeldView.model_validate(values)


def test_a_held_meeting_contributes_counts_never_rates() -> None:
    assert held_contribution(held()) == {
        "meetings.held": 1,
        "meetings.held.regular": 1,
        "meetings.regular_held": 1,
        "attendance.expected": 20,
        "attendance.present": 18,
        "attendance.excused": 2,
        "meetings.attendance_90": 1,
    }


def test_ninety_percent_attendance_is_counted_exactly_at_the_edge() -> None:
    assert "meetings.attendance_90" in held_contribution(held(expected=10, present=9, excused=1))
    assert "meetings.attendance_90" not in held_contribution(held(expected=11, present=9, excused=2))
    assert "meetings.attendance_90" not in held_contribution(held(expected=0, present=0, excused=0))


def test_a_combined_meeting_is_both_regular_and_thematic() -> None:
    contribution = held_contribution(held(kind="combined", superior_present=True, good_meeting=True))
    assert contribution["meetings.regular_held"] == contribution["meetings.thematic_held"] == 1
    assert contribution["meetings.superior_attended"] == contribution["meetings.good"] == 1


def test_an_evaluation_is_scored_on_a_hundred_in_hundredths() -> None:
    event = MeetingEvaluatedView.model_validate(
        {
            "org_id": "b",
            "meeting_id": "m",
            "kind": "regular",
            "effective_date": "2026-03-10",
            "score": 45,
            "max_score": 50,
            "grade": "good",
        }
    )
    assert evaluation_contribution(event) == {
        "meetings.evaluated": 1,
        "meetings.grade.good": 1,
        "meetings.score_x100": 9000,
    }


def test_a_discipline_counts_by_target_and_measure_and_an_annulled_one_counts_nothing() -> None:
    assert target("organisation") == "org"
    assert discipline_contribution("member", "warning") == {"discipline.total": 1, "discipline.member.warning": 1}
    assert discipline_contribution("organisation", "dissolution") == {
        "discipline.total": 1,
        "discipline.org.dissolution": 1,
    }
    assert discipline_contribution("member", None) == {}


def test_replacing_a_contribution_withdraws_the_old_one_where_it_was_counted() -> None:
    batch = Batch(entities={"k": EntityState("b1", date(2026, 1, 5), {"x": 1})})
    out = replace_entity(batch, "k", EntityState("b2", date(2026, 2, 5), {"x": 1, "y": 2}))
    assert [(a.org_id, a.sign, dict(a.contribution)) for a in out] == [
        ("b1", -1, {"x": 1}),
        ("b2", 1, {"x": 1, "y": 2}),
    ]
    assert replace_entity(batch, "k", None)[0].sign == -1
    assert batch.entities["k"] is None


def test_rebuild_is_a_coroutine_as_the_cli_awaits_it() -> None:
    import inspect

    from reporting.rebuild import rebuild

    assert inspect.iscoroutinefunction(rebuild)
