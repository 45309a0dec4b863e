"""The restore drill: data written before a backup is all there after the databases and streams are wiped and
restored with `grassroots backup` / `grassroots restore`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from grassroots_cli.backup import backup, restore
from shared.testing.harness import ServiceFactory, auth
from shared.testing.servers import NatsForTests, PostgresForTests

ADMIN = auth()


async def _tree(client: Any) -> tuple[list[str], str]:
    ids: list[str] = []
    parent = None
    for name, kind in [
        ("Tỉnh", "province"),
        ("Huyện", "district"),
        ("Xã", "grassroots_committee"),
        ("Chi bộ", "branch"),
    ]:
        response = await client.post(
            "/api/v1/orgs",
            headers=ADMIN,
            json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2026-01-01"},
        )
        parent = response.json()["id"]
        ids.append(parent)
    member = await client.post(
        "/api/v1/members",
        headers=ADMIN,
        json={
            "full_name": "Trần Thị Hoa",
            "gender": "female",
            "birth_date": "1985-03-08",
            "ethnicity": "Tày",
            "national_id": "001085000123",
            "org_id": parent,
            "status": "official",
            "effective_date": "2026-01-05",
        },
    )
    assert member.status_code == 201, member.text
    return ids, member.json()["id"]


async def _stream_messages(js: Any) -> int:
    return int((await js.stream_info("MEMBERSHIP")).state.messages)


async def test_everything_written_before_a_backup_is_there_after_restore(
    services: ServiceFactory,
    pg: PostgresForTests,
    nats: NatsForTests,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database_url = await services.database("membership")
    async with services.run("membership", database_url=database_url) as m:
        org_ids, member_id = await _tree(m.client)
        await m.outbox_drained()
        assert await _stream_messages(m.runtime.js) == 5

    monkeypatch.setenv("MEMBERSHIP_DATABASE_URL", database_url)
    monkeypatch.setenv("NATS_URL", nats.url)
    assert await asyncio.to_thread(backup, tmp_path / "backup") == 0

    name = database_url.rsplit("/", 1)[1]
    await pg.drop_database(name)
    await pg.create_database(name)
    nats.stop()
    nats.embedded.data_dir = tmp_path / "fresh-nats"  # type: ignore[union-attr]
    nats.embedded.start()  # type: ignore[union-attr]

    assert await asyncio.to_thread(restore, tmp_path / "backup") == 0

    async with services.run("membership", database_url=database_url) as m:
        for org_id in org_ids:
            assert (await m.client.get(f"/api/v1/orgs/{org_id}", headers=ADMIN)).status_code == 200
        member = await m.client.get(f"/api/v1/members/{member_id}", headers=ADMIN)
        assert member.json()["full_name"] == "Trần Thị Hoa"
        assert await _stream_messages(m.runtime.js) == 5
