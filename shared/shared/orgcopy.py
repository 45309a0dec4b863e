"""Keeping a service's copy of the organisation tree from membership's ``org.created``, ``org.renamed``,
``org.moved``, ``org.dissolved`` and ``org.restored`` events: the same handlers for every service that keeps a
plain copy (meetings, inspection).

The payloads are read with tolerant views of the fields the copy needs (never membership's classes: services
share a contract, not code; ``tests/contracts`` checks these views against membership's schemas); every service
reads those events, ``org.merged`` included, with the views here. Merges stay with each service: what a merge
does to a roster or a member copy is the service's own business (as are reporting's dissolutions and
restorations, which move its figures).
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from shared import orgtree
from shared.db import UnitOfWork
from shared.events import Envelope
from shared.views import PayloadView


class OrgCreatedView(PayloadView):
    org_id: str
    parent_id: str | None = None
    kind: str
    name: str
    code: str | None = None
    effective_date: date


class OrgRenamedView(PayloadView):
    org_id: str
    name: str
    effective_date: date


class OrgMovedView(PayloadView):
    org_id: str
    new_parent_id: str
    effective_date: date


class OrgClosedView(PayloadView):
    """``dissolved`` and ``restored`` carry the same fields that matter here."""

    org_id: str
    effective_date: date


class OrgMergedView(PayloadView):
    """``org.merged``, as every service reads it; what a merge then does stays each service's own handler."""

    org_id: str
    into_id: str
    moved_children: list[str] = Field(default_factory=list)
    effective_date: date


async def apply_org_created(uow: UnitOfWork, envelope: Envelope) -> None:
    data = OrgCreatedView.model_validate(envelope.data)
    await orgtree.insert_node(
        uow.session,
        org_id=data.org_id,
        parent_id=data.parent_id,
        kind=data.kind,
        name=data.name,
        code=data.code,
        established_on=data.effective_date,
    )


async def apply_org_renamed(uow: UnitOfWork, envelope: Envelope) -> None:
    data = OrgRenamedView.model_validate(envelope.data)
    await orgtree.rename_node(uow.session, data.org_id, data.name, data.effective_date)


async def apply_org_moved(uow: UnitOfWork, envelope: Envelope) -> None:
    data = OrgMovedView.model_validate(envelope.data)
    await orgtree.move_node(uow.session, data.org_id, data.new_parent_id, data.effective_date)


async def apply_org_dissolved(uow: UnitOfWork, envelope: Envelope) -> None:
    data = OrgClosedView.model_validate(envelope.data)
    await orgtree.close_node(uow.session, data.org_id, data.effective_date, status="dissolved")


async def apply_org_restored(uow: UnitOfWork, envelope: Envelope) -> None:
    data = OrgClosedView.model_validate(envelope.data)
    await orgtree.reopen_node(uow.session, data.org_id, data.effective_date)
