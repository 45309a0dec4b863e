"""What every member command writes besides the member: the history row, the event, the audit row."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from unidecode import unidecode

from membership import scope
from membership.events import MemberChanged
from membership.members.models import ETHNIC_MAJORITY, Member, MemberChange
from shared import orgtree
from shared.auth import Principal
from shared.db import UnitOfWork
from shared.errors import NotFound

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today_in_vietnam() -> date:
    """The calendar day in Vietnam: the default 'today' of reads and of flags set from events."""
    return datetime.now(UTC).astimezone(VIETNAM).date()


def search_key(name: str) -> str:
    """Accent-free lower case (unidecode turns Đ into D, which Unicode decomposition does not)."""
    return " ".join(unidecode(name).lower().split())


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def snapshot(member: Member) -> dict[str, Any]:
    """The member's state for the history (national ID and contacts left out: history is widely readable)."""
    return {
        "org_id": member.org_id,
        "status": member.status,
        "previous_status": member.previous_status,
        "full_name": member.full_name,
        "positions": [str(p) for p in member.positions or []],
        "admission_date": _iso(member.admission_date),
        "recognition_date": _iso(member.recognition_date),
        "host_org_id": member.host_org_id,
        "transfer_to_org_id": member.transfer_to_org_id,
        "flags": dict(member.flags or {}),
    }


def facts(member: Member) -> dict[str, Any]:
    return {
        "member_id": member.id,
        "org_id": member.org_id,
        "status": member.status,
        "gender": member.gender,
        "birth_date": member.birth_date,
        "ethnicity": member.ethnicity,
        "ethnic_minority": member.ethnicity.strip().lower() != ETHNIC_MAJORITY.lower(),
        "admission_date": member.admission_date,
        "positions": list(member.positions or []),
        "version": member.version,
        "recognition_date": member.recognition_date,
    }


async def record_change(
    uow: UnitOfWork, member: Member, change: str, effective_date: date, note: str | None = None
) -> None:
    await uow.session.flush()
    uow.session.add(
        MemberChange(
            member_id=member.id,
            change=change,
            effective_date=effective_date,
            actor=uow.context.actor,
            request_id=uow.context.request_id,
            snapshot=snapshot(member),
            note=note,
        )
    )


async def org_path(uow: UnitOfWork, org_id: str) -> str | None:
    node = await orgtree.get_node(uow.session, org_id)
    return node.path if node else None


async def load_for_update(uow: UnitOfWork, principal: Principal, member_id: str) -> Member:
    """The member, locked, if in the caller's subtree; 404 otherwise (existence outside scope never leaks)."""
    member = (
        await uow.session.execute(
            select(Member).where(Member.id == member_id, scope.in_scope(Member.org_id, principal)).with_for_update()
        )
    ).scalar_one_or_none()
    if member is None:
        raise NotFound("resource.not_found", resource="member", id=member_id)
    return member


async def commit_change(
    uow: UnitOfWork,
    member: Member,
    payload: MemberChanged,
    *,
    change: str,
    before: dict[str, Any],
    note: str | None = None,
) -> None:
    """History row + event + audit row, then one commit."""
    await write_change(uow, member, payload, change=change, before=before, note=note)
    await uow.commit()


async def write_change(
    uow: UnitOfWork,
    member: Member,
    payload: MemberChanged,
    *,
    change: str,
    before: dict[str, Any],
    note: str | None = None,
) -> None:
    """History row + event + audit row inside the caller's unit of work (consumers commit the batch).

    The event carries the version the flush gave the member row (``record_change`` flushes first)."""
    await record_change(uow, member, change, payload.effective_date, note)
    uow.publish(
        payload.model_copy(update={"version": member.version}),
        subject=f"member/{member.id}",
        aggregate_id=f"member:{member.id}",
        orgpath=await org_path(uow, member.org_id),
    )
    await uow.audit(
        f"member.{change}", "member", member.id, org_id=member.org_id, before=before, after=snapshot(member)
    )
