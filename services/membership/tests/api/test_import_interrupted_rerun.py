"""An import ended as interrupted while its process still runs it (its heartbeat came late) must stop at its next
chunk with nothing of that chunk written, and the re-run that replaces it changes each remaining row once; two runs
of the same file at once change and publish each row once. A CI run of the change feed across a crash once read
15,000 member changes where 10,000 were made: runs ended as interrupted went on writing beside their re-runs (one
an older file's phone numbers back over the newer), and two runs reading the same members both changed them.
Real PostgreSQL: what fences the runs is the job row's lock and the members' row locks."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update

from membership.imports import commands, jobs, uploads
from membership.imports.models import ImportJob
from membership.imports.plan import ImportRun
from membership.imports.readers import ImportFormat
from shared.auth import NATIONAL, Principal, Role
from shared.calendar import today_in_vietnam
from shared.db import Context
from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
ROWS, CHUNK = 12, 3
HALF = ROWS // 2  # rows the ended run committed before it was ended
UPDATED = "vn.party.membership.member.updated.v1"


def hr_export(branch: str, phone: str, rows: range = range(ROWS)) -> bytes:
    """The same people every time; only the phone number differs between two exports."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "full_name", "gender", "birth_date", "national_id", "org_id", "phone"])
    for i in rows:
        writer.writerow([f"HR-{i}", "Trần Thị Lan", "female", "1990-02-03", f"{7700 + i:012d}", branch, phone])
    return out.getvalue().encode()


async def imported(m: RunningService, body: bytes) -> dict[str, Any]:
    """Import through the API and wait for the job's end."""
    started = await m.client.post(
        "/api/v1/imports?source_system=HRM", headers={**ADMIN, "Content-Type": "text/csv"}, content=body
    )
    assert started.status_code == 202, started.text

    async def ended() -> dict[str, Any] | None:
        job: dict[str, Any] = (await m.client.get(started.headers["Location"], headers=ADMIN)).json()
        return None if job["status"] == "running" else job

    return await eventually(ended, "the import to end")


async def started_job(m: RunningService) -> ImportRun:
    """A job row as the API records it, and the run its process holds."""
    run = ImportRun(
        job_id=str(uuid.uuid4()),
        source_system="HRM",
        principal=Principal(subject="tester", org_id=NATIONAL, roles=frozenset({Role.ADMIN})),
        dry_run=False,
        language="en",
        today=today_in_vietnam(),
    )
    row = {"status": "running", "format": "csv", "dry_run": False, "actor": "tester", "report": []}
    async with m.db.uow() as uow:
        await uow.session.execute(
            insert(ImportJob).values(
                id=run.job_id,
                source_system="HRM",
                scope_org_id=NATIONAL,
                rows_total=ROWS,
                **row,
                heartbeat_at=datetime.now(UTC),
            )
        )
        await uow.commit()
    return run


async def run_file(m: RunningService, run: ImportRun, path: Path, body: bytes) -> None:
    await asyncio.to_thread(path.write_bytes, body)
    limits = uploads.limits(m.app.state.settings)
    await commands.run_import(m.db, Context(actor="tester"), run, path, ImportFormat.CSV, limits, CHUNK)


async def updates_per_member(m: RunningService) -> Counter[str]:
    return Counter(e["data"]["member_id"] for e in await m.outbox_envelopes(UPDATED))


async def test_a_run_ended_as_interrupted_writes_nothing_more_and_its_rerun_changes_each_row_once(
    services: ServiceFactory, tree_builder: Any, tmp_path: Path
) -> None:
    async with services.run("membership", import_chunk_rows=CHUNK, import_heartbeat_timeout_seconds=60) as m:
        t = await tree_builder(m.client)
        assert (await imported(m, hr_export(t.branch, "0912000000")))["rows_created"] == ROWS
        run = await started_job(m)
        await run_file(m, run, tmp_path / "first_half.csv", hr_export(t.branch, "0987000000", range(HALF)))
        before = await updates_per_member(m)
        assert sorted(before.values()) == [1] * HALF
        # its heartbeat came late (a loaded machine): the job is ended while the run still goes on
        async with m.db.uow() as uow:
            late = datetime.now(UTC) - timedelta(minutes=5)
            await uow.session.execute(update(ImportJob).where(ImportJob.id == run.job_id).values(heartbeat_at=late))
            await uow.commit()
        assert await jobs.end_interrupted(m.db, m.app.state.settings) == 1
        with pytest.raises(commands.Interrupted):
            await run_file(m, run, tmp_path / "second_half.csv", hr_export(t.branch, "0987000000", range(HALF, ROWS)))
        assert sum((await updates_per_member(m)).values()) == HALF  # the ended run's chunk was rolled back
        job = (await m.client.get(f"/api/v1/imports/{run.job_id}", headers=ADMIN)).json()
        assert (job["status"], job["error"], job["rows_updated"]) == ("failed", "import.interrupted", HALF)

        rerun = await imported(m, hr_export(t.branch, "0987000000"))
        assert (rerun["status"], rerun["rows_updated"], rerun["rows_unchanged"]) == ("done", HALF, HALF)
        changes = await updates_per_member(m)
        assert sorted(changes.values()) == [1] * ROWS  # each member changed once, none twice


async def test_two_runs_of_the_same_file_at_once_change_and_publish_each_row_once(
    services: ServiceFactory, tree_builder: Any, tmp_path: Path
) -> None:
    async with services.run("membership", import_chunk_rows=CHUNK) as m:
        t = await tree_builder(m.client)
        assert (await imported(m, hr_export(t.branch, "0912000000")))["rows_created"] == ROWS
        runs = [await started_job(m), await started_job(m)]
        body = hr_export(t.branch, "0987000000")
        await asyncio.gather(*(run_file(m, run, tmp_path / f"{i}.csv", body) for i, run in enumerate(runs)))
        assert sum(run.updated for run in runs) == ROWS  # each row changed by one run; the other found it done
        assert sum(run.unchanged for run in runs) == ROWS
        changes = await updates_per_member(m)
        assert sorted(changes.values()) == [1] * ROWS
        versions = [e["data"]["version"] for e in await m.outbox_envelopes(UPDATED)]
        assert versions == [2] * ROWS  # no event claims a version another one already had
