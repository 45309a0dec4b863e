"""GET /api/v1/imports lists jobs with progress (filterable, scoped); a job whose process stopped (its heartbeat
went silent) ends as failed with the reason import.interrupted, at startup or when jobs are read."""

from __future__ import annotations

import csv
import io
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from membership.imports.models import ImportJob
from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()


def one_row_csv(branch: str, external_id: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "full_name", "gender", "birth_date", "national_id", "org_id"])
    writer.writerow(
        [external_id, "Nguyễn Văn Một", "male", "1985-05-15", f"{zlib.crc32(external_id.encode()):012d}", branch]
    )
    return out.getvalue().encode()


async def stalled_job(m: Any, org_id: str, *, silent_for: timedelta) -> str:
    """A job left "running" by a process that stopped: its last heartbeat is ``silent_for`` ago."""
    job_id = str(uuid.uuid4())
    async with m.db.uow() as uow:
        await uow.session.execute(
            insert(ImportJob).values(
                id=job_id,
                status="running",
                format="csv",
                source_system="HRM",
                dry_run=False,
                actor="tester",
                scope_org_id=org_id,
                rows_total=10,
                rows_created=4,
                report=[],
                heartbeat_at=datetime.now(UTC) - silent_for,
            )
        )
        await uow.commit()
    return job_id


async def test_jobs_are_listed_newest_first_with_progress_filtered_and_scoped(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        headers = {**ADMIN, "Content-Type": "text/csv"}
        mine = auth(t.province, "integration")
        for source, branch in (("HRM", t.branch), ("HRM", t.branch2), ("PAYROLL", t.branch)):
            r = await m.client.post(
                f"/api/v1/imports?source_system={source}",
                headers={**headers, **mine},
                content=one_row_csv(branch, f"{source}-{branch}"),
            )
            assert r.status_code == 202, r.text

        async def all_done() -> list[Any] | None:
            items = (await m.client.get("/api/v1/imports", headers=mine)).json()["items"]
            return items if len(items) == 3 and all(i["status"] == "done" for i in items) else None

        jobs = await eventually(all_done, "three finished jobs")
        assert [j["source_system"] for j in jobs] == ["PAYROLL", "HRM", "HRM"]  # newest first
        assert all((j["rows_processed"], j["rows_total"], j["rows_created"]) == (1, 1, 1) for j in jobs)
        hrm = (await m.client.get("/api/v1/imports?source_system=HRM&limit=1", headers=mine)).json()
        assert len(hrm["items"]) == 1
        assert hrm["next_cursor"]
        rest = await m.client.get(f"/api/v1/imports?source_system=HRM&cursor={hrm['next_cursor']}", headers=mine)
        assert [j["id"] for j in rest.json()["items"]] == [jobs[2]["id"]]
        failed = await m.client.get("/api/v1/imports?status=failed", headers=mine)
        assert failed.json()["items"] == []
        other = await m.client.get("/api/v1/imports", headers=auth(t.other_province, "integration"))
        assert other.json()["items"] == []
        assert (await m.client.get("/api/v1/imports", headers=auth(t.branch, "viewer"))).status_code == 403


async def test_a_job_whose_heartbeat_stopped_ends_failed_with_its_reason_and_a_live_one_keeps_running(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership", import_heartbeat_timeout_seconds=300) as m:
        t = await tree_builder(m.client)
        dead = await stalled_job(m, t.province, silent_for=timedelta(minutes=10))
        alive = await stalled_job(m, t.province, silent_for=timedelta(seconds=5))
        job = (await m.client.get(f"/api/v1/imports/{dead}", headers=ADMIN)).json()
        assert (job["status"], job["error"], job["rows_created"]) == ("failed", "import.interrupted", 4)
        assert job["finished_at"] is not None
        listed = {j["id"]: j["status"] for j in (await m.client.get("/api/v1/imports", headers=ADMIN)).json()["items"]}
        assert listed == {dead: "failed", alive: "running"}


async def test_jobs_left_running_by_a_stopped_process_are_ended_when_the_service_starts(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership", import_heartbeat_timeout_seconds=60) as m:
        t = await tree_builder(m.client)
        dead = await stalled_job(m, t.province, silent_for=timedelta(hours=1))
        database_url = m.database_url
    async with services.run("membership", database_url=database_url) as restarted:
        async with restarted.db.read_session() as session:
            job = await session.get(ImportJob, dead)
        assert job is not None
        assert (job.status, job.error) == ("failed", "import.interrupted")
