"""Party badge rules at their edges: party age over periods, award days, early awards, discipline, leaving."""

from __future__ import annotations

from datetime import date

import pytest

from membership.badges.policies import AWARD_DAYS, rules_at
from membership.badges.rules import (
    AwardKind,
    BadgeFacts,
    Discipline,
    HistoryPoint,
    Span,
    assess,
    check_award_day,
    membership_spans,
    party_age_months,
)
from shared.calendar import add_months
from shared.errors import RuleViolation
from shared.policy import PolicyNotInForce

SEP_2026 = date(2026, 9, 2)
RULES = rules_at(SEP_2026)


def official_since(admitted: date, **extra: object) -> BadgeFacts:
    return BadgeFacts(status="official", spans=(Span(admitted),), **extra)  # type: ignore[arg-type]


def test_party_age_of_a_readmitted_member_adds_the_periods_and_leaves_out_the_years_away() -> None:
    history = [
        HistoryPoint(date(1980, 1, 10), "official", date(1980, 1, 10)),
        HistoryPoint(date(1995, 1, 10), "removed", date(1980, 1, 10)),
        HistoryPoint(date(2000, 3, 1), "probationary", date(2000, 3, 1)),
        HistoryPoint(date(2001, 3, 1), "official", date(2000, 3, 1)),
    ]
    spans = membership_spans(history)
    assert spans == (Span(date(1980, 1, 10), date(1995, 1, 10)), Span(date(2000, 3, 1)))
    assert party_age_months(spans, SEP_2026) == 15 * 12 + (26 * 12 + 6)


def test_an_annulled_expulsion_continues_the_period_it_interrupted() -> None:
    history = [
        HistoryPoint(date(1990, 5, 1), "official", date(1990, 5, 1)),
        HistoryPoint(date(2020, 1, 1), "expelled", date(1990, 5, 1)),
        HistoryPoint(date(2020, 6, 1), "official", date(1990, 5, 1)),
    ]
    assert membership_spans(history) == (Span(date(1990, 5, 1)),)


def test_thirty_years_reached_on_the_award_day_is_eligible_and_a_day_short_is_not() -> None:
    exactly = assess(official_since(date(1996, 9, 2)), SEP_2026, AwardKind.REGULAR, RULES)
    assert (exactly.eligible, exactly.milestone) == (True, 30)
    short = assess(official_since(date(1996, 9, 3)), SEP_2026, AwardKind.REGULAR, RULES)
    assert (short.eligible, short.rule, short.milestone) == (False, "badge.not_reached", 30)


def test_the_highest_milestone_reached_above_the_badges_held_is_due() -> None:
    verdict = assess(official_since(date(1976, 1, 1), awarded=frozenset({30, 40})), SEP_2026, AwardKind.REGULAR, RULES)
    assert verdict.milestone == 50
    held = assess(official_since(date(1976, 1, 1), awarded=frozenset({50})), SEP_2026, AwardKind.REGULAR, RULES)
    assert held.rule == "badge.not_reached"
    assert held.milestone == 55
    again = assess(official_since(date(1976, 1, 1), awarded=frozenset({50})), SEP_2026, AwardKind.REGULAR, RULES, 45)
    assert again.rule == "badge.already_awarded"


def test_a_seriously_ill_member_may_receive_a_badge_up_to_12_months_early_up_to_65_years() -> None:
    twelve_short = official_since(date(1997, 9, 2))  # 29 years on the day
    assert assess(twelve_short, SEP_2026, AwardKind.ILLNESS, RULES).milestone == 30
    assert assess(twelve_short, SEP_2026, AwardKind.REGULAR, RULES).rule == "badge.not_reached"
    thirteen_short = official_since(date(1997, 10, 2))
    assert assess(thirteen_short, SEP_2026, AwardKind.ILLNESS, RULES).rule == "badge.not_reached"


def test_from_70_years_a_seriously_ill_member_may_receive_it_24_months_early_since_2021() -> None:
    sixty_eight = official_since(date(1958, 9, 2))
    assert assess(sixty_eight, SEP_2026, AwardKind.ILLNESS, RULES).milestone == 70
    under_2016 = assess(sixty_eight, date(2019, 9, 2), AwardKind.ILLNESS, rules_at(date(2019, 9, 2)))
    assert under_2016.milestone == 60  # 61 years then; 70 was one year away at most under 29-QĐ/TW


def test_a_posthumous_award_counts_party_age_at_death_with_12_months_early_since_2021() -> None:
    died = BadgeFacts(status="deceased", spans=(Span(date(1997, 1, 1), date(2026, 3, 1)),), died_on=date(2026, 3, 1))
    verdict = assess(died, SEP_2026, AwardKind.POSTHUMOUS, RULES)
    assert (verdict.eligible, verdict.milestone, verdict.party_age_months) == (True, 30, 29 * 12 + 2)
    assert assess(died, SEP_2026, AwardKind.REGULAR, RULES).rule == "badge.posthumous_only"
    before_2021 = rules_at(date(2019, 9, 2))
    assert assess(died, date(2019, 9, 2), AwardKind.POSTHUMOUS, before_2021).rule == "badge.not_reached"


def test_a_living_member_gets_no_posthumous_award() -> None:
    verdict = assess(official_since(date(1980, 1, 1)), SEP_2026, AwardKind.POSTHUMOUS, RULES)
    assert verdict.rule == "badge.posthumous_not_deceased"


@pytest.mark.parametrize(("measure", "months"), [("reprimand", 6), ("warning", 9), ("removal_from_post", 12)])
def test_a_disciplined_member_waits_the_months_of_the_measure_after_the_decision(measure: str, months: int) -> None:
    decided = add_months(SEP_2026, -months)
    waiting = official_since(date(1990, 1, 1), disciplines=(Discipline(measure, date(2026, 3, 3)),))
    verdict = assess(waiting, SEP_2026, AwardKind.REGULAR, RULES)
    assert verdict.rule == "badge.disciplined"
    assert verdict.eligible_from is not None
    served = official_since(date(1990, 1, 1), disciplines=(Discipline(measure, decided),))
    assert assess(served, SEP_2026, AwardKind.REGULAR, RULES).eligible


@pytest.mark.parametrize("status", ["removed", "resigned", "expelled"])
def test_a_member_who_left_the_party_receives_no_badge(status: str) -> None:
    gone = BadgeFacts(status=status, spans=(Span(date(1970, 1, 1), date(2020, 1, 1)),))
    assert assess(gone, SEP_2026, AwardKind.REGULAR, RULES).rule == "badge.not_a_member"


def test_regular_awards_fall_on_the_four_anniversaries() -> None:
    for day in (date(2026, 2, 3), date(2026, 5, 19), date(2026, 9, 2), date(2026, 11, 7)):
        check_award_day(day, AWARD_DAYS.at(day))
    with pytest.raises(RuleViolation) as refused:
        check_award_day(date(2026, 9, 3), AWARD_DAYS.at(SEP_2026))
    assert refused.value.code == "badge.not_an_award_day"


def test_the_45_year_badge_exists_from_29_qd_2016_and_nothing_is_judged_before_it() -> None:
    assert 45 in rules_at(date(2016, 7, 25)).milestones
    with pytest.raises(PolicyNotInForce):
        rules_at(date(2016, 7, 24))
