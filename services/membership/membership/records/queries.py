"""Reads of the member record inside the caller's subtree (the member's branch, or the branch a pending transfer
names), with religion, family and discipline withheld from roles that do not read national IDs either."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from membership.members.queries import get_member
from membership.records.commands import EMPTY
from membership.records.models import (
    AttachmentOut,
    CardEvent,
    CardEventOut,
    MemberRecord,
    RecordAttachment,
    RecordOut,
    RecordSupplement,
    SupplementOut,
)
from membership.records.rules import withheld
from shared.auth import SENSITIVE_READERS, Principal


async def get_record(session: AsyncSession, principal: Principal, member_id: str) -> RecordOut:
    member = await get_member(session, principal, member_id)
    record = await session.get(MemberRecord, member.id)
    sections, masked = withheld(record.sections if record else EMPTY, principal.has(*SENSITIVE_READERS))
    cards = (
        await session.execute(
            select(CardEvent).where(CardEvent.member_id == member.id).order_by(CardEvent.event_date, CardEvent.id)
        )
    ).scalars()
    return RecordOut(
        member_id=member.id,
        version=record.version if record else 0,
        masked=masked,
        card_events=[CardEventOut.model_validate(c) for c in cards],
        attachments=await attachments(session, member.id),
        **sections,
    )


async def attachments(session: AsyncSession, member_id: str) -> list[AttachmentOut]:
    rows = await session.execute(
        select(RecordAttachment).where(RecordAttachment.member_id == member_id).order_by(RecordAttachment.id)
    )
    return [AttachmentOut.model_validate(a) for a in rows.scalars()]


async def supplements(session: AsyncSession, principal: Principal, member_id: str) -> list[SupplementOut]:
    """The yearly supplements; their free text is withheld like the masked sections (it may name relatives)."""
    member = await get_member(session, principal, member_id)
    rows = await session.execute(
        select(RecordSupplement).where(RecordSupplement.member_id == member.id).order_by(RecordSupplement.year)
    )
    out = [SupplementOut.model_validate(s) for s in rows.scalars()]
    if principal.has(*SENSITIVE_READERS):
        return out
    return [s.model_copy(update={"content": None}) for s in out]
