"""Operator routes every service has: dead letters (list, replay, discard), parked events (with their age and
reason) and the outbox state. They reach every district's data at once, so they need a national admin."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, literal_column, select

from shared import deadletters
from shared.auth import NationalAdmin
from shared.deps import DB
from shared.errors import NotFound
from shared.pagination import Page, PageRequest, page_of, page_params
from shared.schema import dead_letters, outbox, parked_events

router = APIRouter(prefix="/api/v1/admin", tags=["operations"])
Admin = NationalAdmin
DeadLetterId = Annotated[int, Path(ge=1, le=2**63 - 1, description="A dead letter's id (a bigint).")]


class DeadLetter(BaseModel):
    id: int
    consumer: str
    event_id: str
    event_type: str
    error: str
    deliveries: int
    created_at: datetime
    replayed_at: datetime | None
    replay_error: str | None
    envelope: dict[str, Any]


class ReplayResult(BaseModel):
    id: int
    replayed: bool


class DiscardResult(BaseModel):
    id: int
    discarded: bool


class ParkedEvent(BaseModel):
    id: int
    consumer: str
    event_id: str
    event_type: str
    waiting_for: str = Field(description="Why it waits: what it depends on that has not arrived.")
    attempts: int
    parked_at: datetime
    age_seconds: float
    next_attempt_at: datetime


class OutboxState(BaseModel):
    unpublished: int
    published: int
    oldest_unpublished_at: datetime | None
    parked: int
    dead_letters_pending: int


@router.get("/dead-letters", operation_id="listDeadLetters", response_model=Page[DeadLetter])
async def list_dead_letters(
    _: Admin,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    pending: Annotated[bool, Query(description="Only those not yet replayed.")] = True,
) -> Page[DeadLetter]:
    query = select(dead_letters)
    if pending:
        query = query.where(dead_letters.c.replayed_at.is_(None))
    async with db.read_session() as session:
        return await page_of(session, query, [dead_letters.c.id], page, DeadLetter, entities=False)


@router.post("/dead-letters/{dead_letter_id}/replay", operation_id="replayDeadLetter", response_model=ReplayResult)
async def replay_dead_letter(dead_letter_id: DeadLetterId, _: Admin, db: DB, request: Request) -> ReplayResult:
    async with db.read_session() as session:
        consumer = (
            await session.execute(select(dead_letters.c.consumer).where(dead_letters.c.id == dead_letter_id))
        ).scalar_one_or_none()
    runner = request.app.state.runtime.runners.get(consumer) if consumer else None
    if runner is None:
        raise NotFound("resource.not_found", resource="dead letter", id=dead_letter_id)
    replayed = await runner.replay_dead_letter(dead_letter_id)
    return ReplayResult(id=dead_letter_id, replayed=replayed)


@router.post("/dead-letters/{dead_letter_id}/discard", operation_id="discardDeadLetter", response_model=DiscardResult)
async def discard_dead_letter(dead_letter_id: DeadLetterId, admin: Admin, db: DB) -> DiscardResult:
    """Drop a dead letter judged worthless (a poison message); the audit log keeps who dropped what."""
    if not await deadletters.discard(db, dead_letter_id, admin.actor):
        raise NotFound("resource.not_found", resource="dead letter", id=dead_letter_id)
    return DiscardResult(id=dead_letter_id, discarded=True)


@router.get("/parked", operation_id="listParkedEvents", response_model=Page[ParkedEvent])
async def list_parked(_: Admin, db: DB, page: Annotated[PageRequest, Depends(page_params)]) -> Page[ParkedEvent]:
    age = func.extract("epoch", func.now() - parked_events.c.parked_at)
    event_type = func.coalesce(parked_events.c.envelope["type"].astext, literal_column("'unknown'"))
    query = select(parked_events, age.label("age_seconds"), event_type.label("event_type"))
    async with db.read_session() as session:
        return await page_of(session, query, [parked_events.c.id], page, ParkedEvent, entities=False)


@router.get("/outbox", operation_id="outboxState", response_model=OutboxState)
async def outbox_state(_: Admin, db: DB) -> OutboxState:
    async with db.read_session() as session:
        unpublished, oldest = (
            await session.execute(
                select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.published_at.is_(None))
            )
        ).one()
        published = (await session.execute(select(func.count()).where(outbox.c.published_at.is_not(None)))).scalar_one()
        parked = (await session.execute(select(func.count()).select_from(parked_events))).scalar_one()
        dead = (
            await session.execute(
                select(func.count()).select_from(dead_letters).where(dead_letters.c.replayed_at.is_(None))
            )
        ).scalar_one()
    return OutboxState(
        unpublished=unpublished,
        published=published,
        oldest_unpublished_at=oldest,
        parked=parked,
        dead_letters_pending=dead,
    )
