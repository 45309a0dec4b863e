"""The fault suite's one load driver and its one judge.

``Load`` runs workers that register members, transfer them out and in between branches of two communes and expel
them through inspection's discipline, spreading membership requests over every membership process. It records
what each answer acknowledged: a 2xx is a promise, a 4xx a refusal that changed nothing, anything else (no answer
because the process was killed, a 5xx) leaves that member's state unknown, and the member is left alone from then.

``converged`` is the judge every scenario ends with: every acknowledged write is in membership, and reporting's
current stock equals membership's own headcount at every organisation of the tree (and its registrations and
expulsions equal membership's lists), through every reporting process, and is still equal once no consumer has
anything left to redeliver (a redelivery counted twice would show)."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import nats

from grassroots_cli.stack import Stack
from shared.auth import mint_token
from shared.testing.harness import TEST_SECRET
from shared.testing.polling import eventually

REGISTERED_ON = "2026-01-05"
TRANSFERRED_ON = "2026-03-02"
PRESENTED_ON = "2026-03-10"
EXPELLED_ON = "2026-04-01"


def bearer(org: str = "*", role: str = "admin") -> dict[str, str]:
    token = mint_token(TEST_SECRET, subject="faults", org=org, roles=[role])
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


@dataclass
class Tree:
    """A province, one district, two communes with two branches each: transfers cross communes."""

    province: str
    district: str
    communes: list[str]
    branches: list[str]

    @property
    def orgs(self) -> list[str]:
        return [self.province, self.district, *self.communes, *self.branches]

    def elsewhere(self, branch: str) -> str:
        """A branch of the other commune."""
        return self.branches[(self.branches.index(branch) + 1) % len(self.branches)]


async def build_tree(membership: httpx.AsyncClient) -> Tree:
    async def org(name: str, kind: str, parent: str | None) -> str:
        body = {"name": name, "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"}
        response = await membership.post("/api/v1/orgs", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    province = await org("Tỉnh Thử Lỗi", "province", None)
    district = await org("Huyện Thử Lỗi", "district", province)
    communes = [await org(f"Đảng ủy xã {n}", "grassroots_committee", district) for n in (1, 2)]
    branches = [await org(f"Chi bộ {n}", "branch", communes[n % 2]) for n in range(4)]
    return Tree(province, district, communes, branches)


@dataclass
class Member:
    id: str
    branch: str
    status: str  # what membership acknowledged last: official | probationary | transfer_pending | expelled
    uncertain: bool = False  # an operation on it ended without an answer: its state is whatever membership says
    born_at: int = 0  # the worker iteration that created it (expel only members inspection has had time to learn)


@dataclass
class Load:
    """Workers registering, transferring and expelling until ``stop()``; every answer tallied by operation."""

    stack: Stack
    tree: Tree
    membership: list[str]  # instance names of the membership processes the load is spread over
    members: list[Member] = field(default_factory=list)
    tally: Counter[tuple[str, int | str]] = field(default_factory=Counter)
    refusals: dict[tuple[str, int], str] = field(default_factory=dict)  # the first body of each refusal, to read
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _clients: list[httpx.AsyncClient] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def start(self, workers: int = 3) -> None:
        self._clients = [
            httpx.AsyncClient(base_url=self.stack.url(m), headers=bearer(), timeout=30) for m in self.membership
        ]
        inspector = bearer(self.tree.province, "inspector")
        self._inspection = httpx.AsyncClient(base_url=self.stack.url("inspection"), headers=inspector, timeout=30)
        self._next_client = itertools.cycle(self._clients)
        self._tasks = [asyncio.create_task(self._worker(w)) for w in range(workers)]

    async def stop(self) -> None:
        self._stopping.set()
        await asyncio.gather(*self._tasks)
        for client in (*self._clients, self._inspection):
            await client.aclose()

    def count(self, operation: str, outcome: int | str | None = None) -> int:
        return sum(n for (op, out), n in self.tally.items() if op == operation and outcome in (None, out))

    async def runs_on(self, attempts: int = 15, timeout: float = 60.0) -> None:
        """Wait until the load has made ``attempts`` more requests of any outcome (so a fault happens mid-load)."""
        goal = self.tally.total() + attempts

        async def made() -> bool:
            return self.tally.total() >= goal

        await eventually(made, f"{attempts} more requests of the load", timeout=timeout)

    async def acknowledges(self, more: int, operation: str = "create", timeout: float = 90.0) -> None:
        """Wait until ``more`` further ``operation`` requests are acknowledged (the services serve again)."""
        goal = self.count(operation, 201) + more

        async def served() -> bool:
            return self.count(operation, 201) >= goal

        await eventually(served, f"{more} more acknowledged {operation} requests", timeout=timeout)

    async def _worker(self, worker: int) -> None:
        mine: list[Member] = []
        for step in itertools.count(1):
            if self._stopping.is_set():
                return
            await self._create(mine, worker, step)
            standing = [m for m in mine if not m.uncertain and m.status in ("official", "probationary")]
            if step % 3 == 0 and standing:
                await self._transfer(standing[-1], receive=step % 6 != 0)
            # a probationary member cannot be expelled (only reprimanded or warned): officials only
            ripe = [m for m in standing if step - m.born_at >= 8 and m.status == "official"]
            if step % 4 == 0 and ripe:
                await self._expel(ripe[0])

    async def _call(self, operation: str, client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> Any:
        """The answer's body when acknowledged, ``False`` when refused (4xx), ``None`` when unknown."""
        try:
            response = await client.post(path, json=body)
        except httpx.HTTPError:
            self.tally[operation, "no answer"] += 1
            await asyncio.sleep(0.2)  # the process is down: do not spin
            return None
        self.tally[operation, response.status_code] += 1
        if response.is_success:
            return response.json()
        self.refusals.setdefault((operation, response.status_code), response.text[:400])
        return False if response.status_code < 500 else None

    async def _create(self, mine: list[Member], worker: int, step: int) -> None:
        n = next(self._ids)
        branch = self.tree.branches[n % len(self.tree.branches)]
        status = "official" if n % 3 else "probationary"
        body = {
            "full_name": f"Trần Văn {n}",
            "gender": "male" if n % 2 else "female",
            "birth_date": "1988-04-09",
            "national_id": f"0790{worker:02d}{n:06d}",
            "org_id": branch,
            "status": status,
            "admission_date": "2024-11-01" if status == "probationary" else "2010-05-19",
            "effective_date": REGISTERED_ON,
        }
        created = await self._call("create", next(self._next_client), "/api/v1/members", body)
        if created:
            member = Member(created["id"], branch, created["status"], born_at=step)
            mine.append(member)
            self.members.append(member)

    async def _transfer(self, member: Member, *, receive: bool) -> None:
        target = self.tree.elsewhere(member.branch)
        out = {"effective_date": TRANSFERRED_ON, "transfer_kind": "permanent", "to_org_id": target}
        sent = await self._call(
            "transfer-out", next(self._next_client), f"/api/v1/members/{member.id}/transfer-out", out
        )
        if not self._settle(member, sent, "transfer_pending") or not receive:
            return
        body = {"org_id": target, "presented_on": PRESENTED_ON}
        received = await self._call(
            "transfer-in", next(self._next_client), f"/api/v1/members/{member.id}/transfer-in", body
        )
        if self._settle(member, received, received and received["status"]):
            member.branch = target

    async def _expel(self, member: Member) -> None:
        body = {
            "target_type": "member",
            "target_id": member.id,
            "measure": "expulsion",
            "decision_number": f"{member.id[:8]}-QĐ/UBKT",
            "decision_date": EXPELLED_ON,
            "issuing_org_id": self.tree.district,
            "violation_date": "2026-02-15",
        }
        decided = await self._call("expel", self._inspection, "/api/v1/disciplines", body)
        self._settle(member, decided, "expelled")

    @staticmethod
    def _settle(member: Member, answer: Any, status: str) -> bool:
        if answer is None:
            member.uncertain = True
        elif answer:
            member.status = status
        return bool(answer)


Figures = tuple[int, ...]
STOCK = ("members_total", "members_official", "members_probationary", "members_transfer_pending")
FLOWS = ("registrations", "expulsions")  # compared where the whole load happens: the province and the district


async def truth_of(membership: httpx.AsyncClient, tree: Tree) -> dict[str, Figures]:
    """Membership's own truth per organisation: its headcount (counted, official, probationary, transfer pending),
    and for the province and the district also every member it lists and those of them expelled."""
    truth: dict[str, Figures] = {}
    for org in tree.orgs:
        response = await membership.get("/api/v1/members/headcount", params={"under": org})
        assert response.status_code == 200, response.text
        by_status = response.json()["by_status"]
        counts = (by_status.get(s, 0) for s in ("official", "probationary", "transfer_pending"))
        truth[org] = (response.json()["counted"], *counts)
    for org in (tree.province, tree.district):
        truth[org] += (await _listed(membership, org), await _listed(membership, org, "expelled"))
    return truth


async def figures_of(reporting: httpx.AsyncClient, org: str, names: int) -> Figures | None:
    """Reporting's figures for ``org`` in the shape of ``truth_of`` (``None`` while it does not know the org)."""
    response = await reporting.get(f"/api/v1/reports/{org}/summary", params={"period": "2026"})
    if response.status_code != 200:
        return None
    f = response.json()["figures"]
    return tuple(f[name] for name in (*STOCK, *FLOWS)[:names])


async def converged(stack: Stack, load: Load, reporting: list[str], timeout: float = 90.0) -> None:
    """Every acknowledged write is in membership; reporting equals membership at every organisation through every
    reporting process, and still does once every consumer has acked everything (so a redelivery after ``ack_wait``
    cannot move a figure later); nothing is parked or dead-lettered anywhere."""
    errors = {k: n for k, n in load.tally.items() if isinstance(k[1], int) and k[1] >= 500}
    assert not errors, f"server errors under the fault: {errors} {load.refusals}"
    async with httpx.AsyncClient(base_url=stack.url("membership"), headers=bearer(), timeout=30) as membership:
        await _acknowledged_writes_kept(membership, load, timeout)
        truth = await truth_of(membership, load.tree)
    for instance in reporting:
        async with httpx.AsyncClient(base_url=stack.url(instance), headers=bearer(), timeout=30) as client:
            await _equal(client, truth, f"{instance} equal to membership at every organisation", timeout)
    await eventually(lambda: _delivered(stack.nats_url), "every consumer acked everything", timeout=timeout)
    for instance in reporting:  # nothing is left to redeliver: the figures are final
        async with httpx.AsyncClient(base_url=stack.url(instance), headers=bearer(), timeout=30) as client:
            await _equal(client, truth, f"{instance} still equal", 0.0)
    names = {
        org: kind for kind, org in zip(("province", "district", "commune 1", "commune 2"), load.tree.orgs, strict=False)
    }
    names.update({branch: f"branch {n}" for n, branch in enumerate(load.tree.branches)})
    for instance in list(stack.processes):
        async with httpx.AsyncClient(base_url=stack.url(instance), headers=bearer(), timeout=30) as client:
            dead = (await client.get("/api/v1/admin/dead-letters")).json()["items"]
            assert dead == [], f"{instance} dead letters: {dead}"
            await _unparked(client, f"{instance} parks nothing (tree: {names})", timeout)


async def _unparked(client: httpx.AsyncClient, what: str, timeout: float) -> None:
    """An event parked for an organisation another stream had not delivered yet is retried with back-off."""
    parked: list[Any] = []

    async def none() -> bool:
        parked[:] = (await client.get("/api/v1/admin/parked")).json()["items"]
        return not parked

    try:
        await eventually(none, what, timeout=timeout, interval=1.0)
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {parked}") from None


async def _delivered(nats_url: str) -> bool:
    """No consumer of any stream has a message pending or delivered but unacked."""
    connection = await nats.connect(nats_url)
    try:
        js = connection.jetstream()
        for stream in await js.streams_info():
            for consumer in await js.consumers_info(stream.config.name or ""):
                if consumer.num_pending or consumer.num_ack_pending:
                    return False
        return True
    finally:
        await connection.close()


async def _listed(membership: httpx.AsyncClient, under: str, status: str | None = None) -> int:
    """How many members membership lists under ``under`` (with ``status``, or any): the flows' truth."""
    params: dict[str, str | int] = {"under": under, "limit": 200, **({"status": status} if status else {})}
    listed, cursor = 0, None
    while True:
        page = (
            await membership.get("/api/v1/members", params={**params, **({"cursor": cursor} if cursor else {})})
        ).json()
        listed += len(page["items"])
        if not (cursor := page.get("next_cursor")):
            return listed


async def _equal(client: httpx.AsyncClient, truth: dict[str, Figures], what: str, timeout: float) -> None:
    last: dict[str, Any] = {}

    async def equal() -> bool:
        for org in truth:
            last[org] = await figures_of(client, org, len(truth[org]))
        return all(last[org] == truth[org] for org in truth)

    try:
        await eventually(equal, what, timeout=timeout, interval=0.5)
    except AssertionError as exc:
        diff = {org: (last[org], truth[org]) for org in truth if last[org] != truth[org]}
        raise AssertionError(f"{exc}; (reporting, membership) where they differ: {diff}") from None


async def _acknowledged_writes_kept(membership: httpx.AsyncClient, load: Load, timeout: float) -> None:
    """Each acknowledged registration exists; each member left alone after an acknowledged command is in the
    state that command answered (an expulsion reaches membership through inspection's event, hence the wait)."""

    wrong: list[str] = []

    async def kept() -> bool:
        wrong.clear()
        for member in load.members:
            response = await membership.get(f"/api/v1/members/{member.id}")
            assert response.status_code == 200, f"acknowledged registration lost: {member.id} {response.text}"
            got = response.json()
            if not member.uncertain and (got["status"], got["org_id"]) != (member.status, member.branch):
                wrong.append(f"{got['status']} at {got['org_id']}, acknowledged {member}")
        return not wrong

    try:
        await eventually(kept, "every acknowledged write in membership", timeout=timeout, interval=0.5)
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {wrong[:5]}") from None
