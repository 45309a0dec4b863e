"""Changes of the member record. Each goes through the member's one write path (history row, audit row and the
additive ``member.record_updated`` naming the sections touched, in one unit of work), under the member's lock."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from membership.events import MemberRecordUpdated
from membership.members.history import (
    changed_in_place,
    changing_member,
    snapshot,
    today_in_vietnam,
    write_change,
)
from membership.members.models import Member
from membership.records.models import (
    CardEvent,
    CardEventIn,
    MemberRecord,
    RecordBody,
    RecordSupplement,
    SupplementIn,
)
from membership.records.rules import (
    CardEventKind,
    categories_of,
    changed_sections,
    check_card_event,
    check_supplement,
    with_codes,
)
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.etag import check_version
from shared.faults import register_unique_rule

register_unique_rule("uq_member_record_supplements_year", "record.supplement_exists", field="year")

EMPTY = RecordBody().model_dump(mode="json")


async def record_changed(
    uow: UnitOfWork,
    member: Member,
    sections: list[str],
    on: date,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """History, audit and event of a record change: the note and the event name sections, never their content
    (the history is widely readable; the record's religion and family are not). The content changed goes to a
    second audit row (``member_record``), which only the audit's readers see."""
    member.updated_at = func.now()  # the member's record changed: its row (and version) moves on (contract 2)
    await uow.audit(
        "member_record.updated", "member_record", member.id, org_id=member.org_id, before=before, after=after
    )
    payload = changed_in_place(member, MemberRecordUpdated, on, sections=sections)
    note = "Hồ sơ đảng viên: " + ", ".join(sections)
    await write_change(uow, member, payload, change="record_updated", before=snapshot(member), note=note)


async def put_record(
    db: Database, ctx: Context, principal: Principal, member_id: str, body: RecordBody, expected_version: int
) -> MemberRecord | None:
    """Replace the record's sections under ``If-Match`` (``"0"`` before anything was recorded). An unchanged
    body writes and publishes nothing."""
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        record = await uow.session.get(MemberRecord, member.id)
        check_version(record.version if record else 0, expected_version)
        after = body.model_dump(mode="json")
        old = dict(record.sections) if record else EMPTY
        sections = changed_sections(old, after)
        if sections:
            if record is None:
                record = MemberRecord(member_id=member.id, sections=after)
                uow.session.add(record)
            else:
                record.sections = after
            member.categories = categories_of(after)  # published with every member event from now on
            changed = {"before": {k: old.get(k) for k in sections}, "after": {k: after[k] for k in sections}}
            await record_changed(uow, member, sections, today_in_vietnam(), **changed)
        await uow.commit()
    return record


async def add_supplement(
    db: Database, ctx: Context, principal: Principal, member_id: str, body: SupplementIn
) -> RecordSupplement:
    """The year's supplement, dated; one per year (409 ``record.supplement_exists``)."""
    check_supplement(body.year, body.supplement_date, today_in_vietnam())
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        supplement = RecordSupplement(member_id=member.id, **body.model_dump())
        uow.session.add(supplement)
        after = body.model_dump(mode="json")
        await record_changed(uow, member, ["supplements"], body.supplement_date, after=after)
        await uow.commit()
    return supplement


async def add_card_event(
    db: Database, ctx: Context, principal: Principal, member_id: str, body: CardEventIn
) -> CardEvent:
    """Issue, loss or reissue of the party card, in sequence (``records.rules.check_card_event``)."""
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        rows = await uow.session.execute(
            select(CardEvent.kind, CardEvent.event_date)
            .where(CardEvent.member_id == member.id)
            .order_by(CardEvent.event_date, CardEvent.id)
        )
        history = [(CardEventKind(kind), on) for kind, on in rows]
        check_card_event(history, body.kind, body.event_date, body.card_number, today_in_vietnam())
        event = CardEvent(member_id=member.id, **body.model_dump(mode="json", exclude={"event_date"}))
        event.event_date = body.event_date
        uow.session.add(event)
        await record_changed(uow, member, ["card"], body.event_date, after=body.model_dump(mode="json"))
        await uow.commit()
    return event


async def codes_into_records(session: AsyncSession, codes: dict[str, dict[str, str]]) -> None:
    """The import's categories (member id → its codes after the row) written into each member's record as well,
    one version on, so a client reading the record and putting it back keeps them (``put_record`` derives the
    member row's codes from the record). The records are locked first: a concurrent ``put_record`` waits."""
    if not codes:
        return
    table = cast(Table, MemberRecord.__table__)
    found = await session.execute(
        select(MemberRecord.member_id, MemberRecord.sections).where(MemberRecord.member_id.in_(codes)).with_for_update()
    )
    stored = {member_id: sections for member_id, sections in found}
    rows = [
        {"member_id": member_id, "sections": with_codes(stored.get(member_id, EMPTY), stated), "version": 1}
        for member_id, stated in codes.items()
    ]
    upsert = insert(table)
    await session.execute(
        upsert.on_conflict_do_update(
            index_elements=[table.c.member_id],
            set_={"sections": upsert.excluded.sections, "version": table.c.version + 1, "updated_at": func.now()},
        ),
        rows,
    )
