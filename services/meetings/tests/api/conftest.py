"""Fixtures of meetings' API tests: a tree and rosters fed through meetings' real membership consumer.

The consumer's handlers are applied directly (``ConsumerRunner.apply_batch``) with envelopes shaped like
membership's, so these tests need neither the membership service nor a wait for NATS delivery; the
end-to-end test runs both services over NATS.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from meetings.consumers import membership_consumer
from shared.consumer import ConsumerRunner
from shared.events import Envelope
from shared.testing.harness import RunningService, auth


def envelope(entity: str, verb: str, data: dict[str, Any]) -> Envelope:
    key = data.get("member_id") or data["org_id"]
    return Envelope(
        source="/grassroots/membership",
        type=f"vn.party.membership.{entity}.{verb}.v1",
        subject=f"{entity}/{key}",
        data=data,
    )


@dataclass
class World:
    """Province → district → commune committee → two branches, and another province with its own branch."""

    service: RunningService
    province: str = ""
    district: str = ""
    commune: str = ""
    branch: str = ""
    branch2: str = ""
    other_province: str = ""
    other_branch: str = ""
    members: list[str] = field(default_factory=list)

    @property
    def client(self) -> Any:
        return self.service.client

    async def apply(self, *envelopes: Envelope) -> None:
        await ConsumerRunner(self.service.db, None, membership_consumer()).apply_batch(list(envelopes))  # type: ignore[arg-type]

    async def org(self, kind: str, parent: str | None, name: str, on: date = date(2025, 1, 1)) -> str:
        org_id = str(uuid.uuid4())
        await self.apply(
            envelope(
                "org",
                "created",
                {"org_id": org_id, "parent_id": parent, "kind": kind, "name": name, "effective_date": on.isoformat()},
            )
        )
        return org_id

    async def member(
        self,
        org_id: str,
        verb: str = "registered",
        status: str = "official",
        member_id: str | None = None,
        on: date = date(2025, 1, 1),
        **extra: Any,
    ) -> str:
        member_id = member_id or str(uuid.uuid4())
        await self.apply(
            envelope(
                "member",
                verb,
                {
                    "member_id": member_id,
                    "org_id": org_id,
                    "status": status,
                    "gender": "female",
                    "birth_date": "1980-01-01",
                    "ethnicity": "Kinh",
                    "ethnic_minority": False,
                    "effective_date": on.isoformat(),
                    **extra,
                },
            )
        )
        return member_id

    async def build(self, members: int = 5) -> World:
        self.province = await self.org("province", None, "Tỉnh Tuyên Quang")
        self.district = await self.org("district", self.province, "Huyện Sơn Dương")
        self.commune = await self.org("grassroots_committee", self.district, "Đảng ủy xã Xuân Lôi")
        self.branch = await self.org("branch", self.commune, "Chi bộ thôn Đồng Tâm")
        self.branch2 = await self.org("branch", self.commune, "Chi bộ thôn Hợp Thành")
        self.other_province = await self.org("province", None, "Tỉnh Điện Biên")
        self.other_branch = await self.org("grassroots_branch", self.other_province, "Chi bộ cơ sở X")
        self.members = [await self.member(self.branch) for _ in range(members)]
        return self

    # tokens
    @property
    def admin(self) -> dict[str, str]:
        return auth()

    def as_(self, org: str, role: str = "secretary", lang: str = "en") -> dict[str, str]:
        return auth(org, role, lang=lang)

    # common calls
    async def meeting(
        self, starts_at: str = "2025-03-05T14:00:00+07:00", kind: str = "regular", org_id: str | None = None
    ) -> dict[str, Any]:
        response = await self.client.post(
            "/api/v1/meetings",
            headers=self.admin,
            json={"org_id": org_id or self.branch, "kind": kind, "starts_at": starts_at},
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def notified(
        self,
        starts_at: str = "2025-03-05T14:00:00+07:00",
        kind: str = "regular",
        notified_at: str | None = None,
        org_id: str | None = None,
    ) -> dict[str, Any]:
        meeting = await self.meeting(starts_at, kind, org_id)
        response = await self.client.post(
            f"/api/v1/meetings/{meeting['id']}/notice",
            headers=self.admin,
            json={
                "place": "Nhà văn hóa",
                "agenda": ["Kiểm điểm"],
                "notified_at": notified_at or f"{starts_at[:8]}01T08:00:00+07:00",
            },
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def record(
        self,
        meeting: dict[str, Any],
        marks: dict[str, str] | None = None,
        *,
        superior: bool = False,
        start: str = "14:00",
        end: str = "16:00",
        **extra: Any,
    ) -> Any:
        day = meeting["meeting_date"]
        marks = marks or {}
        attendance = [
            {"member_id": m, "mark": marks.get(m, "present"), **({"reason": "ốm"} if marks.get(m) == "excused" else {})}
            for m in self.members
            if marks.get(m) != "skip"
        ]
        body = {
            "started_at": f"{day}T{start}:00+07:00",
            "ended_at": f"{day}T{end}:00+07:00",
            "marks": attendance,
            **extra,
        }
        if superior:
            body["superior_attendees"] = [
                {"name": "Nguyễn Văn A", "committee_org_id": self.commune, "position": "Đảng ủy viên"}
            ]
        return await self.client.post(f"/api/v1/meetings/{meeting['id']}/record", headers=self.admin, json=body)


WorldOf = Callable[..., Awaitable["World"]]
"""``world_of(service, members=5)``: a tree, members and tokens inside a running meetings service."""


@pytest.fixture
def world_of() -> WorldOf:
    async def build(service: RunningService, members: int = 5) -> World:
        return await World(service).build(members)

    return build
