"""A province's NATS user reads its province's events and nothing else, against a real nats-server (from the
wheel) configured by ``shared.natsaccounts`` exactly as ``grassroots nats-accounts`` writes it: the events come
from membership's own outbox relay, the reader is a plain nats-py client logged in as the province."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.aio.client import Client as NATS
from sqlalchemy import select

from grassroots_cli.main import build_parser
from shared.devservers import EmbeddedNats
from shared.events import Envelope, province_tokens
from shared.natsaccounts import Province, render_accounts
from shared.schema import outbox
from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()


@pytest.fixture
def accounts_server() -> Any:
    folder = Path(tempfile.mkdtemp(prefix="grassroots-test-nats-accounts-"))
    server = EmbeddedNats(folder, accounts=render_accounts([], {})).start()  # services only, as before any province
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


class Reader:
    """A nats-py client logged in as one province, recording the server's permission errors."""

    def __init__(self, province: Province, password: str) -> None:
        self.province, self.password = province, password
        self.errors: list[str] = []
        self.nc: NATS | None = None

    async def connect(self, url: str) -> NATS:
        async def on_error(exc: Exception) -> None:
            self.errors.append(str(exc))

        self.nc = await nats.connect(
            url,
            user=self.province.user,
            password=self.password,
            inbox_prefix=self.province.inbox_prefix,
            error_cb=on_error,
            allow_reconnect=False,
        )
        return self.nc

    async def read(self, stream: str, count: int) -> list[Envelope]:
        assert self.nc is not None
        sub = await self.nc.jetstream().pull_subscribe_bind(
            "events", stream, inbox_prefix=f"{self.province.inbox_prefix}.pull".encode()
        )
        found: list[Envelope] = []

        async def enough() -> bool:
            try:
                for msg in await sub.fetch(100, timeout=1):
                    found.append(Envelope.from_bytes(msg.data))
                    await msg.ack()
            except TimeoutError:
                pass
            return len(found) >= count

        await eventually(enough, f"{count} events on {stream}", timeout=30)
        with_extra = await _drain(sub)
        return found + with_extra

    def refused(self, subject: str) -> bool:
        return any("permissions violation" in e.lower() and subject.lower() in e.lower() for e in self.errors)


async def _drain(sub: Any) -> list[Envelope]:
    """Whatever else the consumer still has (nothing, when each event arrived exactly once)."""
    try:
        return [Envelope.from_bytes(m.data) for m in await sub.fetch(100, timeout=1.5)]
    except TimeoutError:
        return []


async def _outbox(m: RunningService) -> list[Envelope]:
    async with m.db.read_session() as session:
        rows = (await session.execute(select(outbox.c.envelope).order_by(outbox.c.seq))).scalars()
        return [Envelope.model_validate(r) for r in rows]


def _belongs(envelope: Envelope, province: Province) -> bool:
    return province.id in province_tokens(envelope.orgpath, envelope.previousorgpath)


async def _move_commune_to_other_province(m: RunningService, t: Any) -> None:
    version = (await m.client.get(f"/api/v1/orgs/{t.commune}", headers=ADMIN)).headers["ETag"]
    other = (await m.client.get(f"/api/v1/orgs/{t.other_branch}", headers=ADMIN)).json()
    moved = await m.client.post(
        f"/api/v1/orgs/{t.commune}/move",
        headers={**ADMIN, "If-Match": version},
        json={"parent_id": other["path"].strip("/").split("/")[1], "effective_date": "2026-03-01"},
    )
    assert moved.status_code == 200, moved.text


async def _nats_accounts(
    m: RunningService, server: EmbeddedNats, passwords: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``grassroots nats-accounts`` as an operator runs it: users from membership's tree, the server reloaded,
    the province streams and their consumer created."""
    for name, password in passwords.items():
        monkeypatch.setenv(name, password)
    args = build_parser().parse_args(
        [
            "nats-accounts",
            "--out",
            str(server.accounts_file),
            "--database-url",
            m.database_url,
            "--apply",
            server.url,
            "--reload-pid-file",
            str(server.data_dir / "nats.pid"),
        ]
    )
    before = server.config_load_time()
    assert await asyncio.to_thread(args.func, args) == 0
    await asyncio.to_thread(server.wait_reloaded, before)


@pytest.fixture
async def running(services: ServiceFactory, accounts_server: EmbeddedNats) -> AsyncIterator[RunningService]:
    async with services.run("membership", nats_url=accounts_server.url) as m:
        yield m


async def test_a_province_reads_its_events_and_is_refused_everything_else(
    running: RunningService,
    accounts_server: EmbeddedNats,
    tree_builder: Any,
    member_factory: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    m = running
    t = await tree_builder(m.client)
    a, b = Province(t.province), Province(t.other_province)  # no codes: keyed by their ids
    await _nats_accounts(m, accounts_server, {a.password_env: "pw-a", b.password_env: "pw-b"}, monkeypatch)
    await member_factory(m.client, t.branch)
    await member_factory(m.client, t.other_branch)
    await _move_commune_to_other_province(m, t)  # org.moved: B's event that A's commune left A with
    await m.outbox_drained()
    log = await _outbox(m)
    mine = [e.id for e in log if _belongs(e, a)]
    theirs = [e.id for e in log if _belongs(e, b)]
    assert mine
    assert theirs
    assert set(mine) & set(theirs)

    reader = Reader(a, "pw-a")
    nc = await reader.connect(accounts_server.url)
    try:
        got = await reader.read(a.stream, len(mine))
        assert sorted(e.id for e in got) == sorted(mine)  # each of A's events once, none of B's alone
        assert all(_belongs(e, a) for e in got)
        assert any(e.type.endswith("org.moved.v1") and e.previousorgpath for e in got)
        await _attempt_forbidden(nc, reader, b)
    finally:
        await nc.close()
    membership = await m.runtime.js.stream_info("MEMBERSHIP")
    assert membership.state.messages == len(log)  # nothing the reader tried reached the event stream


async def _attempt_forbidden(nc: NATS, reader: Reader, other: Province) -> None:
    js = nc.jetstream()
    theirs = await js.pull_subscribe_bind(
        "events", other.stream, inbox_prefix=f"{reader.province.inbox_prefix}.x".encode()
    )
    with pytest.raises(TimeoutError):
        await theirs.fetch(1, timeout=1.5)
    await nc.publish(f"grassroots.membership.member.registered.{reader.province.id}", b"{}")
    await nc.subscribe("grassroots.>")
    with pytest.raises(nats.errors.TimeoutError):  # refused: the server answers nothing, the error comes apart
        await js.add_consumer(reader.province.stream, durable_name="mine", deliver_subject="grassroots.x")
    with pytest.raises(nats.errors.TimeoutError):
        await js.delete_stream(reader.province.stream)
    await nc.flush()
    await asyncio.sleep(0.5)
    for subject in (
        f"$JS.API.CONSUMER.MSG.NEXT.{other.stream}.events",
        f"grassroots.membership.member.registered.{reader.province.id}",
        "grassroots.>",
        f"$JS.API.CONSUMER.DURABLE.CREATE.{reader.province.stream}.mine",
        f"$JS.API.STREAM.DELETE.{reader.province.stream}",
    ):
        assert reader.refused(subject), (subject, reader.errors)
