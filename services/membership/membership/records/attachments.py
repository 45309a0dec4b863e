"""Scanned documents of the record: only PDF, JPEG and PNG (declared and proved by the file's first bytes), up to
the configured size; stored content-addressed, listed on the record, each upload a record change."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy import select

from membership.members.history import changing_member, today_in_vietnam
from membership.records.commands import record_changed
from membership.records.models import AttachmentOut, RecordAttachment
from membership.records.store import DiskStore, Incoming
from shared.auth import Principal
from shared.db import Context, Database
from shared.errors import UnsupportedMediaType

SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
"""The accepted types and the bytes each file of the type begins with."""


def accepted_type(content_type: str | None) -> str:
    """The declared type without parameters; 415 ``record.attachment_type`` before any byte is read."""
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared not in SIGNATURES:
        raise UnsupportedMediaType("record.attachment_type", field="content-type", content_type=declared or "none")
    return declared


def check_signature(declared: str, head: bytes) -> None:
    """A file whose bytes are not of its declared type is refused as that type would be (415)."""
    if not head.startswith(SIGNATURES[declared]):
        raise UnsupportedMediaType("record.attachment_content", field="content-type", content_type=declared)


async def upload(
    db: Database,
    ctx: Context,
    principal: Principal,
    member_id: str,
    *,
    content_type: str | None,
    title: str | None,
    chunks: AsyncIterator[bytes],
    store: DiskStore,
    max_bytes: int,
) -> tuple[AttachmentOut, bool]:
    """Store a scan and list it on the record; the same bytes again return the listed one (``False``: not new)."""
    declared = accepted_type(content_type)
    incoming = await store.receive(chunks, max_bytes)
    try:
        check_signature(declared, incoming.head)
        return await _list_on_record(db, ctx, principal, member_id, declared, title, incoming, store)
    finally:
        store.discard(incoming)  # kept files were moved away already


async def _list_on_record(
    db: Database,
    ctx: Context,
    principal: Principal,
    member_id: str,
    declared: str,
    title: str | None,
    incoming: Incoming,
    store: DiskStore,
) -> tuple[AttachmentOut, bool]:
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        existing = (
            await uow.session.execute(
                select(RecordAttachment).where(
                    RecordAttachment.member_id == member.id, RecordAttachment.sha256 == incoming.sha256
                )
            )
        ).scalar_one_or_none()
        if existing is not None:
            return AttachmentOut.model_validate(existing), False
        attachment = RecordAttachment(
            member_id=member.id,
            sha256=incoming.sha256,
            content_type=declared,
            size_bytes=incoming.size,
            title=title,
        )
        uow.session.add(attachment)
        listed = {"sha256": incoming.sha256, "content_type": declared, "size_bytes": incoming.size, "title": title}
        await record_changed(uow, member, ["attachments"], today_in_vietnam(), after=listed)
        await store.keep(incoming)  # before the commit: a listed attachment always has its file
        await uow.commit()
    return AttachmentOut.model_validate(attachment), True


async def find(db: Database, member_id: str, attachment_id: int) -> RecordAttachment | None:
    async with db.read_session() as session:
        return (
            await session.execute(
                select(RecordAttachment).where(
                    RecordAttachment.member_id == member_id, RecordAttachment.id == attachment_id
                )
            )
        ).scalar_one_or_none()
