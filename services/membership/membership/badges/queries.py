"""What the badge rules read: a member's periods of membership, badges and disciplines; the award-date list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Date, cast, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from membership import scope
from membership.badges.models import BadgeOut, EligibilityOut, MemberBadge, MemberDiscipline
from membership.badges.policies import AWARD_DAYS, rules_at
from membership.badges.rules import (
    AwardKind,
    BadgeFacts,
    BadgeRules,
    Discipline,
    HistoryPoint,
    assess,
    check_award_day,
    membership_spans,
)
from membership.members.models import Member, MemberChange
from membership.members.rules import ACTIVE, MemberStatus
from shared import orgtree
from shared.auth import Principal
from shared.calendar import add_months
from shared.errors import NotFound
from shared.pagination import Page, PageRequest, fetch_page


async def badge_facts(session: AsyncSession, members: Sequence[Member]) -> dict[str, BadgeFacts]:
    """Each member's periods (from the history), badges and standing disciplines, three queries in all."""
    ids = [m.id for m in members]
    history: dict[str, list[HistoryPoint]] = defaultdict(list)
    rows = await session.execute(
        select(MemberChange.member_id, MemberChange.effective_date, MemberChange.snapshot["status"].astext)
        .add_columns(cast(MemberChange.snapshot["admission_date"].astext, Date))
        .where(MemberChange.member_id.in_(ids))
        .order_by(MemberChange.member_id, MemberChange.effective_date, MemberChange.id)
    )
    for member_id, on, status, admitted in rows:
        history[member_id].append(HistoryPoint(on, status, admitted))
    awarded: dict[str, set[int]] = defaultdict(set)
    for member_id, milestone in await session.execute(
        select(MemberBadge.member_id, MemberBadge.milestone).where(MemberBadge.member_id.in_(ids))
    ):
        awarded[member_id].add(milestone)
    disciplines: dict[str, list[Discipline]] = defaultdict(list)
    for member_id, measure, on in await session.execute(
        select(MemberDiscipline.member_id, MemberDiscipline.measure, MemberDiscipline.effective_date).where(
            MemberDiscipline.member_id.in_(ids), MemberDiscipline.annulled.is_(False)
        )
    ):
        disciplines[member_id].append(Discipline(measure, on))
    return {
        m.id: BadgeFacts(
            status=m.status,
            spans=membership_spans(history[m.id]),
            awarded=frozenset(awarded[m.id]),
            disciplines=tuple(disciplines[m.id]),
            died_on=m.left_on if m.status == MemberStatus.DECEASED.value else None,
        )
        for m in members
    }


async def eligible_for_award(
    session: AsyncSession, principal: Principal, under: str, award_date: date, page: PageRequest
) -> Page[EligibilityOut]:
    """Members of the subtree whose party age may reach a milestone by the award date, each with the rules'
    verdict (eligible, or the rule that defers it). Paged by name over members admitted at least 30 years
    before the date in some period (the history's admission dates); the verdict reads the periods themselves."""
    check_award_day(award_date, AWARD_DAYS.at(award_date))
    rules = rules_at(award_date)
    node = await orgtree.node_in_scope(session, principal, under)
    cutoff = add_months(award_date, -12 * min(rules.milestones)).isoformat()
    admitted_long_ago = exists().where(
        MemberChange.member_id == Member.id, MemberChange.snapshot["admission_date"].astext <= cutoff
    )
    query = select(Member).where(
        scope.within(Member.org_id, node.path),
        Member.status.in_([s.value for s in ACTIVE]),
        admitted_long_ago,
    )
    members, cursor = await fetch_page(session, query, [Member.search_name.expression, Member.id.expression], page)
    facts = await badge_facts(session, members)
    items = [_eligibility(m, facts[m.id], award_date, rules) for m in members]
    return Page[EligibilityOut](items=items, next_cursor=cursor)


def _eligibility(member: Member, facts: BadgeFacts, on: date, rules: BadgeRules) -> EligibilityOut:
    verdict = assess(facts, on, AwardKind.REGULAR, rules)
    return EligibilityOut(
        member_id=member.id,
        org_id=member.org_id,
        full_name=member.full_name,
        status=member.status,
        party_age_months=verdict.party_age_months,
        milestone=verdict.milestone,
        eligible=verdict.eligible,
        rule=verdict.rule,
        eligible_from=verdict.eligible_from,
        readmitted=len(facts.spans) > 1,
    )


async def member_badges(session: AsyncSession, principal: Principal, member_id: str) -> list[BadgeOut]:
    visible = await session.scalar(
        select(Member.id).where(Member.id == member_id, scope.in_scope(Member.org_id, principal))
    )
    if visible is None:
        raise NotFound("resource.not_found", resource="member", id=member_id)
    rows = await session.scalars(
        select(MemberBadge).where(MemberBadge.member_id == member_id).order_by(MemberBadge.milestone)
    )
    return [BadgeOut.model_validate(b) for b in rows]
