"""Eligibility rules of admission: age, certificate, introducers, branch vote, readmission."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from membership.admission.policies import DEFAULT_POLICIES, AdmissionValues
from membership.admission.readmission import (
    Consent,
    ExitReason,
    check_consent,
    check_readmissible,
    check_readmission,
    check_record_cleared,
    exit_reason_of,
)
from membership.admission.rules import (
    AgeException,
    Introducer,
    IntroducingOrganisation,
    age_in_months,
    check_age,
    check_age_exception_issuer,
    check_certificate,
    check_introducers,
    check_introducing_organisation,
    members_introducing,
)
from membership.admission.votes import (
    BranchVote,
    CommitteeReview,
    branch_vote_passes,
    check_branch_vote,
    check_committee_review,
    votes_required,
)
from shared.errors import RuleViolation
from shared.policy import PolicyNotInForce

V: AdmissionValues = DEFAULT_POLICIES.at(date(2026, 3, 15))
TWO_THIRDS = V.branch_vote_share


def _age(birth: date, vote: date) -> int:
    return check_age(birth, vote, min_months=V.age_min_months, max_months=V.age_max_months)


# --- age ---


def test_candidate_of_exactly_18_years_is_admissible() -> None:
    assert _age(date(2008, 3, 15), date(2026, 3, 15)) == 216


def test_candidate_one_day_short_of_18_is_refused_with_the_values() -> None:
    with pytest.raises(RuleViolation) as raised:
        _age(date(2008, 3, 15), date(2026, 3, 14))
    error = raised.value
    assert error.code == "admission.age_range"
    assert error.field == "birth_date"
    assert not error.overridable
    assert error.params == {
        "age_months": 215,
        "min_months": 216,
        "max_months": 720,
        "vote_date": "2026-03-14",
    }


def test_candidate_born_29_february_turns_18_on_28_february() -> None:
    assert _age(date(2008, 2, 29), date(2026, 2, 28)) == 216
    with pytest.raises(RuleViolation):
        _age(date(2008, 2, 29), date(2026, 2, 27))


def test_candidate_of_exactly_60_years_is_admissible() -> None:
    assert _age(date(1966, 3, 15), date(2026, 3, 15)) == 720


def test_candidate_of_60_years_and_one_month_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        _age(date(1966, 2, 14), date(2026, 3, 15))
    assert raised.value.params["age_months"] == 721


def test_candidate_of_60_years_and_some_days_is_still_admissible() -> None:
    assert _age(date(1966, 3, 1), date(2026, 3, 31)) == 720


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31)))
def test_age_in_months_grows_by_one_on_each_monthly_anniversary(birth: date) -> None:
    on = date(2026, 6, 15)
    age = age_in_months(birth, on)
    assert 0 <= age_in_months(birth, date(2026, 5, 15)) <= age <= age_in_months(birth, date(2026, 7, 15))
    assert age_in_months(birth, date(2026, 7, 15)) - age_in_months(birth, date(2026, 5, 15)) == 2


def test_admission_values_reach_back_to_45_qd_tw_of_2011_and_not_before() -> None:
    DEFAULT_POLICIES.at(date(2011, 11, 1))
    with pytest.raises(PolicyNotInForce) as raised:
        DEFAULT_POLICIES.at(date(2011, 10, 31))
    assert raised.value.name == "admission.age_min_months"
    assert raised.value.on == date(2011, 10, 31)


def test_each_implementing_regulation_is_the_source_on_its_own_days() -> None:
    age = DEFAULT_POLICIES.age_min_months
    assert age.version_at(date(2016, 7, 24)).source.startswith("Quy định 45-QĐ/TW")
    assert age.version_at(date(2016, 7, 25)).source.startswith("Quy định 29-QĐ/TW")
    assert age.version_at(date(2021, 7, 30)).source.startswith("Quy định 24-QĐ/TW")
    assert age.version_at(date(2025, 6, 30)).source.startswith("Quy định 232-QĐ/TW")
    assert age.version_at(date(2025, 7, 1)).source.startswith("Quy định 294-QĐ/TW")


def test_the_same_values_hold_from_2016_to_2026() -> None:
    assert DEFAULT_POLICIES.at(date(2016, 8, 1)) == DEFAULT_POLICIES.at(date(2026, 1, 20))


def test_the_votes_come_from_the_charter_of_2011() -> None:
    source = DEFAULT_POLICIES.branch_vote_share.version_at(date(2016, 8, 1)).source
    assert source.startswith("Điều lệ Đảng 2011")
    assert "Điều 4.3" in source


# --- certificate ---


def test_certificate_exactly_five_years_old_is_accepted() -> None:
    check_certificate(date(2021, 3, 15), date(2026, 3, 15), validity_months=V.certificate_validity_months)


def test_certificate_older_than_five_years_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_certificate(date(2021, 3, 15), date(2026, 3, 16), validity_months=60)
    assert raised.value.code == "admission.certificate_expired"
    assert raised.value.params["expired_on"] == "2026-03-15"


def test_certificate_dated_after_the_vote_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_certificate(date(2026, 3, 16), date(2026, 3, 15), validity_months=60)
    assert raised.value.code == "admission.certificate_after_vote"


# --- introducers ---

ON = date(2026, 3, 15)
GOOD_A = Introducer("a", is_official=True, worked_together_since=date(2025, 3, 15))
GOOD_B = Introducer("b", is_official=True, worked_together_since=date(2020, 1, 1))


def _introducers(*introducers: Introducer, candidate: str = "c") -> None:
    check_introducers(
        candidate,
        introducers,
        ON,
        required=V.introducers_required,
        min_months_together=V.introducer_min_months_together,
    )


def test_two_official_introducers_of_exactly_12_months_are_accepted() -> None:
    _introducers(GOOD_A, GOOD_B)


def test_introducer_of_11_months_is_refused() -> None:
    short = Introducer("a", is_official=True, worked_together_since=date(2025, 3, 16))
    with pytest.raises(RuleViolation) as raised:
        _introducers(short, GOOD_B)
    assert raised.value.code == "admission.introducer_worked_together"
    assert raised.value.params == {"person_id": "a", "months": 11, "min_months": 12}


def test_probationary_introducer_is_refused_and_not_overridable() -> None:
    with pytest.raises(RuleViolation) as raised:
        _introducers(GOOD_A, Introducer("b", is_official=False, worked_together_since=date(2020, 1, 1)))
    assert raised.value.code == "admission.introducer_not_official"
    assert not raised.value.overridable


@pytest.mark.parametrize("count", [0, 1, 3])
def test_anything_but_two_introducers_is_refused(count: int) -> None:
    people = [Introducer(str(i), True, date(2020, 1, 1)) for i in range(count)]
    with pytest.raises(RuleViolation) as raised:
        _introducers(*people)
    assert raised.value.params == {"count": count, "required": 2}


def test_the_same_introducer_twice_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        _introducers(GOOD_A, GOOD_A)
    assert raised.value.code == "admission.introducers_not_distinct"


def test_the_candidate_cannot_introduce_themselves() -> None:
    with pytest.raises(RuleViolation) as raised:
        _introducers(GOOD_A, GOOD_B, candidate="a")
    assert raised.value.code == "admission.introducer_is_candidate"


# --- branch vote ---


@pytest.mark.parametrize(("members", "required"), [(1, 1), (2, 2), (3, 2), (9, 6), (10, 7), (11, 8), (528, 352)])
def test_two_thirds_of_official_members_is_required(members: int, required: int) -> None:
    assert votes_required(members, TWO_THIRDS) == required


def test_exactly_two_thirds_of_official_members_passes() -> None:
    check_branch_vote(BranchVote(votes_for=6, votes_against=3, official_members=9), share=TWO_THIRDS)


def test_one_vote_short_of_two_thirds_does_not_pass() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_branch_vote(BranchVote(votes_for=5, votes_against=0, official_members=9), share=TWO_THIRDS)
    assert raised.value.code == "admission.branch_vote_not_passed"
    assert raised.value.params == {"votes_for": 5, "official_members": 9, "required": 6}


def test_a_majority_short_of_two_thirds_does_not_pass() -> None:
    # 6 of 10 is more than half (the old, wrong rule) but less than two thirds.
    assert not branch_vote_passes(BranchVote(6, 4, 10), share=TWO_THIRDS)


def test_absent_members_count_against_the_candidate() -> None:
    # 8 of 9 present voted for, but the branch has 13 official members: two thirds of 13 needs 9.
    assert not branch_vote_passes(BranchVote(8, 1, 13), share=TWO_THIRDS)
    check_branch_vote(BranchVote(9, 0, 13), share=TWO_THIRDS)


@pytest.mark.parametrize("vote", [BranchVote(-1, 0, 5), BranchVote(4, 2, 5), BranchVote(0, 0, 0)])
def test_impossible_vote_counts_are_refused(vote: BranchVote) -> None:
    with pytest.raises(RuleViolation) as raised:
        check_branch_vote(vote, share=TWO_THIRDS)
    assert raised.value.code == "admission.vote_counts_invalid"


@given(st.integers(min_value=1, max_value=5000), st.data())
def test_a_vote_passes_exactly_when_votes_for_reach_two_thirds(members: int, data: st.DataObject) -> None:
    votes_for = data.draw(st.integers(min_value=0, max_value=members))
    passes = branch_vote_passes(BranchVote(votes_for, 0, members), share=Fraction(2, 3))
    assert passes == (Fraction(votes_for, members) >= Fraction(2, 3))
    assert passes == (votes_for >= votes_required(members, Fraction(2, 3)))


# --- grassroots committee review ---


def test_committee_review_with_exactly_two_thirds_of_committee_members_passes() -> None:
    check_committee_review(CommitteeReview(votes_for=10, votes_against=5, committee_members=15), share=TWO_THIRDS)


def test_committee_review_one_vote_short_is_refused_with_the_votes_needed() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_committee_review(CommitteeReview(votes_for=9, votes_against=0, committee_members=15), share=TWO_THIRDS)
    assert raised.value.code == "admission.committee_review_not_passed"
    assert raised.value.params == {"votes_for": 9, "committee_members": 15, "required": 10}


def test_committee_review_with_more_votes_than_members_is_invalid() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_committee_review(CommitteeReview(votes_for=5, votes_against=2, committee_members=6), share=TWO_THIRDS)
    assert raised.value.code == "admission.review_counts_invalid"


# --- readmission ---


def test_readmission_after_exactly_36_months_is_allowed() -> None:
    check_readmission(date(2023, 3, 15), date(2026, 3, 15), min_months_out=V.readmission_min_months_out)


def test_readmission_before_36_months_is_refused_with_the_first_eligible_day() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_readmission(date(2023, 3, 15), date(2026, 3, 14), min_months_out=36)
    assert raised.value.code == "admission.readmission_too_soon"
    assert raised.value.params["months_out"] == 35
    assert raised.value.params["eligible_from"] == "2026-03-15"


# --- over 60 with the recorded decision ---

OVER_60_DECISION = AgeException("88-QĐ/TU", date(2026, 2, 1), "Ban Thường vụ Tỉnh ủy Tuyên Quang")


def test_one_month_over_60_is_refused_without_the_decision() -> None:
    with pytest.raises(RuleViolation) as raised:
        _age(date(1966, 2, 15), date(2026, 3, 15))
    assert raised.value.params["age_months"] == 721


def test_over_60_is_admissible_with_the_decision_of_a_committee_under_the_central_committee() -> None:
    age = check_age(
        date(1960, 2, 15),
        date(2026, 3, 15),
        min_months=V.age_min_months,
        max_months=V.age_max_months,
        exception=OVER_60_DECISION,
    )
    assert age == 793


def test_the_over_60_decision_never_admits_someone_under_18() -> None:
    with pytest.raises(RuleViolation):
        check_age(
            date(2008, 3, 16),
            date(2026, 3, 15),
            min_months=V.age_min_months,
            max_months=V.age_max_months,
            exception=OVER_60_DECISION,
        )


# --- introduction by the Youth Union or the trade union ---


def test_beside_an_organisation_one_official_member_introduces() -> None:
    assert members_introducing(None, required=V.introducers_required) == 2
    assert members_introducing(IntroducingOrganisation.YOUTH_UNION, required=V.introducers_required) == 1
    assert members_introducing(IntroducingOrganisation.TRADE_UNION, required=V.introducers_required) == 1


def test_the_youth_union_introduces_an_applicant_up_to_30_years_old() -> None:
    check_introducing_organisation(
        IntroducingOrganisation.YOUTH_UNION,
        date(1995, 6, 15),
        date(2026, 6, 14),
        youth_max_age_years=V.youth_union_max_age_years,
    )


def test_the_youth_union_cannot_introduce_an_applicant_of_31() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_introducing_organisation(
            IntroducingOrganisation.YOUTH_UNION,
            date(1995, 6, 15),
            date(2026, 6, 15),
            youth_max_age_years=V.youth_union_max_age_years,
        )
    assert raised.value.code == "admission.youth_union_age"
    assert raised.value.params == {"age_years": 31, "max_years": 30, "on": "2026-06-15"}


def test_the_trade_union_introduces_whatever_the_age() -> None:
    check_introducing_organisation(
        IntroducingOrganisation.TRADE_UNION,
        date(1970, 6, 15),
        date(2026, 6, 15),
        youth_max_age_years=V.youth_union_max_age_years,
    )


def test_one_member_beside_an_organisation_still_needs_12_months_together() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_introducers(
            "c",
            [Introducer("a", is_official=True, worked_together_since=date(2025, 7, 1))],
            date(2026, 6, 15),
            required=1,
            min_months_together=V.introducer_min_months_together,
        )
    assert raised.value.code == "admission.introducer_worked_together"


# --- readmission: every condition of point 3.5 ---


@pytest.mark.parametrize("reason", sorted(V.readmission_excluded))
def test_the_excluded_categories_are_never_readmitted(reason: ExitReason) -> None:
    with pytest.raises(RuleViolation) as raised:
        check_readmissible(
            reason, excluded=V.readmission_excluded, readmitted_before=False, record_cleared_on=date(2010, 1, 1)
        )
    assert raised.value.code == "admission.readmission_excluded"


def test_the_excluded_categories_are_those_of_point_3_5_2() -> None:
    assert V.readmission_excluded == {
        ExitReason.ABANDONED,
        ExitReason.RESIGNED,
        ExitReason.SERIOUS_DISUNITY,
        ExitReason.CONVICTED_CORRUPTION,
        ExitReason.CONVICTED_SERIOUS,
    }
    assert "3.5.2" in DEFAULT_POLICIES.readmission_excluded.version_at(date(2016, 8, 1)).source


def test_resigning_for_a_family_hardship_may_be_readmitted() -> None:
    check_readmissible(
        ExitReason.RESIGNED_FAMILY_HARDSHIP,
        excluded=V.readmission_excluded,
        readmitted_before=False,
        record_cleared_on=None,
    )


def test_a_member_readmitted_once_is_never_readmitted_again() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_readmissible(
            ExitReason.REMOVED, excluded=V.readmission_excluded, readmitted_before=True, record_cleared_on=None
        )
    assert raised.value.code == "admission.readmitted_before"


def test_a_less_serious_conviction_needs_the_date_the_record_was_cleared() -> None:
    with pytest.raises(RuleViolation) as raised:
        check_readmissible(
            ExitReason.CONVICTED_LESS_SERIOUS,
            excluded=V.readmission_excluded,
            readmitted_before=False,
            record_cleared_on=None,
        )
    assert raised.value.code == "admission.record_cleared_date_required"


def test_60_months_after_the_record_is_cleared_exactly_is_enough_and_a_day_less_is_not() -> None:
    check_record_cleared(date(2020, 3, 15), date(2025, 3, 15), min_months=V.readmission_min_months_after_record_cleared)
    with pytest.raises(RuleViolation) as raised:
        check_record_cleared(
            date(2020, 3, 15), date(2025, 3, 14), min_months=V.readmission_min_months_after_record_cleared
        )
    assert raised.value.code == "admission.readmission_too_soon_after_record"
    assert raised.value.params["eligible_from"] == "2025-03-15"


def test_the_exit_reason_defaults_from_the_member_record() -> None:
    assert exit_reason_of("resigned", None) is ExitReason.RESIGNED
    assert exit_reason_of("removed", None) is ExitReason.REMOVED
    assert exit_reason_of("resigned", ExitReason.RESIGNED_FAMILY_HARDSHIP) is ExitReason.RESIGNED_FAMILY_HARDSHIP
    assert exit_reason_of(None, None) is ExitReason.OTHER


def test_removal_for_missing_meetings_is_abandoning_party_life_and_unpaid_dues_is_not() -> None:
    assert exit_reason_of("removed", None, "absence_3_months") is ExitReason.ABANDONED
    assert exit_reason_of("removed", None, "dues_3_months") is ExitReason.REMOVED
    assert exit_reason_of("removed", ExitReason.OTHER, "absence_3_months") is ExitReason.OTHER  # given wins


def test_readmission_needs_the_provincial_consent_dated_no_later_than_the_decision() -> None:
    with pytest.raises(RuleViolation) as missing:
        check_consent(None, date(2025, 3, 1))
    assert missing.value.code == "admission.readmission_consent_required"
    consent = Consent("15-CV/TU", date(2025, 3, 2), "Ban Thường vụ Tỉnh ủy Tuyên Quang")
    with pytest.raises(RuleViolation) as late:
        check_consent(consent, date(2025, 3, 1))
    assert late.value.code == "admission.consent_after_decision"
    check_consent(consent, date(2025, 3, 2))


def test_the_over_60_decision_comes_from_a_province_level_committee() -> None:
    check_age_exception_issuer("province")
    for kind in ("district", "grassroots_committee", None):
        with pytest.raises(RuleViolation) as raised:
            check_age_exception_issuer(kind)
        assert raised.value.code == "admission.age_exception_issuer"
        assert raised.value.params == {"kind": kind or "unknown"}
