"""Fixtures of inspection's API tests: the running service, and a small tree with members fed through the
consumers exactly as membership's events would arrive."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from shared.events import Envelope
from shared.testing.harness import RunningService, ServiceFactory, auth


async def feed(
    service: RunningService, entity: str, verb: str, data: dict[str, Any], time: datetime | None = None
) -> None:
    """Apply one membership event through inspection's own consumer (as the runner would)."""
    consumer = "inspection-orgs" if entity == "org" else "inspection-members"
    envelope = Envelope(
        source="/grassroots/membership",
        type=f"vn.party.membership.{entity}.{verb}.v1",
        subject=f"{entity}/{data.get('org_id') or data.get('member_id')}",
        data=data,
        time=time or datetime.now(UTC),
    )
    await service.runtime.runners[consumer].apply_batch([envelope])


async def published(service: RunningService, event_type: str) -> list[dict[str, Any]]:
    """The payloads inspection wrote to its outbox for ``event_type`` (e.g. ``discipline.imposed``)."""
    return [e["data"] for e in await service.outbox_envelopes(f"vn.party.inspection.{event_type}.v1")]


@dataclass
class World:
    """Province P > district D > commune C (grassroots committee) > branches B1, B2; and P > D2 > C2 > B3.
    Members: official with a post and probationary in B1; official without a post in B3."""

    service: RunningService
    ids: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> str:
        try:
            return self.ids[name]
        except KeyError:
            raise AttributeError(name) from None

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        return await published(self.service, event_type)

    async def feed(self, entity: str, verb: str, data: dict[str, Any], time: datetime | None = None) -> None:
        await feed(self.service, entity, verb, data, time)

    def headers(self, org: str, *roles: str, lang: str = "en") -> dict[str, str]:
        return auth(self.ids.get(org, org), *roles, lang=lang)

    async def org(self, key: str, kind: str, parent: str | None) -> str:
        org_id = self.ids[key] = str(uuid.uuid4())
        await feed(
            self.service,
            "org",
            "created",
            {
                "org_id": org_id,
                "parent_id": self.ids[parent] if parent else None,
                "kind": kind,
                "name": key,
                "effective_date": "2020-01-01",
            },
        )
        return org_id

    async def member(self, key: str, branch: str, status: str = "official", positions: list[str] | None = None) -> str:
        member_id = self.ids[key] = str(uuid.uuid4())
        await feed(
            self.service,
            "member",
            "registered",
            {
                "member_id": member_id,
                "org_id": self.ids[branch],
                "status": status,
                "gender": "male",
                "birth_date": "1980-01-01",
                "ethnicity": "Kinh",
                "ethnic_minority": False,
                "positions": positions or [],
                "effective_date": "2020-01-01",
            },
        )
        return member_id


@pytest.fixture
async def insp(services: ServiceFactory) -> AsyncIterator[RunningService]:
    async with services.run("inspection") as service:
        yield service


@pytest.fixture
async def world(insp: RunningService) -> World:
    w = World(insp)
    await w.org("P", "province", None)
    await w.org("D", "district", "P")
    await w.org("C", "grassroots_committee", "D")
    await w.org("B1", "branch", "C")
    await w.org("B2", "branch", "C")
    await w.org("D2", "district", "P")
    await w.org("C2", "grassroots_committee", "D2")
    await w.org("B3", "branch", "C2")
    await w.member("M1", "B1", positions=["Bí thư chi bộ"])
    await w.member("M2", "B1", status="probationary")
    await w.member("M3", "B3")
    return w
