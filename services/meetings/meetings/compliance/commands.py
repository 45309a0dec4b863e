"""Setting an organisation's compliance targets for a year."""

from __future__ import annotations

from sqlalchemy import select

from meetings.compliance.models import MeetingTarget, TargetsIn, TargetsOut
from meetings.compliance.queries import targets_in_force
from meetings.events import TargetsSet
from shared import orgtree
from shared.auth import Principal
from shared.calendar import today_in_vietnam
from shared.db import Context, Database
from shared.errors import PreconditionRequired
from shared.etag import check_version


async def set_targets(
    db: Database,
    ctx: Context,
    principal: Principal,
    org_id: str,
    year: int,
    body: TargetsIn,
    expected_version: int | None,
) -> tuple[TargetsOut, bool]:
    """Create (no If-Match needed) or replace (If-Match required) the targets; returns them and whether new."""
    async with db.uow(ctx) as uow:
        node = await orgtree.node_in_scope(uow.session, principal, org_id)
        row = (
            await uow.session.execute(
                select(MeetingTarget)
                .where(MeetingTarget.org_id == org_id, MeetingTarget.year == year)
                .with_for_update()
            )
        ).scalar_one_or_none()
        created = row is None
        before = None
        if row is None:
            row = MeetingTarget(org_id=org_id, year=year, **body.model_dump())
            uow.session.add(row)
        else:
            if expected_version is None:
                raise PreconditionRequired("etag.required")
            check_version(row.version, expected_version)
            before = {k: str(getattr(row, k)) for k in TargetsIn.model_fields}
            for key, value in body.model_dump().items():
                setattr(row, key, value)
        await uow.session.flush()
        uow.publish(
            TargetsSet(
                org_id=org_id, year=year, version=row.version, effective_date=today_in_vietnam(), **body.model_dump()
            ),
            subject=f"targets/{org_id}/{year}",
            aggregate_id=f"targets:{org_id}:{year}",
            orgpath=node.path,
        )
        await uow.audit(
            "targets.set",
            "meeting_targets",
            f"{org_id}:{year}",
            org_id=org_id,
            before=before,
            after=body.model_dump(mode="json"),
        )
        out = await targets_in_force(uow.session, node, year)
        await uow.commit()
    return out, created
