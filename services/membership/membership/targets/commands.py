"""Use case of targets: set an organisation's admission target for a year (published as ``target.set``)."""

from __future__ import annotations

from datetime import date

from membership.events import TargetSet
from membership.targets.models import AdmissionTarget, TargetIn
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database
from shared.etag import check_version


async def set_target(
    db: Database,
    ctx: Context,
    principal: Principal,
    org_id: str,
    year: int,
    body: TargetIn,
    expected_version: int | None,
    today: date,
) -> tuple[AdmissionTarget, str]:
    async with db.uow(ctx) as uow:
        node = await orgtree.node_in_scope(uow.session, principal, org_id)
        target = await uow.session.get(AdmissionTarget, (org_id, year), with_for_update=True)
        check_version(target.version if target else 0, expected_version)
        previous = target.target if target else None
        if target is None:
            target = AdmissionTarget(org_id=org_id, year=year, target=body.target)
            uow.session.add(target)
        else:
            target.target = body.target
        uow.publish(
            TargetSet(org_id=org_id, year=year, target=body.target, previous_target=previous, effective_date=today),
            subject=f"target/{org_id}/{year}",
            aggregate_id=f"target:{org_id}:{year}",
            orgpath=node.path,
        )
        await uow.audit(
            "target.set",
            "target",
            f"{org_id}/{year}",
            org_id=org_id,
            before={"target": previous} if previous is not None else None,
            after={"target": body.target},
        )
        await uow.commit()
    return target, node.path
