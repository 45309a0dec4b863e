"""What an imported row's own dates can prove, at each rule's edge: no database, milliseconds each."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from membership.admission.policies import AGE_MAX_MONTHS, AGE_MIN_MONTHS, PROBATION_MONTHS
from membership.imports.checks import PROBATION_GRACE_MONTHS, _in_force, check_row
from membership.imports.rows import ImportRow
from shared.policy import Policy, PolicyNotInForce

TODAY = date(2026, 6, 30)


def row(**changes: Any) -> ImportRow:
    values: dict[str, Any] = {
        "external_id": "HR-1",
        "full_name": "Nguyễn Văn An",
        "gender": "male",
        "birth_date": date(1990, 5, 15),
        "national_id": "001090000001",
        "org_code": "CB-1",
        "status": "official",
        "admission_date": date(2015, 3, 2),
        "ceremony_date": date(2015, 3, 20),
        "recognition_date": date(2016, 3, 20),
    }
    return ImportRow.model_validate({**values, **changes})


def rules(r: ImportRow, as_of: date = TODAY) -> list[tuple[str, str]]:
    return [(f.column, f.rule) for f in check_row(r, today=TODAY, as_of=as_of)]


def test_a_consistent_official_member_passes() -> None:
    assert rules(row()) == []


def test_admission_on_the_18th_birthday_is_accepted_and_the_day_before_is_not() -> None:
    assert rules(row(birth_date=date(1997, 3, 2))) == []
    assert rules(row(birth_date=date(1997, 3, 3))) == [("birth_date", "import.age_at_admission")]


def test_full_60_years_is_accepted_one_month_more_needs_the_cited_decision() -> None:
    born = date(1955, 3, 2)  # exactly 60 years 0 months on 2 Mar 2015
    assert rules(row(birth_date=born)) == []
    older = date(1955, 2, 1)  # 60 years 1 month
    assert rules(row(birth_date=older)) == [("birth_date", "import.age_at_admission")]
    assert rules(row(birth_date=older, age_exception_decision="123-QĐ/TU")) == []


def test_the_exception_decision_does_not_admit_anyone_under_18() -> None:
    assert rules(row(birth_date=date(2000, 1, 1), age_exception_decision="123-QĐ/TU")) == [
        ("birth_date", "import.age_at_admission")
    ]


def test_age_is_not_judged_before_the_earliest_regulation_the_system_knows() -> None:
    """An admission of 1975 is not judged by the 2011 rules: the row keeps what it can prove."""
    r = row(birth_date=date(1959, 1, 1), admission_date=date(1975, 9, 2), ceremony_date=None)
    assert rules(r.model_copy(update={"recognition_date": date(1976, 9, 15)})) == []


def test_a_date_after_today_is_refused_and_today_is_not() -> None:
    assert rules(row(recognition_date=TODAY)) == []
    assert ("admission_date", "import.date_in_future") in rules(
        row(admission_date=date(2026, 7, 1), ceremony_date=None, recognition_date=None)
    )
    assert rules(row(status="probationary", admission_date=TODAY, ceremony_date=None, recognition_date=None)) == []


def test_dates_out_of_order_name_the_later_column() -> None:
    assert rules(row(admission_date=date(1990, 5, 15), ceremony_date=None, recognition_date=None)) == [
        ("admission_date", "import.dates_out_of_order")
    ]
    assert rules(row(ceremony_date=date(2015, 3, 1))) == [("ceremony_date", "import.dates_out_of_order")]
    assert rules(row(recognition_date=date(2015, 3, 19))) == [("recognition_date", "import.dates_out_of_order")]


def test_recognition_on_the_12th_month_from_the_ceremony_is_accepted_a_day_earlier_is_not() -> None:
    assert rules(row(recognition_date=date(2016, 3, 20))) == []
    assert rules(row(recognition_date=date(2016, 3, 19))) == [("recognition_date", "import.probation_too_short")]


def test_official_after_100_days_of_probation_is_refused() -> None:
    r = row(ceremony_date=None, recognition_date=date(2015, 6, 10))
    assert rules(r) == [("recognition_date", "import.probation_too_short")]


def test_probation_counts_from_the_admission_decision_when_the_ceremony_is_unknown() -> None:
    assert rules(row(ceremony_date=None, recognition_date=date(2016, 3, 2))) == []
    assert rules(row(ceremony_date=None, recognition_date=date(2016, 3, 1))) == [
        ("recognition_date", "import.probation_too_short")
    ]


def test_still_probationary_after_probation_and_the_recognition_window_is_stale() -> None:
    """Probation from the ceremony on 20 Jan 2025 ends 20 Jan 2026; with 3 months' grace, 20 Apr 2026."""
    r = row(status="probationary", admission_date=date(2025, 1, 2), ceremony_date=date(2025, 1, 20))
    r = r.model_copy(update={"recognition_date": None})
    assert rules(r, as_of=date(2026, 4, 20)) == []
    assert rules(r, as_of=date(2026, 4, 21)) == [("status", "import.probation_overdue")]


def test_a_probationary_row_with_a_recognition_date_is_refused() -> None:
    assert rules(row(status="probationary")) == [("recognition_date", "import.probationary_recognised")]


def test_a_date_after_the_files_data_as_of_is_refused_and_that_day_is_not() -> None:
    as_of = date(2026, 3, 31)
    r = row(status="probationary", admission_date=date(2026, 3, 31), ceremony_date=None, recognition_date=None)
    assert rules(r, as_of=as_of) == []
    later = r.model_copy(update={"admission_date": date(2026, 4, 1)})
    assert rules(later, as_of=as_of) == [("admission_date", "import.date_after_data_as_of")]


def test_a_rows_stated_codes_replace_the_stored_ones_and_empty_cells_keep_them() -> None:
    from membership.imports.rows import ImportRow, merged_codes, stated_codes
    from membership.records.rules import categories_of, with_codes

    base = {"external_id": "X", "full_name": "Lê An", "gender": "male", "birth_date": "1990-01-01"}
    cells = {"national_id": "1", "occupation_group": "farmer", "religion_group": " "}
    row = ImportRow.model_validate({**base, **cells})
    assert stated_codes(row) == {"occupation": "farmer"}
    stored = {"occupation": "retired", "religion": "buddhism"}
    assert merged_codes(stored, row) == {"occupation": "farmer", "religion": "buddhism"}
    record = with_codes({"education": {"general": "12/12"}, "family": []}, merged_codes(stored, row))
    assert record["education"] == {"general": "12/12"}
    assert record["family"] == []
    assert categories_of(record) == {"occupation": "farmer", "religion": "buddhism"}


def test_the_value_in_force_is_the_policy_s_own_answer_on_every_day() -> None:
    """``_in_force`` keeps each policy's start dates: it answers as ``Policy.at``, None where that raises, on
    every day around each version's start, for the import's policies and one with versions in any order."""
    shuffled = Policy.of(
        "test.shuffled", [(date(2020, 1, 1), 3, ""), (date(2011, 1, 19), 1, ""), (date(2015, 6, 1), 2, "")]
    )
    for policy in (AGE_MIN_MONTHS, AGE_MAX_MONTHS, PROBATION_MONTHS, PROBATION_GRACE_MONTHS, shuffled):
        starts = [v.effective_from for v in policy.versions]
        days = [start + timedelta(days=d) for start in starts for d in range(-3, 4)] + [date(1950, 1, 1), TODAY]
        for day in days:
            try:
                expected = policy.at(day)
            except PolicyNotInForce:
                expected = None
            assert _in_force(policy, day) == expected, (policy.name, day)
    assert _in_force(shuffled, date(2016, 1, 1)) == 2
    assert _in_force(shuffled, date(2011, 1, 18)) is None
