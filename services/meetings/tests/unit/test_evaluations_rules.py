"""The quality evaluation rubric: configuring it per province, scoring a form, grade band boundaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.evaluations.policies import DEFAULT_RUBRIC, FULL_SCORE
from meetings.evaluations.rules import Criterion, Grade, GradeBand, Rubric, score_form, validate_rubric
from shared.errors import RuleViolation

ON = date(2026, 7, 5)
FULL = FULL_SCORE.at(ON)
RUBRIC = DEFAULT_RUBRIC.at(ON)


def form(preparation: int = 15, attendance: int = 20, conduct: int = 45, closing: int = 20) -> dict[str, int]:
    return {"preparation": preparation, "attendance": attendance, "conduct": conduct, "closing": closing}


def refusal(rubric: Rubric) -> RuleViolation:
    with pytest.raises(RuleViolation) as raised:
        validate_rubric(rubric, full_score=FULL)
    return raised.value


# --- the default rubric ---------------------------------------------------------------------------------


def test_default_rubric_is_the_documented_example() -> None:
    assert FULL == 100
    assert [(c.code, c.weight) for c in RUBRIC.criteria] == [
        ("preparation", 15),
        ("attendance", 20),
        ("conduct", 45),
        ("closing", 20),
    ]
    assert validate_rubric(RUBRIC, full_score=FULL) == RUBRIC
    assert RUBRIC.full_score == 100


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, Grade.GOOD),
        (90, Grade.GOOD),
        (89, Grade.FAIR),
        (70, Grade.FAIR),
        (69, Grade.AVERAGE),
        (50, Grade.AVERAGE),
        (49, Grade.POOR),
        (0, Grade.POOR),
    ],
)
def test_default_grade_band_boundaries(total: int, grade: Grade) -> None:
    assert RUBRIC.grade_for(total) is grade


# --- scoring a form -------------------------------------------------------------------------------------


def test_full_marks_are_good() -> None:
    evaluation = score_form(RUBRIC, form())
    assert (evaluation.total, evaluation.grade) == (100, Grade.GOOD)


def test_total_of_exactly_90_is_good_and_89_is_fair() -> None:
    assert score_form(RUBRIC, form(conduct=35)).grade is Grade.GOOD
    assert score_form(RUBRIC, form(conduct=34)).grade is Grade.FAIR


def test_scores_are_kept_in_rubric_order() -> None:
    scores = {"closing": 10, "conduct": 30, "attendance": 15, "preparation": 10}
    evaluation = score_form(RUBRIC, scores)
    assert list(evaluation.scores) == ["preparation", "attendance", "conduct", "closing"]
    assert (evaluation.total, evaluation.grade) == (65, Grade.AVERAGE)


def test_scores_of_a_result_cannot_be_changed() -> None:
    evaluation = score_form(RUBRIC, form())
    with pytest.raises(TypeError):
        evaluation.scores["conduct"] = 0  # type: ignore[index]


def test_zero_is_a_valid_score() -> None:
    assert score_form(RUBRIC, form(0, 0, 0, 0)).grade is Grade.POOR


def test_every_criterion_must_be_scored() -> None:
    scores = form()
    del scores["closing"]
    del scores["preparation"]
    with pytest.raises(RuleViolation) as raised:
        score_form(RUBRIC, scores)
    assert raised.value.code == "evaluation.criterion_missing"
    assert raised.value.params == {"criteria": ["preparation", "closing"]}


def test_unknown_criterion_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        score_form(RUBRIC, {**form(), "venue": 5})
    assert raised.value.code == "evaluation.criterion_unknown"
    assert raised.value.params == {"criteria": ["venue"]}


@pytest.mark.parametrize(("conduct", "ok"), [(45, True), (46, False), (0, True), (-1, False)])
def test_score_lies_between_zero_and_the_weight(conduct: int, ok: bool) -> None:
    if ok:
        assert score_form(RUBRIC, form(conduct=conduct)).total == 55 + conduct
        return
    with pytest.raises(RuleViolation) as raised:
        score_form(RUBRIC, form(conduct=conduct))
    assert raised.value.code == "evaluation.score_out_of_range"
    assert raised.value.field == "scores.conduct"
    assert raised.value.params == {"criterion": "conduct", "score": conduct, "weight": 45}


@given(
    st.integers(0, 15),
    st.integers(0, 20),
    st.integers(0, 45),
    st.integers(0, 20),
)
def test_any_valid_form_has_a_total_in_range_and_the_band_holding_it(p: int, a: int, c: int, k: int) -> None:
    evaluation = score_form(RUBRIC, form(p, a, c, k))
    assert evaluation.total == p + a + c + k
    band = next(b for b in RUBRIC.bands if b.grade is evaluation.grade)
    assert band.min_score <= evaluation.total <= band.max_score


# --- configuring a provincial rubric ---------------------------------------------------------------------

BANDS = RUBRIC.bands


def test_a_province_may_configure_its_own_criteria_and_bands() -> None:
    rubric = Rubric(
        (
            Criterion("venue", 10),
            Criterion("materials", 10),
            Criterion("content", 50),
            Criterion("closing", 30),
        ),
        (
            GradeBand(Grade.GOOD, 85, 100),
            GradeBand(Grade.FAIR, 65, 84),
            GradeBand(Grade.AVERAGE, 50, 64),
            GradeBand(Grade.POOR, 0, 49),
        ),
    )
    validated = validate_rubric(rubric, full_score=FULL)
    assert [b.grade for b in validated.bands] == [Grade.POOR, Grade.AVERAGE, Grade.FAIR, Grade.GOOD]
    assert score_form(validated, {"venue": 10, "materials": 5, "content": 45, "closing": 25}).grade is Grade.GOOD


def test_a_rubric_with_three_grades_is_allowed() -> None:
    bands = (GradeBand(Grade.GOOD, 80, 100), GradeBand(Grade.FAIR, 50, 79), GradeBand(Grade.POOR, 0, 49))
    assert validate_rubric(replace(RUBRIC, bands=bands), full_score=FULL).grade_for(79) is Grade.FAIR


@pytest.mark.parametrize("conduct", [44, 46])
def test_weights_must_sum_to_the_full_score(conduct: int) -> None:
    criteria = (*RUBRIC.criteria[:2], Criterion("conduct", conduct), RUBRIC.criteria[3])
    error = refusal(replace(RUBRIC, criteria=criteria))
    assert error.code == "evaluation.weights_sum"
    assert error.params == {"total": 55 + conduct, "expected": 100}


def test_weight_must_be_positive() -> None:
    criteria = (*RUBRIC.criteria, Criterion("extra", 0))
    error = refusal(replace(RUBRIC, criteria=criteria))
    assert error.code == "evaluation.weight_not_positive"
    assert error.field == "criteria[4].weight"


def test_criterion_declared_twice_is_refused() -> None:
    criteria = (Criterion("conduct", 50), Criterion("conduct", 50))
    assert refusal(replace(RUBRIC, criteria=criteria)).code == "evaluation.criterion_duplicate"


def test_criterion_code_is_required() -> None:
    criteria = (Criterion(" ", 50), Criterion("conduct", 50))
    error = refusal(replace(RUBRIC, criteria=criteria))
    assert (error.code, error.field) == ("evaluation.criterion_code_blank", "criteria[0].code")


def test_gap_between_bands_is_refused() -> None:
    bands = (BANDS[0], BANDS[1], GradeBand(Grade.FAIR, 71, 89), BANDS[3])
    error = refusal(replace(RUBRIC, bands=bands))
    assert error.code == "evaluation.bands_not_contiguous"
    assert error.params == {"grade": "fair", "expected_min": 70, "actual_min": 71}


def test_overlapping_bands_are_refused() -> None:
    bands = (BANDS[0], BANDS[1], GradeBand(Grade.FAIR, 69, 89), BANDS[3])
    error = refusal(replace(RUBRIC, bands=bands))
    assert error.code == "evaluation.bands_not_contiguous"
    assert error.params["actual_min"] == 69


def test_bands_must_start_at_zero() -> None:
    bands = (GradeBand(Grade.POOR, 1, 49), *BANDS[1:])
    error = refusal(replace(RUBRIC, bands=bands))
    assert error.code == "evaluation.bands_coverage"
    assert error.params == {"lowest": 1, "highest": 100, "full": 100}


def test_bands_must_reach_the_full_score() -> None:
    bands = (*BANDS[:3], GradeBand(Grade.GOOD, 90, 99))
    assert refusal(replace(RUBRIC, bands=bands)).params == {"lowest": 0, "highest": 99, "full": 100}


def test_band_upside_down_is_refused() -> None:
    bands = (BANDS[0], GradeBand(Grade.AVERAGE, 69, 50), BANDS[2], BANDS[3])
    assert refusal(replace(RUBRIC, bands=bands)).code == "evaluation.band_inverted"


def test_grade_used_twice_is_refused() -> None:
    bands = (BANDS[0], GradeBand(Grade.POOR, 50, 69), BANDS[2], BANDS[3])
    error = refusal(replace(RUBRIC, bands=bands))
    assert (error.code, error.params) == ("evaluation.grade_duplicate", {"grade": "poor"})


def test_rubric_without_bands_is_refused() -> None:
    assert refusal(replace(RUBRIC, bands=())).code == "evaluation.bands_empty"


@given(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True))
def test_any_contiguous_cover_of_0_to_100_is_accepted_and_grades_every_total(cuts: list[int]) -> None:
    edges = [0, *sorted(cuts), 101]
    grades = list(Grade)[: len(edges) - 1]
    bands = tuple(GradeBand(g, lo, hi - 1) for g, lo, hi in zip(grades, edges, edges[1:], strict=False))
    rubric = validate_rubric(replace(RUBRIC, bands=bands), full_score=FULL)
    assert all(rubric.grade_for(total) in grades for total in range(101))
