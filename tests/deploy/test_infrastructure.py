"""The infrastructure containers' own files, run for real: the PostgreSQL init script against a real server and
NATS started with the compose command and configuration file."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest

from grassroots_cli import compose_check as cc
from tests.deploy.helpers import REPO, base_env, map_paths, mounts, remap, stop, venv_binary

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _psql_dir() -> str:
    try:
        from shared.devservers import _pg_bin

        if (_pg_bin() / "psql").exists():
            return str(_pg_bin())
    except ImportError:
        pass
    return ""


def test_postgres_init_script_creates_one_locked_down_database_per_service(pg, tmp_path: Path) -> None:
    """deploy/postgres/initdb runs as the postgres image runs it (superuser, compose environment and secrets)."""
    compose = cc.load()
    postgres = compose["services"]["postgres"]
    admin = urlsplit(pg.admin_url.replace("postgresql+asyncpg://", "postgresql://"))
    prefix = "gr_deploytest_"  # names of our own, so the shared test server keeps nothing of ours afterwards
    services = [f"{prefix}{s}" for s in cc.SERVICES]
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    for index, service in enumerate(services):
        (secrets / f"{service}_db_password").write_text(f"pw'{index}\"$x")  # quoting is the script's job
    env = base_env(**{k: str(v) for k, v in postgres["environment"].items() if not k.endswith("_FILE")})
    env |= {
        "GRASSROOTS_SERVICES": " ".join(services),
        "GRASSROOTS_SECRETS_DIR": str(secrets),
        "PGHOST": admin.hostname or "127.0.0.1",
        "PGPORT": str(admin.port or 5432),
        "POSTGRES_USER": admin.username or "postgres",
        "PGPASSWORD": admin.password or "",
    }
    env["PATH"] = f"{_psql_dir()}:{env['PATH']}"
    initdb = mounts(postgres, tmp_path)["/docker-entrypoint-initdb.d"]
    scripts = sorted(initdb.glob("*.sh"))
    assert scripts, "no init script mounted"

    async def check() -> None:
        conn = await asyncpg.connect(pg.admin_url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            for service in services:
                role = await conn.fetchrow(
                    "SELECT rolcanlogin, rolsuper, rolcreatedb, rolpassword IS NOT NULL AS pw"
                    " FROM pg_authid WHERE rolname = $1",
                    service,
                )
                assert role is not None
                assert dict(role) == {"rolcanlogin": True, "rolsuper": False, "rolcreatedb": False, "pw": True}
                db = await conn.fetchrow(
                    "SELECT pg_get_userbyid(datdba) AS owner, datacl::text AS acl,"
                    " pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = $1",
                    service,
                )
                assert db is not None
                assert db["owner"] == service
                assert db["enc"] == "UTF8"
                assert not any(entry.startswith("=") for entry in db["acl"].strip("{}").split(",")), (
                    "PUBLIC may not connect"
                )
            url = pg.admin_url.rpartition("/")[0] + f"/{services[0]}"
            inner = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
            try:
                # Extensions are left to the migrations, run as the owner (pg_trgm and unaccent are trusted).
                await inner.execute(f'SET ROLE "{services[0]}"; CREATE EXTENSION pg_trgm; CREATE EXTENSION unaccent')
                owner = await inner.fetchval(
                    "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public'"
                )
                assert owner == services[0]
            finally:
                await inner.close()
        finally:
            for service in services:
                await conn.execute(f'DROP DATABASE IF EXISTS "{service}" WITH (FORCE)')
                await conn.execute(f'DROP ROLE IF EXISTS "{service}"')
            await conn.close()

    try:
        for _ in range(2):  # first start, then an operator's re-run: idempotent
            for script in scripts:
                result = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=60)
                assert result.returncode == 0, result.stderr
    finally:
        asyncio.run(check())


def test_postgres_init_script_refuses_a_missing_password(tmp_path: Path) -> None:
    env = base_env(GRASSROOTS_SERVICES="membership", GRASSROOTS_SECRETS_DIR=str(tmp_path))
    script = REPO / "deploy" / "postgres" / "initdb" / "10-grassroots.sh"
    result = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert "membership_db_password is missing" in result.stderr


def test_nats_starts_with_the_compose_command_and_is_healthy_with_jetstream(tmp_path: Path) -> None:
    from shared.devservers import free_port, wait_for_port

    compose = cc.load()
    nats = compose["services"]["nats"]
    port, monitor = free_port(), free_port()
    args = map_paths(nats["command"], mounts(nats, tmp_path))
    # Network mapping only: listen on loopback and free ports instead of the container's 4222/8222.
    process = subprocess.Popen(
        [venv_binary("nats-server"), *args, "-a", "127.0.0.1", "-p", str(port), "-m", str(monitor)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(monitor, timeout=20, process=process)
        health_url = remap(nats["healthcheck"]["test"][-1], {"127.0.0.1:8222": f"127.0.0.1:{monitor}"})
        assert "js-enabled-only=true" in health_url
        assert _healthy(health_url, within=30.0), "JetStream never reported healthy"  # compose retries the same
        with urllib.request.urlopen(f"http://127.0.0.1:{monitor}/varz", timeout=5) as response:
            varz = json.load(response)
        assert varz["server_name"] == "grassroots-nats-1"
        assert varz["jetstream"]["config"]["sync_always"] is True
        assert varz["jetstream"]["config"]["store_dir"].startswith(str(tmp_path / "natsdata"))
    finally:
        stop(process)


def _healthy(url: str, within: float) -> bool:
    """The health URL answers 200 within ``within`` seconds (JetStream is enabled a moment after the port opens, and
    compose's healthcheck retries for the same reason)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback URL
                if response.status == 200:
                    return True
        except OSError:  # 503 while JetStream starts (HTTPError is an OSError), or the port not answering yet
            pass
        time.sleep(0.2)
    return False
