"""The restore drill: data written before a backup is all there after the databases and streams are wiped and
restored with `grassroots backup` / `grassroots restore`."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from grassroots_cli.backup import backup, restore
from grassroots_cli.scans import backup_scans, configured_store
from shared.testing.harness import ServiceFactory, auth
from shared.testing.s3 import bucket_objects, s3_client, s3_scan_settings, s3_server
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


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def _scan_env(monkeypatch: pytest.MonkeyPatch, settings: dict[str, Any]) -> None:
    """The variables membership (and so `grassroots backup`) reads for these settings."""
    for name, value in settings.items():
        monkeypatch.setenv(f"MEMBERSHIP_{name.upper()}", str(value).lower() if isinstance(value, bool) else str(value))


@pytest.mark.parametrize("kind", ["disk", "s3"])
async def test_the_record_scans_are_backed_up_and_restored(
    services: ServiceFactory, pg: PostgresForTests, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Scans uploaded through the API, the database and the store (directory or bucket) wiped, both restored:
    every scan downloads again with its bytes."""
    with contextlib.ExitStack() as stack:
        settings: dict[str, Any] = {"record_attachment_dir": str(tmp_path / "scans")}
        if kind == "s3":
            settings |= s3_scan_settings(stack.enter_context(s3_server()), "grassroots-records")
        database_url = await services.database("membership")
        async with services.run("membership", database_url=database_url, **settings) as m:
            _, member_id = await _tree(m.client)
            uploads = f"/api/v1/members/{member_id}/record/attachments"
            ids = []
            for body, kind_of in ((PDF, "application/pdf"), (PNG, "image/png")):
                sent = await m.client.post(uploads, headers={**ADMIN, "Content-Type": kind_of}, content=body)
                assert sent.status_code == 201, sent.text
                ids.append(sent.json()["id"])

        monkeypatch.setenv("MEMBERSHIP_DATABASE_URL", database_url)
        _scan_env(monkeypatch, settings)
        assert await asyncio.to_thread(backup, tmp_path / "backup") == 0
        manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
        assert manifest["scans"] == {"store": kind, "files": 2}

        name = database_url.rsplit("/", 1)[1]
        await pg.drop_database(name)
        await pg.create_database(name)
        if kind == "s3":
            client = s3_client(settings["record_attachment_s3_endpoint"])
            for key in bucket_objects(settings["record_attachment_s3_endpoint"], "grassroots-records"):
                client.delete_object(Bucket="grassroots-records", Key=key)
        shutil.rmtree(tmp_path / "scans")
        assert await asyncio.to_thread(restore, tmp_path / "backup") == 0

        async with services.run("membership", database_url=database_url, **settings) as m:
            got = [await m.client.get(f"{uploads}/{i}", headers=ADMIN) for i in ids]
            assert [(g.status_code, g.content) for g in got] == [(200, PDF), (200, PNG)]


def test_a_damaged_scan_stops_the_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose bytes no longer match its content address is not copied as if it were the scan."""
    sha = hashlib.sha256(PDF).hexdigest()
    (tmp_path / "scans" / sha[:2]).mkdir(parents=True)
    (tmp_path / "scans" / sha[:2] / sha).write_bytes(PDF + b"tampered")
    monkeypatch.setenv("MEMBERSHIP_RECORD_ATTACHMENT_DIR", str(tmp_path / "scans"))
    with pytest.raises(RuntimeError, match="does not match its content address"):
        backup_scans(configured_store(), tmp_path / "backup")
