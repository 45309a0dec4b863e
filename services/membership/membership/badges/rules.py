"""Who may receive which party badge on a date: pure rules over the member's periods of membership.

Party age counts from the admission decision, less the time out of the party (Charter Điều 5.4): a readmitted
member's age is the sum of their periods of membership, read from the member's history. A badge is awarded on
the anniversaries (3/2, 19/5, 2/9, 7/11) to a member whose party age has reached a milestone not yet awarded;
a seriously ill member may receive it early, a deceased one posthumously (early within the guidance's limit);
a disciplined member waits the months the regulation sets after the decision; a member who left the party
(removed, resigned, expelled) receives none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from membership.members.rules import LEFT, MemberStatus
from shared.calendar import add_months, full_months_between
from shared.errors import RuleViolation


class AwardKind(StrEnum):
    REGULAR = "regular"
    ILLNESS = "illness"  # seriously ill: early award
    POSTHUMOUS = "posthumous"  # truy tặng


@dataclass(frozen=True)
class HistoryPoint:
    """One row of the member's history: the status and admission decision date after the change."""

    effective_date: date
    status: str
    admission_date: date | None


@dataclass(frozen=True)
class Span:
    """One period of membership: from an admission decision until leaving (open while still a member)."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class Discipline:
    measure: str
    effective_date: date


@dataclass(frozen=True)
class BadgeFacts:
    """What the rules need to know about a member, loaded by the caller."""

    status: str
    spans: tuple[Span, ...]
    awarded: frozenset[int] = frozenset()
    disciplines: tuple[Discipline, ...] = ()
    died_on: date | None = None


@dataclass(frozen=True)
class BadgeRules:
    """The policy values in force on the award date."""

    milestones: Sequence[int]
    illness_early: Sequence[tuple[int, int]]
    posthumous_early: Sequence[tuple[int, int]]
    discipline_wait: Mapping[str, int]


@dataclass(frozen=True)
class Verdict:
    milestone: int | None
    party_age_months: int
    rule: str | None = None  # None: eligible; otherwise the rule that refuses
    eligible_from: date | None = None

    @property
    def eligible(self) -> bool:
        return self.rule is None and self.milestone is not None


def membership_spans(history: Iterable[HistoryPoint]) -> tuple[Span, ...]:
    """Periods of membership from the history in order: a new admission decision date opens a period, leaving
    closes it; a restored member (an annulled expulsion) continues the period it interrupted."""
    spans: list[Span] = []
    for point in history:
        left = MemberStatus(point.status) in LEFT
        current = spans[-1] if spans else None
        if left:
            if current is not None and current.end is None:
                spans[-1] = Span(current.start, point.effective_date)
        elif point.admission_date is not None and (current is None or current.start != point.admission_date):
            if current is not None and current.end is None:
                spans[-1] = Span(current.start, point.admission_date)
            spans.append(Span(point.admission_date))
        elif current is not None and current.end is not None and current.start == point.admission_date:
            spans[-1] = Span(current.start)
    return tuple(spans)


def party_age_months(spans: Iterable[Span], on: date) -> int:
    """Full months of membership up to ``on`` (each period counted in full months, then added)."""
    total = 0
    for span in spans:
        if span.start > on:
            continue
        end = on if span.end is None or span.end > on else span.end
        total += full_months_between(span.start, end)
    return total


def is_award_day(day: date, award_days: Iterable[tuple[int, int]]) -> bool:
    return (day.month, day.day) in set(award_days)


def check_award_day(day: date, award_days: Iterable[tuple[int, int]]) -> None:
    if not is_award_day(day, award_days):
        raise RuleViolation("badge.not_an_award_day", field="award_date", day=day.isoformat())


def _early_months(table: Sequence[tuple[int, int]], milestone: int) -> int:
    months = 0
    for from_years, allowed in table:
        if milestone >= from_years:
            months = allowed
    return months


def due_milestone(
    age_months: int, milestones: Sequence[int], awarded: frozenset[int], early: Sequence[tuple[int, int]] = ()
) -> int | None:
    """The highest milestone reached (with the ``early`` months allowed for it) above every badge awarded."""
    top = max(awarded, default=0)
    reached = [m for m in milestones if m > top and age_months + _early_months(early, m) >= m * 12]
    return max(reached, default=None)


def _next_milestone(age_months: int, milestones: Sequence[int], awarded: frozenset[int]) -> int | None:
    top = max(awarded, default=0)
    return min((m for m in milestones if m > top and age_months < m * 12), default=None)


def _discipline_hold(facts: BadgeFacts, on: date, wait: Mapping[str, int]) -> date | None:
    """The day a discipline stops deferring the badge, if that day is after ``on``."""
    ends = [add_months(d.effective_date, wait[d.measure]) for d in facts.disciplines if d.measure in wait]
    return max((e for e in ends if e > on), default=None)


def assess(facts: BadgeFacts, on: date, kind: AwardKind, rules: BadgeRules, milestone: int | None = None) -> Verdict:
    """Whether a badge may be awarded on ``on`` (of ``kind``; ``milestone`` if the committee names one)."""
    counted_to = facts.died_on if facts.died_on is not None and facts.died_on < on else on
    age = party_age_months(facts.spans, counted_to)
    status = MemberStatus(facts.status)
    if status in LEFT and status is not MemberStatus.DECEASED:
        return Verdict(None, age, "badge.not_a_member")
    if (status is MemberStatus.DECEASED) != (kind is AwardKind.POSTHUMOUS):
        rule = "badge.posthumous_only" if status is MemberStatus.DECEASED else "badge.posthumous_not_deceased"
        return Verdict(None, age, rule)
    table = {AwardKind.ILLNESS: rules.illness_early, AwardKind.POSTHUMOUS: rules.posthumous_early}.get(kind, ())
    wanted = milestone or due_milestone(age, rules.milestones, facts.awarded, table)
    if wanted is None:
        return Verdict(_next_milestone(age, rules.milestones, facts.awarded), age, "badge.not_reached")
    return _judge(facts, on, age, wanted, _early_months(table, wanted), rules)


def _judge(facts: BadgeFacts, on: date, age: int, wanted: int, early: int, rules: BadgeRules) -> Verdict:
    if wanted not in rules.milestones:
        return Verdict(wanted, age, "badge.unknown_milestone")
    if wanted <= max(facts.awarded, default=0):
        return Verdict(wanted, age, "badge.already_awarded")
    if age + early < wanted * 12:
        return Verdict(wanted, age, "badge.not_reached")
    held_until = _discipline_hold(facts, on, rules.discipline_wait)
    if held_until is not None:
        return Verdict(wanted, age, "badge.disciplined", eligible_from=held_until)
    return Verdict(wanted, age)
