"""Routes of party badges: a district's list per award date, recording an award, a member's badges."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from membership.badges import commands, queries
from membership.badges.models import AwardIn, BadgeOut, EligibilityOut
from membership.common import Organiser, Reader
from shared.deps import DB, Ctx
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1", tags=["badges"])


@router.get("/badges/eligible", operation_id="listBadgeEligible", response_model=Page[EligibilityOut])
async def list_eligible(
    principal: Reader,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    under: Annotated[str, Query(description="The organisation whose subtree is listed (a district).")],
    award_date: Annotated[date, Query(description="An award day: 3 Feb, 19 May, 2 Sep or 7 Nov.")],
) -> Page[EligibilityOut]:
    """Members whose party age reaches a milestone by the award date, each with the rules' verdict."""
    async with db.read_session() as session:
        return await queries.eligible_for_award(session, principal, under, award_date, page)


@router.post(
    "/members/{member_id}/badges",
    operation_id="awardBadge",
    status_code=status.HTTP_201_CREATED,
    response_model=BadgeOut,
)
async def award_badge(member_id: str, body: AwardIn, principal: Organiser, db: DB, ctx: Ctx) -> BadgeOut:
    """Record a badge in the member's record; publishes ``member.badge_awarded``."""
    badge = await commands.award_badge(db, ctx, principal, member_id, body)
    return BadgeOut.model_validate(badge)


@router.get("/members/{member_id}/badges", operation_id="listMemberBadges", response_model=list[BadgeOut])
async def member_badges(member_id: str, principal: Reader, db: DB) -> list[BadgeOut]:
    async with db.read_session() as session:
        return await queries.member_badges(session, principal, member_id)
