"""Use cases of the annual classification: submit a batch, or replace the current one (If-Match).

A batch is checked as a whole by the pure rules (bands of the rule in force, each grade's conditions, the
excellent cap with its justification) after its subjects are found inside the submitting organisation's
subtree. Every entry is published as ``classification.recorded``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.classification.models import Batch, BatchIn, Entry
from inspection.classification.queries import load_batch
from inspection.classification.rules import CapCheck, ClassificationBatch, ClassificationEntry, validate_batch
from inspection.classification.subjects import Subject, check_not_classified_elsewhere, subjects_of
from inspection.common import commit_once, unique_conflicts
from inspection.discipline.targets import TargetKind
from inspection.events import ClassificationRecorded
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict


def _batch_exists(body: BatchIn, batch_id: str) -> Conflict:
    """Only one batch counts for an organisation, year and target type: ``batch_id`` is the current one."""
    return Conflict(
        "classification.batch_exists",
        field="org_id",
        org_id=body.org_id,
        year=body.year,
        target_type=body.target_type.value,
        batch_id=batch_id,
    )


async def submit_batch(db: Database, ctx: Context, principal: Principal, body: BatchIn) -> Batch:
    async with db.uow(ctx) as uow:
        org = await orgtree.node_in_scope(uow.session, principal, body.org_id)
        current = await _current_batch(uow.session, body)
        if current is not None:
            raise _batch_exists(body, current)
        with unique_conflicts():
            batch = await _record(uow, org, body, replaces=None)
        await commit_once(uow)
    return batch


async def replace_batch(
    db: Database, ctx: Context, principal: Principal, batch_id: str, body: BatchIn, expected_version: int
) -> Batch:
    """A corrected submission: the old batch is superseded (kept for the record) and the new one counts."""
    async with db.uow(ctx) as uow:
        old = await load_batch.to_change(uow.session, principal, batch_id, expected_version)
        if old.status != "current" or (old.org_id, old.year, old.target_type) != (
            body.org_id,
            body.year,
            body.target_type.value,
        ):
            raise _batch_exists(body, old.id)
        org = await orgtree.node_in_scope(uow.session, principal, body.org_id)
        old.status = "superseded"
        await uow.session.execute(update(Entry).where(Entry.batch_id == old.id).values(current=False))
        await uow.session.flush()
        with unique_conflicts():
            batch = await _record(uow, org, body, replaces=old.id)
        await commit_once(uow)
    return batch


async def _current_batch(session: AsyncSession, body: BatchIn) -> str | None:
    return (
        await session.execute(
            select(Batch.id).where(
                Batch.org_id == body.org_id,
                Batch.year == body.year,
                Batch.target_type == body.target_type.value,
                Batch.status == "current",
            )
        )
    ).scalar_one_or_none()


async def _record(uow: UnitOfWork, org: orgtree.OrgNode, body: BatchIn, replaces: str | None) -> Batch:
    subjects = await subjects_of(uow.session, org, body)
    cap = validate_batch(_domain_batch(org, body, subjects))
    await check_not_classified_elsewhere(uow.session, body)
    batch = Batch(
        id=str(uuid.uuid4()),
        org_id=org.id,
        year=body.year,
        target_type=body.target_type.value,
        assessed_on=body.assessed_on,
        justification=cap.justification,
        status="current",
        entry_count=len(subjects),
        replaces_batch_id=replaces,
        **_cap_columns(cap),
    )
    uow.session.add(batch)
    await uow.session.flush()
    rows = _entry_rows(batch, body, subjects)
    await uow.session.execute(insert(Entry), rows)
    for row in rows:
        _publish(uow, batch, row, org.path)
    await uow.audit(
        "classification.recorded", "classification_batch", batch.id, org_id=org.id, after=body.model_dump(mode="json")
    )
    return batch


def _domain_batch(org: orgtree.OrgNode, body: BatchIn, subjects: Sequence[Subject]) -> ClassificationBatch:
    return ClassificationBatch(
        grassroots_org_id=UUID(org.id),
        year=body.year,
        subject_kind=body.target_type,
        assessed_on=body.assessed_on,
        entries=tuple(
            ClassificationEntry(
                subject_id=UUID(s.target_id),
                grade=e.grade,
                score=e.score,
                disciplined_in_year=s.disciplined,
                unit_or_leader_disciplined_in_year=s.unit_or_leader_disciplined,
            )
            for s, e in zip(subjects, body.entries, strict=True)
        ),
        justification=body.justification,
    )


def _entry_rows(batch: Batch, body: BatchIn, subjects: Sequence[Subject]) -> list[dict[str, Any]]:
    return [
        {
            "id": str(uuid.uuid4()),
            "batch_id": batch.id,
            "year": body.year,
            "target_type": body.target_type.value,
            "target_id": s.target_id,
            "subject_org_id": s.org_id,
            "grassroots_org_id": s.grassroots_org_id,
            "grade": e.grade.value,
            "score": e.score,
            "disciplined_in_year": s.disciplined,
            "unit_or_leader_disciplined": s.unit_or_leader_disciplined,
            "current": True,
        }
        for s, e in zip(subjects, body.entries, strict=True)
    ]


def _cap_columns(cap: CapCheck) -> dict[str, Any]:
    return {
        "cap_flagged": cap.flagged,
        "cap_excellent": cap.excellent,
        "cap_basis": str(cap.basis),
        "cap_basis_count": cap.basis_count,
        "cap_max_allowed": cap.max_allowed,
        "cap_ratio": cap.ratio,
    }


def _publish(uow: UnitOfWork, batch: Batch, row: dict[str, Any], path: str) -> None:
    member = row["target_type"] == TargetKind.MEMBER.value
    uow.publish(
        ClassificationRecorded(
            classification_id=row["id"],
            batch_id=batch.id,
            replaces_batch_id=batch.replaces_batch_id,
            target_type=row["target_type"],
            target_id=row["target_id"],
            member_id=row["target_id"] if member else None,
            subject_org_id=row["subject_org_id"],
            org_id=row["grassroots_org_id"],
            year=batch.year,
            grade=row["grade"],
            score=float(row["score"]) if row["score"] is not None else None,
            cap_flagged=batch.cap_flagged,
            justification=batch.justification,
            effective_date=batch.assessed_on,
        ),
        subject=f"classification/{row['target_id']}",
        aggregate_id=f"classification:{batch.id}",
        orgpath=path,
    )
