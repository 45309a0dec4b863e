"""Recording a badge award: checked by the rules in force on the award date, written through the member's one
write path (history row, audit row and ``member.badge_awarded`` in one unit of work)."""

from __future__ import annotations

from sqlalchemy import func

from membership.badges.models import AwardIn, MemberBadge
from membership.badges.policies import AWARD_DAYS, rules_at
from membership.badges.queries import badge_facts
from membership.badges.rules import AwardKind, assess, check_award_day
from membership.events import MemberBadgeAwarded
from membership.members.history import changed_in_place, changing_member, commit_change, snapshot
from shared.auth import Principal
from shared.db import Context, Database
from shared.errors import RuleViolation
from shared.faults import register_unique_rule

register_unique_rule("uq_member_badges_milestone", "badge.already_awarded", field="milestone")


async def award_badge(db: Database, ctx: Context, principal: Principal, member_id: str, body: AwardIn) -> MemberBadge:
    """A regular award falls on an anniversary (another occasion needs the recorded reason); early and
    posthumous awards may be on any day. A refused award names the rule and changes nothing."""
    rules = rules_at(body.award_date)
    if body.kind is AwardKind.REGULAR and not body.override_reason:
        check_award_day(body.award_date, AWARD_DAYS.at(body.award_date))
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        known = (await badge_facts(uow.session, [member]))[member.id]
        verdict = assess(known, body.award_date, body.kind, rules, body.milestone)
        if not verdict.eligible or verdict.milestone is None:
            raise RuleViolation(
                verdict.rule or "badge.not_reached",
                field="milestone",
                milestone=verdict.milestone,
                party_age_months=verdict.party_age_months,
                eligible_from=verdict.eligible_from.isoformat() if verdict.eligible_from else None,
            )
        award = {
            "milestone": verdict.milestone,
            "kind": body.kind.value,
            "party_age_months": verdict.party_age_months,
            "decision_number": body.decision_number,
        }  # what the badge row records is what the event says
        badge = MemberBadge(member_id=member.id, org_id=member.org_id, award_date=body.award_date, **award)
        uow.session.add(badge)
        member.updated_at = func.now()  # the record changed: its row (and version) moves on, as contract 2 asks
        payload = changed_in_place(member, MemberBadgeAwarded, body.award_date, **award)
        note = f"Huy hiệu {verdict.milestone} năm tuổi đảng" + (
            f"\n[override] {body.override_reason}" if body.override_reason else ""
        )
        await commit_change(uow, member, payload, change="badge_awarded", before=snapshot(member), note=note)
    return badge
