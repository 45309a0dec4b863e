"""Annual classification: score bands of the rule in force, each grade's conditions, the cap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid5

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection.classification import (
    EXCELLENT_CAP,
    GRADE_CONDITIONS,
    SCORE_BANDS,
    CapBasis,
    CapRule,
    ClassificationBatch,
    ClassificationEntry,
    Grade,
    ScoreBands,
    check_excellent_cap,
    check_score,
    excellent_cap,
    validate_batch,
)
from inspection.discipline import TargetKind
from shared.errors import RuleViolation
from shared.policy import PolicyNotInForce

_NS = UUID("6f0c8c3e-1b1f-4d57-9a3e-0a4f1f6a2b10")
COMMUNE = uuid5(_NS, "commune")
BANDS_366 = SCORE_BANDS.at(date(2025, 12, 1))
CAP_OF_GOOD = CapRule(Decimal("0.20"), CapBasis.GOOD)
CAP_OF_TOTAL = CapRule(Decimal("0.20"), CapBasis.TOTAL)


def entry(
    n: int, grade: Grade, score: str | None = None, *, disciplined: bool = False, units: bool = False
) -> ClassificationEntry:
    return ClassificationEntry(
        subject_id=uuid5(_NS, f"subject-{n}"),
        grade=grade,
        score=Decimal(score) if score is not None else None,
        disciplined_in_year=disciplined,
        unit_or_leader_disciplined_in_year=units,
    )


def batch(
    *entries: ClassificationEntry,
    kind: TargetKind = TargetKind.MEMBER,
    year: int = 2025,
    assessed_on: date = date(2025, 12, 15),
    justification: str | None = None,
) -> ClassificationBatch:
    return ClassificationBatch(
        grassroots_org_id=COMMUNE,
        year=year,
        subject_kind=kind,
        assessed_on=assessed_on,
        entries=entries,
        justification=justification,
    )


def grades(excellent: int, good: int, completed: int = 0, not_completed: int = 0) -> list[Grade]:
    return (
        [Grade.EXCELLENT] * excellent
        + [Grade.GOOD] * good
        + [Grade.COMPLETED] * completed
        + [Grade.NOT_COMPLETED] * not_completed
    )


# --- score bands --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", Grade.EXCELLENT),
        ("90", Grade.EXCELLENT),
        ("89.99", Grade.GOOD),
        ("70", Grade.GOOD),
        ("69.5", Grade.COMPLETED),
        ("50", Grade.COMPLETED),
        ("49.99", Grade.NOT_COMPLETED),
        ("0", Grade.NOT_COMPLETED),
    ],
)
def test_366_bands_map_each_score_to_one_grade_at_their_edges(score: str, grade: Grade) -> None:
    assert BANDS_366 is not None
    assert BANDS_366.grade_for(Decimal(score)) is grade
    check_score(grade, Decimal(score), BANDS_366, field="grade")


def test_a_grade_that_does_not_match_the_score_is_refused_naming_the_expected_grade() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_score(Grade.EXCELLENT, Decimal("89.5"), BANDS_366, field="entries[0].grade")
    assert excinfo.value.code == "classification.grade_does_not_match_score"
    assert excinfo.value.field == "entries[0].grade"
    assert excinfo.value.params == {"grade": "excellent", "score": "89.5", "expected_grade": "good"}


@pytest.mark.parametrize("score", ["-0.01", "100.01", "250"])
def test_a_score_off_the_100_point_scale_is_refused(score: str) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_score(Grade.GOOD, Decimal(score), BANDS_366, field="grade")
    assert excinfo.value.code == "classification.score_out_of_range"


def test_no_score_means_no_band_check() -> None:
    check_score(Grade.EXCELLENT, None, BANDS_366, field="grade")


def test_under_124_qd_tw_there_are_no_central_bands_so_any_grade_goes_with_a_score() -> None:
    assert SCORE_BANDS.at(date(2024, 12, 15)) is None
    entries = (entry(1, Grade.GOOD, "95"), entry(2, Grade.GOOD, "40"))
    validate_batch(batch(*entries, year=2024, assessed_on=date(2024, 12, 15)))
    with pytest.raises(RuleViolation):
        validate_batch(batch(*entries, year=2025, assessed_on=date(2025, 12, 15)))


def test_the_bands_of_366_apply_from_30_august_2025() -> None:
    assert SCORE_BANDS.at(date(2025, 8, 29)) is None
    assert SCORE_BANDS.at(date(2025, 8, 30)) == ScoreBands(Decimal(90), Decimal(70), Decimal(50))


def test_score_bands_must_rise() -> None:
    with pytest.raises(ValueError, match="rise"):
        ScoreBands(excellent_min=Decimal(70), good_min=Decimal(90), completed_min=Decimal(50))


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_exactly_one_grade_matches_any_score(score: Decimal) -> None:
    assert BANDS_366 is not None
    matching = []
    for grade in Grade:
        try:
            check_score(grade, score, BANDS_366, field="grade")
        except RuleViolation:
            continue
        matching.append(grade)
    assert matching == [BANDS_366.grade_for(score)]


# --- conditions: a failed condition drops the grade whatever the score ------------------------------------


@pytest.mark.parametrize("grade", [Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED])
def test_a_member_disciplined_in_the_year_is_rated_not_completed(grade: Grade) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(entry(1, Grade.GOOD), entry(2, grade, disciplined=True)))
    assert excinfo.value.code == "classification.condition_failed"
    assert excinfo.value.field == "entries[1].grade"
    assert excinfo.value.params == {
        "grade": str(grade),
        "max_grade": "not_completed",
        "condition": "disciplined_member",
    }


def test_a_score_of_92_with_a_failed_condition_is_not_completed_not_excellent() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(entry(1, Grade.EXCELLENT, "92", disciplined=True)))
    assert excinfo.value.code == "classification.condition_failed"
    validate_batch(batch(entry(1, Grade.NOT_COMPLETED, "92", disciplined=True)))


def test_a_score_of_92_without_a_failed_condition_must_be_excellent() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(entry(1, Grade.NOT_COMPLETED, "92")))
    assert excinfo.value.code == "classification.grade_does_not_match_score"
    assert excinfo.value.params["expected_grade"] == "excellent"


@pytest.mark.parametrize("grade", [Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED])
def test_an_organisation_disciplined_in_the_year_is_rated_not_completed(grade: Grade) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(entry(1, grade, disciplined=True), kind=TargetKind.ORGANISATION))
    assert excinfo.value.params["condition"] == "disciplined_organisation"
    validate_batch(batch(entry(1, Grade.NOT_COMPLETED, "95", disciplined=True), kind=TargetKind.ORGANISATION))


def test_an_organisation_with_a_disciplined_unit_or_leader_is_at_most_good() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(entry(1, Grade.EXCELLENT, "92", units=True), kind=TargetKind.ORGANISATION))
    assert excinfo.value.params == {
        "grade": "excellent",
        "max_grade": "good",
        "condition": "unit_or_leader_disciplined",
    }
    validate_batch(batch(entry(1, Grade.GOOD, "92", units=True), kind=TargetKind.ORGANISATION))
    validate_batch(batch(entry(1, Grade.GOOD, "80", units=True), kind=TargetKind.ORGANISATION))


def test_with_a_disciplined_unit_a_score_of_80_is_still_good_not_lower() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(entry(1, Grade.COMPLETED, "80", units=True), kind=TargetKind.ORGANISATION))
    assert excinfo.value.params["expected_grade"] == "good"


def test_the_lowest_failed_condition_wins() -> None:
    organisation = entry(1, Grade.GOOD, disciplined=True, units=True)
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(organisation, kind=TargetKind.ORGANISATION))
    assert excinfo.value.params["condition"] == "disciplined_organisation"


def test_unit_conditions_do_not_apply_to_members() -> None:
    validate_batch(batch(entry(1, Grade.EXCELLENT, "95", units=True), *[entry(n, Grade.GOOD) for n in range(2, 7)]))


def test_a_disciplined_member_without_a_score_may_be_rated_not_completed() -> None:
    validate_batch(batch(entry(1, Grade.NOT_COMPLETED, disciplined=True), year=2024, assessed_on=date(2024, 12, 1)))


@pytest.mark.parametrize(
    ("assessed_on", "number"),
    [(date(2018, 3, 8), "132-QĐ/TW"), (date(2023, 10, 4), "124-QĐ/TW"), (date(2025, 8, 30), "366-QĐ/TW")],
)
def test_the_conditions_hold_under_each_regulation(assessed_on: date, number: str) -> None:
    assert number in GRADE_CONDITIONS.version_at(assessed_on).source
    year = assessed_on.year
    with pytest.raises(RuleViolation):
        validate_batch(batch(entry(1, Grade.COMPLETED, disciplined=True), year=year, assessed_on=assessed_on))


def test_a_classification_assessed_before_132_qd_tw_has_no_rule_in_force() -> None:
    with pytest.raises(PolicyNotInForce) as excinfo:
        validate_batch(batch(entry(1, Grade.GOOD), year=2017, assessed_on=date(2018, 3, 7)))
    assert excinfo.value.name == "classification.score_bands"


# --- the excellent cap --------------------------------------------------------------------------------------


def test_exactly_20_percent_of_good_is_within_the_cap() -> None:
    result = excellent_cap(grades(6, 30), CAP_OF_GOOD)
    assert (result.flagged, result.excellent, result.basis_count, result.max_allowed) == (False, 6, 30, 6)


def test_one_more_than_20_percent_of_good_is_flagged() -> None:
    result = excellent_cap(grades(7, 30), CAP_OF_GOOD)
    assert (result.flagged, result.max_allowed, result.ratio) == (True, 6, Decimal("0.20"))


def test_the_allowance_is_rounded_down_to_whole_subjects() -> None:
    assert excellent_cap(grades(5, 29), CAP_OF_GOOD).max_allowed == 5
    assert excellent_cap(grades(1, 4), CAP_OF_GOOD).flagged
    assert excellent_cap(grades(0, 4), CAP_OF_GOOD).max_allowed == 0


def test_the_seed_district_is_within_a_total_basis_but_over_a_good_basis() -> None:
    # Sơn Dương 2023: 11 excellent of 56 organisations (19.64% of the total), 44 good
    seed = grades(11, 44, 1)
    assert not excellent_cap(seed, CAP_OF_TOTAL).flagged
    assert excellent_cap(seed, CAP_OF_GOOD).max_allowed == 8
    assert excellent_cap(seed, CAP_OF_GOOD).flagged


def test_a_breach_without_justification_is_refused_as_overridable() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        check_excellent_cap(grades(7, 30), CAP_OF_GOOD, justification="   ")
    error = excinfo.value
    assert (error.code, error.field, error.overridable) == (
        "classification.cap_exceeded",
        "justification",
        True,
    )
    assert error.params == {
        "excellent": 7,
        "basis": "good",
        "basis_count": 30,
        "max_allowed": 6,
        "ratio": "20%",
    }


def test_a_breach_with_a_justification_is_accepted_and_flagged() -> None:
    result = check_excellent_cap(grades(7, 30), CAP_OF_GOOD, justification="  Đơn vị anh hùng năm 2025 ")
    assert result.flagged
    assert result.justification == "Đơn vị anh hùng năm 2025"


def test_a_batch_within_the_cap_records_no_justification_flag() -> None:
    result = check_excellent_cap(grades(6, 30), CAP_OF_GOOD, justification=None)
    assert not result.flagged
    assert result.justification is None


def test_the_cap_basis_and_ratio_come_from_the_policy_in_force() -> None:
    assert EXCELLENT_CAP.at(date(2025, 12, 15)) == CAP_OF_GOOD
    looser = EXCELLENT_CAP.with_version(date(2025, 10, 1), CAP_OF_TOTAL, "hypothetical provincial rule")
    entries = [entry(i, g) for i, g in enumerate(grades(7, 30, 2, 1))]
    assert not validate_batch(batch(*entries), cap=looser).flagged
    with pytest.raises(RuleViolation):
        validate_batch(batch(*entries))


def test_cap_ratio_must_be_a_fraction() -> None:
    with pytest.raises(ValueError, match="fraction"):
        CapRule(Decimal(20), CapBasis.GOOD)


@given(st.integers(0, 60), st.integers(0, 300), st.integers(0, 50))
def test_the_cap_flags_exactly_when_excellent_exceeds_a_fifth_of_good(excellent: int, good: int, other: int) -> None:
    result = excellent_cap(grades(excellent, good, other), CAP_OF_GOOD)
    assert result.flagged is (5 * excellent > good)
    assert result.max_allowed == good // 5


# --- the batch ----------------------------------------------------------------------------------------------


def test_a_valid_batch_returns_its_cap_check() -> None:
    result = validate_batch(batch(entry(1, Grade.EXCELLENT, "92"), *(entry(i, Grade.GOOD) for i in range(2, 7))))
    assert not result.flagged
    assert (result.excellent, result.basis_count, result.max_allowed) == (1, 5, 1)


def test_an_empty_batch_is_refused() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch())
    assert excinfo.value.code == "classification.empty_batch"


def test_a_subject_may_appear_only_once_in_a_batch() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(entry(1, Grade.GOOD), entry(2, Grade.GOOD), entry(1, Grade.COMPLETED)))
    assert excinfo.value.code == "classification.duplicate_subject"
    assert excinfo.value.field == "entries[2].subject_id"


def test_a_year_cannot_be_classified_before_it_begins() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(entry(1, Grade.GOOD), assessed_on=date(2024, 12, 31)))
    assert excinfo.value.code == "classification.assessed_before_year"
    assert excinfo.value.params == {"assessed_on": "2024-12-31", "year": 2025}


def test_a_batch_entry_whose_grade_mismatches_its_score_is_located_by_index() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_batch(batch(entry(1, Grade.GOOD, "75"), entry(2, Grade.GOOD, "65")))
    assert excinfo.value.field == "entries[1].grade"
