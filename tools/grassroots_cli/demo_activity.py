"""The demo province's year, through the public APIs: meetings with notices, attendance, superior attendees and
evaluations; recognitions; admissions through the whole pipeline; disciplines; inspections; the classification.
Each part is refused by the same rules as real data; a refused part is reported and the others still run."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import httpx

from shared.auth import mint_token
from shared.calendar import add_months

if TYPE_CHECKING:
    from grassroots_cli.demo import Province
    from grassroots_cli.stack import Stack

MATERIALS = "https://tailieu.tinhuy-tuyenquang.example/sinh-hoat-chi-bo"
AGENDA = ["Kiểm điểm tháng", "Nhiệm vụ tháng tới"]
REASONS = ["Ốm", "Đi công tác", "Việc gia đình", "Đi làm ăn xa"]
ACTIVE = {"official", "probationary"}


class DemoRefused(RuntimeError):
    """A demo request a service refused (the message carries its problem)."""


class Activity:
    def __init__(
        self, stack: Stack, m: httpx.AsyncClient, p: Province, rng: random.Random, today: date, concurrency: int
    ) -> None:
        self.stack, self.m, self.p, self.rng, self.today = stack, m, p, rng, today
        self.year = today.year
        self.gate = asyncio.Semaphore(concurrency)
        self.admin = dict(m.headers)

    def client(self, service: str, org: str = "*", role: str = "admin", subject: str = "demo-loader") -> Any:
        token = mint_token(self.stack.jwt_secret, subject=subject, org=org, roles=[role])
        return httpx.AsyncClient(
            base_url=self.stack.url(service), headers={"Authorization": f"Bearer {token}"}, timeout=120
        )

    async def run(self) -> None:
        parts: list[tuple[str, Awaitable[str]]] = [
            ("meetings", self.meetings()),
            ("recognitions", self.recognitions()),
            ("admissions", self.admissions()),
            ("disciplines", self.disciplines()),
            ("inspections", self.inspections()),
            ("classification", self.classification()),
        ]
        for name, part in parts:
            try:
                print(f"grassroots: demo {name}: {await part}", flush=True)
            except DemoRefused as exc:
                print(f"grassroots: demo {name} stopped: {exc}", flush=True)

    async def send(self, client: httpx.AsyncClient, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        """One request; a problem that says the data has not arrived yet is retried, any other refusal raised."""
        for _ in range(120):
            async with self.gate:
                response = await client.request(method, path, json=body, **kw)
            if response.status_code < 400:
                return response.json() if response.content else None
            if response.status_code in (404, 422) and _waiting(response):
                await asyncio.sleep(0.5)
                continue
            raise DemoRefused(f"{method} {path}: {response.status_code} {response.text[:400]}")
        raise DemoRefused(f"{method} {path}: the data never arrived")

    # ---- meetings -----------------------------------------------------------------------------------------

    def meeting_months(self) -> list[int]:
        return [m for m in range(1, 13) if date(self.year, m, 6) <= self.today]

    async def meetings(self) -> str:
        async with self.client("meetings") as client:
            rubric = await self.send(
                client,
                "GET",
                "/api/v1/rubrics/in-force",
                params={"org_id": self.p.id, "on": date(self.year, 1, 1).isoformat()},
            )
            counts = await asyncio.gather(
                *(
                    self.branch_year(client, commune, branch, rubric)
                    for commune, bs in self.p.communes.items()
                    for branch in bs
                )
            )
        return f"{sum(counts)} meetings held in {self.year}"

    async def branch_year(self, client: httpx.AsyncClient, commune: str, branch: str, rubric: dict[str, Any]) -> int:
        rng = random.Random(self.p.branches.index(branch))  # per branch: the order branches run in changes nothing
        weak = rng.random() < 0.2  # a fifth of the branches miss meetings and attend less; the others meet targets
        held = 0
        for month in self.meeting_months():
            kind = "combined" if month % 3 == 0 else "regular"
            starts = f"{self.year}-{month:02d}-05T14:00:00+07:00"
            body = {"org_id": branch, "kind": kind, "starts_at": starts}
            meeting = await self.send(client, "POST", "/api/v1/meetings", body)
            if weak and rng.random() < 0.15:
                await self.send(client, "POST", f"/api/v1/meetings/{meeting['id']}/cancel", {"reason": "Mưa lũ"})
                continue
            roster = await self.roster(client, meeting["id"], self.members_on(branch, date(self.year, month, 5)))
            await self.hold(client, rng, commune, meeting, roster, (month, weak), rubric)
            held += 1
        return held

    def members_on(self, branch: str, day: date) -> int:
        """The branch's members admitted by ``day`` (all active: the demo changes statuses after the meetings)."""
        members = self.p.members.get(branch, [])
        return len([x for x in members if x["status"] in ACTIVE and date.fromisoformat(x["admission_date"]) <= day])

    async def roster(self, client: httpx.AsyncClient, meeting_id: str, expected: int) -> list[str]:
        """The members the branch expects that day, once meetings' copy of them has arrived."""
        for _ in range(240):
            roster = await self.send(client, "GET", f"/api/v1/meetings/{meeting_id}/roster")
            if len(roster["expected"]) >= expected:
                return list(roster["expected"])
            await asyncio.sleep(0.5)
        raise DemoRefused(f"meetings never received the {expected} members expected at meeting {meeting_id}")

    async def hold(
        self,
        client: httpx.AsyncClient,
        rng: random.Random,
        commune: str,
        meeting: dict[str, Any],
        roster: list[str],
        when: tuple[int, bool],
        rubric: dict[str, Any],
    ) -> None:
        (month, weak), day = when, date(self.year, when[0], 5)
        notified = day - timedelta(days=1 if rng.random() < 0.1 else 4)
        path = f"/api/v1/meetings/{meeting['id']}"
        sent = f"{notified.isoformat()}T08:00:00+07:00"
        material = {
            "title": f"Dự thảo nghị quyết tháng {month}",
            "url": f"{MATERIALS}/{month:02d}.pdf",
            "sent_at": sent,
        }
        notice = {"materials": [material], "place": "Nhà văn hóa thôn", "agenda": AGENDA, "notified_at": sent}
        await self.send(client, "POST", f"{path}/notice", notice)
        superior = rng.random() < 0.65
        record = {
            "started_at": f"{day.isoformat()}T14:00:00+07:00",
            "ended_at": f"{day.isoformat()}T{'16:30' if meeting['kind'] == 'combined' else '16:00'}:00+07:00",
            "marks": [_mark(rng, member, 0.8 if weak else 0.95) for member in roster],
            "superior_attendees": [{"name": "Đồng chí Đảng ủy viên", "committee_org_id": commune}] if superior else [],
            "minutes": "Chi bộ kiểm điểm việc thực hiện nghị quyết tháng trước và bàn nhiệm vụ tháng tới.",
            "resolutions": [
                {"title": f"Nghị quyết tháng {month}", "text": "…", "votes_for": len(roster), "votes_against": 0}
            ],
        }
        await self.send(client, "POST", f"{path}/record", record)
        if superior and rng.random() < 0.5:
            await self.evaluate(client, rng, commune, meeting["id"], rubric)

    async def evaluate(
        self, client: httpx.AsyncClient, rng: random.Random, commune: str, meeting_id: str, rubric: dict[str, Any]
    ) -> None:
        quality = rng.choice([0.95, 0.9, 0.85, 0.8, 0.75, 0.6])
        scores = {c["code"]: int(c["weight"] * quality) for c in rubric["criteria"]}
        await self.send(client, "PUT", f"/api/v1/meetings/{meeting_id}/evaluation", {"scores": scores})
        async with self.client("meetings", org=commune, role="inspector", subject="demo-committee") as committee:
            await self.send(committee, "POST", f"/api/v1/meetings/{meeting_id}/evaluation/confirm", {})

    # ---- members ------------------------------------------------------------------------------------------

    async def recognitions(self) -> str:
        due = [
            x
            for members in self.p.members.values()
            for x in members
            if x["status"] == "probationary" and add_months(date.fromisoformat(x["admission_date"]), 12) < self.today
        ]
        for member in due:
            vote = add_months(date.fromisoformat(member["admission_date"]), 12) + timedelta(days=3)
            body = {"vote_date": min(vote, self.today).isoformat(), "note": "Chi bộ biểu quyết công nhận"}
            await self.send(self.m, "POST", f"/api/v1/members/{member['id']}/recognise", body)
        return f"{len(due)} probationary members recognised"

    async def admissions(self) -> str:
        from grassroots_cli.demo_pipeline import admit

        admitted = 0
        for commune, branches in self.p.communes.items():
            for branch in branches[:2]:
                officials = [x for x in self.p.members.get(branch, []) if x["status"] == "official"]
                await admit(self, commune, branch, officials, admitted)
                admitted += 1
        return f"{admitted} candidates admitted"

    async def disciplines(self) -> str:
        from grassroots_cli.demo_pipeline import discipline

        done = 0
        for index, (commune, branches) in enumerate(self.p.communes.items()):
            member = self.p.members[branches[-1]][-1]
            await discipline(self, commune, member["id"], "warning" if index % 3 == 0 else "reprimand", index)
            done += 1
        return f"{done} disciplinary decisions"

    async def inspections(self) -> str:
        from grassroots_cli.demo_pipeline import inspect

        return f"{await inspect(self)} inspections concluded"

    async def classification(self) -> str:
        from grassroots_cli.demo_pipeline import classify

        return f"{await classify(self)} branches classified for {self.year}"


def _mark(rng: random.Random, member_id: str, present: float) -> dict[str, Any]:
    draw = rng.random()
    if draw < present:
        return {"member_id": member_id, "mark": "present"}
    if draw < present + (1 - present) * 0.7:
        return {"member_id": member_id, "mark": "excused", "reason": rng.choice(REASONS)}
    return {"member_id": member_id, "mark": "unexcused"}


def _waiting(response: httpx.Response) -> bool:
    """The refusal says the data is still on its way (a service's copy lags, or an organisation arrives later)."""
    try:
        rule = response.json().get("rule")
    except ValueError:
        return False
    return rule in {"copy.not_known_yet", "attendance.roster_unknown"}
