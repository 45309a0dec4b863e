"""Reporting's read side at national scale: a country of 5.6 million members with 60 years of monthly history, its
aggregates filled directly, then the report routes timed through the real ASGI app against the GROUP BY a user
would write over a plain ``members`` table (the ceiling, measured in the same run).

    .venv/bin/python bench/reporting_reads.py [--scale 1] [--reads 200] [--sample 5000] [--embedded] [--keep]

The shortcut, said plainly: loading 5.6 M members through the whole stack takes hours here, so the aggregate
tables are filled in SQL. Their shape comes from reporting's own ingest: a small country (1 province, 10
districts, 100 grassroots, 1,000 branches) is loaded first through the consumers' own path (``apply_lanes``:
handlers, flush, commit) with members admitted 1960–2025 carrying every category the forms count, and meetings
of 2025–2026; each level's rows (months, families, metric keys, yearly roll-ups) become that level's template,
with the values multiplied to the national size of the level. Every organisation of the national tree (63
provinces, 693 districts, ~52,000 grassroots, ~300,000 branches) is then given its level's rows. Grassroots and
branches outside the province measured keep only their rows from ``--recent-from`` (default 2016) unless
``--full``: reads never touch them and they would take hours to write here; they are there for the table's and
the index's size. The ``members`` table holds 5.6 M rows spread over the branches.

No events arrive while the reads are timed, so the sums and figures a process keeps stay valid and a repeated
read costs their fingerprints only; the district's breakdown is timed a second time with the kept figures dropped
before each request (every organisation's figures made again, as when each changed since the last read).

A smoke test (``tests/integration/test_reads_bench_smoke.py``) runs it at ``--scale 0.0001 --sample 50 --reads 3``
in seconds, so it cannot rot; it times nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
from bench_database import POSTMASTERS
from national import Line, print_table, progress
from reporting_history import history
from reporting_throughput import DEFAULT_ADMIN, apply_all, bench_database, run_loop, servers_cpu, tree, workload

from reporting.app import SERVICE_DIR
from reporting.consumers import consumers
from shared.auth import mint_token
from shared.consumer import ConsumerRunner
from shared.db import Database, make_engine
from shared.ethnic_groups import GROUPS
from shared.member_categories import DIMENSIONS
from shared.migrate import upgrade

FULL = {"province": 63, "district": 693, "grassroots_committee": 52_000, "branch": 300_000, "members": 5_600_000}
SAMPLE_MEMBERS = 5_000
SAMPLE = {"province": 1, "district": 10, "grassroots_committee": 100, "branch": 1_000}
PLACES = ("Xuân Lôi", "Hòa Bình", "Tân Phú", "Đông Hưng", "Yên Lạc", "Phú Mỹ", "Quảng Điền", "Bình Minh")
SECRET = "bench-reads-secret-0123456789abcdef"  # noqa: S105  (a throw-away app's dev tokens)


def sizes(scale: float) -> dict[str, int]:
    """The country at ``scale`` (each level at least twice the one above, so a tiny run still has a tree)."""
    out, above = {}, 1
    for level, full in FULL.items():
        out[level] = above = max(2 * above if level != "province" else 2, round(full * scale))
    return out


async def templates(db: Database, sample: int) -> None:
    """Reporting's own ingest on the sample country (``sample`` members, 1.2 meeting events per member), each
    level's rows kept in ``bench_template``."""
    consumer = consumers()[0]
    runner = ConsumerRunner(db, None, consumer)  # type: ignore[arg-type,unused-ignore]
    tree_events, branches = tree()
    await apply_all(runner, tree_events, 200)
    members = history(branches, sample)
    for i, event in enumerate(members):  # the categories the forms count, as membership publishes them
        event.data["ethnic_group"] = GROUPS[i * 7 % len(GROUPS)][0] if i % 6 == 0 else "kinh"
        for d, (dimension, codes) in enumerate(DIMENSIONS.items()):
            event.data[dimension] = list(codes)[(i + d) % len(codes)]
    await apply_all(runner, members, 1000)
    _, meetings = workload(branches, sample * 6 // 5, 0.2)
    await apply_all(ConsumerRunner(db, None, consumers()[1]), meetings, 1000)  # type: ignore[arg-type,unused-ignore]
    async with db.uow() as uow:
        await uow.session.execute(text(TEMPLATE_SQL))
        await uow.commit()


TEMPLATE_SQL = """
CREATE TABLE bench_template AS
WITH chosen AS (SELECT DISTINCT ON (kind) id, kind FROM org_nodes ORDER BY kind, id)
SELECT c.kind, f.month, f.family, f.deltas FROM chosen c JOIN facts f ON f.org_id = c.id
"""


async def fill(dsn: str, n: dict[str, int], recent_from: date, full: bool, sample: int) -> str:
    """The national tree, its facts from the templates (values scaled per level), coverage and ``members``;
    returns the id of the province measured (the first)."""
    conn = await asyncpg.connect(dsn)
    try:
        for label, statement in fill_statements(n):
            progress(f"fill: {label}")
            await conn.execute(statement)
        scale = {k: max(1, round(FULL["members"] / FULL[k] / (sample / SAMPLE[k]))) for k in SAMPLE}
        for kind, factor in scale.items():
            progress(f"fill: facts of every {kind} (template values × {factor})")
            await conn.execute(FACTS_SQL, kind, factor, recent_from, full)
        progress("fill: coverage, indexes, analyse")
        await conn.execute(
            "INSERT INTO coverage (org_id, earliest) SELECT id, DATE '1960-01-01' FROM org_nodes;"
            "INSERT INTO progress (consumer, last_event_at) VALUES ('bench', now());"
            "CREATE INDEX ON members (org_id); DROP TABLE bench_template"
        )
        await conn.execute("VACUUM ANALYZE")
        province: str = await conn.fetchval("SELECT id FROM org_nodes WHERE kind = 'province' ORDER BY id LIMIT 1")
        return province
    finally:
        await conn.close()


def fill_statements(n: dict[str, int]) -> list[tuple[str, str]]:
    names = "ARRAY[" + ",".join(f"'{p}'" for p in PLACES) + "]"
    level = (
        "INSERT INTO org_nodes (id, parent_id, kind, name, path, depth, established_on) "
        "SELECT md5('{kind}' || i)::uuid::text, p.id, '{kind}', '{title} ' || ({names})[1 + i % 8] || ' ' || i, "
        "p.path || md5('{kind}' || i)::uuid::text || '/', p.depth + 1, DATE '1945-01-01' "
        "FROM generate_series(0, {count} - 1) i JOIN (SELECT id, path, depth, row_number() OVER (ORDER BY id) - 1 "
        "AS k FROM org_nodes WHERE kind = '{parent}') p ON p.k = i % {parents}"
    )
    kinds = [("district", "Huyện ủy", "province"), ("grassroots_committee", "Đảng ủy xã", "district")]
    kinds.append(("branch", "Chi bộ thôn", "grassroots_committee"))
    out = [
        ("tree", "TRUNCATE facts, coverage, member_facts, entity_contributions, progress, org_nodes, org_node_history"),
        (
            "provinces",
            f"INSERT INTO org_nodes (id, parent_id, kind, name, path, depth, established_on) "
            f"SELECT md5('province' || i)::uuid::text, NULL, 'province', 'Tỉnh ủy ' || ({names})[1 + i % 8] || ' ' "
            f"|| i, '/' || md5('province' || i)::uuid::text || '/', 0, DATE '1945-01-01' "
            f"FROM generate_series(0, {n['province']} - 1) i",
        ),
    ]
    for kind, title, parent in kinds:
        statement = level.format(kind=kind, title=title, names=names, count=n[kind], parent=parent, parents=n[parent])
        out.append((f"{n[kind]:,} {kind}", statement))
    out += [
        (
            "tree history",
            "INSERT INTO org_node_history (org_id, parent_id, path, name, kind, status, valid_from) "
            "SELECT id, parent_id, path, name, kind, status, established_on FROM org_nodes",
        ),
        (f"{n['members']:,} members", MEMBERS_SQL.format(members=n["members"], branches=n["branch"])),
    ]
    return out


MEMBERS_SQL = """
CREATE TABLE members AS
SELECT i AS id, b.id AS org_id,
       (ARRAY['official','official','official','official','probationary','exempt'])[1 + i % 6] AS status,
       CASE WHEN i % 3 = 0 THEN 'female' ELSE 'male' END AS gender,
       DATE '1930-01-01' + CAST(i * 7919 % 27000 AS int) AS birth_date,
       DATE '1966-01-01' + CAST(i * 104729 % 21900 AS int) AS admission_date
FROM generate_series(CAST(0 AS bigint), {members} - 1) i
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM org_nodes WHERE kind = 'branch') b
  ON b.k = i % {branches}
"""

FACTS_SQL = """
WITH scaled AS (
  SELECT t.month, t.family, (SELECT jsonb_object_agg(e.key, CAST(e.value AS bigint) * $2)
                             FROM jsonb_each_text(t.deltas) e) AS deltas
  FROM bench_template t WHERE t.kind = $1
), measured AS (SELECT path FROM org_nodes WHERE kind = 'province' ORDER BY id LIMIT 1)
INSERT INTO facts (org_id, month, family, deltas)
SELECT o.id, s.month, s.family, s.deltas FROM org_nodes o CROSS JOIN measured m JOIN scaled s ON true
WHERE o.kind = $1 AND ($4 OR o.kind IN ('province', 'district') OR o.path LIKE m.path || '%'
                       OR s.month >= $3 OR (s.family LIKE '%@y' AND s.month >= date_trunc('year', $3)))
"""


async def timed_get(
    client: httpx.AsyncClient, path: str, params: dict[str, str], reads: int, cold: bool = False
) -> tuple[float, float]:
    """p50 and p99 in ms of ``reads`` sequential requests (after two warm-ups); ``cold``: the process's kept
    figures dropped before each (every organisation's figures made again, as after a change to each). Prints
    the CPU per request of this process (the app and the client) and of PostgreSQL (every backend of the
    bench's cluster): steadier than latency on a shared machine."""
    from reporting.reports.queries import forget_figures

    samples, cpu, servers = [], 0.0, 0.0
    for i in range(reads + 2):
        if cold:
            forget_figures()
        if i == 2:
            cpu, servers = time.process_time(), servers_cpu()
        started = time.perf_counter()
        response = await client.get(path, params=params)
        response.raise_for_status()
        if i >= 2:
            samples.append((time.perf_counter() - started) * 1000)
    cpu, servers = (time.process_time() - cpu) / reads * 1000, (servers_cpu() - servers) / reads * 1000
    print(f"  CPU per request: this process {cpu:.2f} ms, PostgreSQL {servers:.2f} ms", flush=True)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


async def sql_ms(dsn: str, query: str, args: tuple[Any, ...], runs: int) -> float:
    """The median of a plain SQL query (the ceilings)."""
    conn, samples = await asyncpg.connect(dsn), []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            await conn.fetch(query, *args)
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        await conn.close()
    return statistics.median(samples)


GROUP_BY_SUMMARY = (
    "SELECT m.status, m.gender, count(*) FROM members m JOIN org_nodes o ON o.id = m.org_id "
    "WHERE o.path LIKE (SELECT path FROM org_nodes WHERE id = $1) || '%' AND m.admission_date <= $2 GROUP BY 1, 2"
)
GROUP_BY_BREAKDOWN = (
    "SELECT split_part(o.path, '/', 3) AS child, m.status, m.gender, count(*) FROM members m "
    "JOIN org_nodes o ON o.id = m.org_id WHERE o.path LIKE (SELECT path FROM org_nodes WHERE id = $1) || '%' "
    "AND m.admission_date <= $2 GROUP BY 1, 2, 3"
)


@contextlib.asynccontextmanager
async def app_client(url: str, org: str) -> AsyncIterator[httpx.AsyncClient]:
    """Reporting's real app (its lifespan, middleware, auth) in this process, through httpx's ASGI transport."""
    from reporting.app import create_app
    from reporting.settings import Settings

    settings = Settings(database_url=url, nats_url="nats://127.0.0.1:9", jwt_secret=SECRET, log_level="ERROR")
    app = create_app(settings)
    headers = {"Authorization": f"Bearer {mint_token(SECRET, subject='bench', org=org, roles=['admin'])}"}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://reporting", headers=headers, timeout=60
        ) as client,
    ):
        yield client


async def measure(url: str, dsn: str, province: str, reads: int, only: str = "") -> list[Line]:
    conn = await asyncpg.connect(dsn)
    district = await conn.fetchval("SELECT id FROM org_nodes WHERE parent_id = $1 ORDER BY id LIMIT 1", province)
    await conn.close()
    end, runs = date(2026, 12, 31), max(3, reads // 40)
    ceiling = {
        "summary": await sql_ms(dsn, GROUP_BY_SUMMARY, (province, end), runs),
        "breakdown": await sql_ms(dsn, GROUP_BY_BREAKDOWN, (province, end), runs),
    }
    lines = []
    async with app_client(url, "*") as client:
        health_p50, health = await timed_get(client, "/healthz", {}, reads)
        lines.append(Line("GET /healthz p99 (framework)", health, "ms"))
        lines.append(Line("GET /healthz p50 (framework)", health_p50, "ms"))
        base = f"/api/v1/reports/{province}"
        cases = [
            ("summary", "summary of a province, 2026, p99", f"{base}/summary", {"period": "2026"}, 20),
            ("summary", "summary of a province, 1966..2026, p99", f"{base}/summary", {"period": "1966..2026"}, 20),
            ("breakdown", "breakdown of a province (districts) p99", f"{base}/breakdown", {"period": "2026"}, 50),
            (
                "breakdown",
                "breakdown of a district (grassroots) p99",
                f"/api/v1/reports/{district}/breakdown",
                {"period": "2026", "limit": "200"},
                50,
            ),
            (
                "breakdown",
                "breakdown of a district, every figure made again, p99",
                f"/api/v1/reports/{district}/breakdown",
                {"period": "2026", "limit": "200", "cold": "1"},
                50,
            ),
            ("", "form 1-BTCTW of a province p99", f"{base}/forms/1-BTCTW", {"period": "2026"}, 0),
            ("", "form 3-BTCTW of a province p99", f"{base}/forms/3-BTCTW", {"period": "2026"}, 0),
            ("", "orgs picker, national search p99", "/api/v1/reports/orgs", {"q": "xuan loi 12"}, 0),
            ("", "orgs picker, province search p99", "/api/v1/reports/orgs", {"q": "xuan loi", "parent": province}, 0),
        ]
        for kind, label, path, params, goal in [c for c in cases if only in c[1]]:
            progress(f"timing {label}")
            cold = params.pop("cold", "") == "1"
            p50, p99 = await timed_get(client, path, params, reads, cold)
            print(f"  {label}: p50 {p50:.1f} ms, p99 {p99:.1f} ms", flush=True)
            if kind:
                lines.append(
                    Speed(label, p99, "ms", ceiling[kind], "GROUP BY members", f"< {goal} ms, ≥ 100× faster",
                         p99 < goal and ceiling[kind] / p99 >= 100)
                )  # fmt: skip
            else:
                lines.append(Line(label, p99, "ms", health, "GET /healthz p99"))
    for kind, value in ceiling.items():
        lines.append(Line(f"ceiling: GROUP BY over members ({kind} shape), median", value, "ms"))
    return lines


class Speed(Line):
    """A latency against a slower ceiling: the ratio is the speed-up (ceiling / value)."""

    @property
    def ratio(self) -> str:
        return f"{self.ceiling / self.value:.1f}×" if self.ceiling and self.value else "—"


async def keep(url: str, seconds: float) -> None:
    """Keep the database for measuring again with ``--reuse`` (until the time is up or the stop file exists)."""
    stop = Path(tempfile.gettempdir()) / "reporting_reads.stop"
    print(f"kept {url} for {seconds:.0f} s (or until {stop} exists)", flush=True)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stop.exists():  # noqa: ASYNC110  (polling a file)
        await asyncio.sleep(2)
    stop.unlink(missing_ok=True)


async def main(args: argparse.Namespace) -> None:
    n, load_before = sizes(args.scale), os.getloadavg()
    if args.reuse:
        await asyncio.to_thread(upgrade, SERVICE_DIR, args.reuse)
        dsn = args.reuse.replace("postgresql+asyncpg://", "postgresql://")
        conn = await asyncpg.connect(dsn)
        province = await conn.fetchval("SELECT id FROM org_nodes WHERE kind = 'province' ORDER BY id LIMIT 1")
        POSTMASTERS.append(psutil.Process(await conn.fetchval("SELECT pg_backend_pid()")).ppid())  # its CPU
        await conn.close()
        lines = await measure(args.reuse, dsn, province, args.reads, args.only)
        print_table(lines, load_before, os.getloadavg(), f"reporting reads, reused database, scale {args.scale}")
        return
    async with bench_database(args.database_url, args.embedded, "bench_reads") as url:
        dsn = url.replace("postgresql+asyncpg://", "postgresql://")
        db = Database(make_engine(url, 5), "reporting")
        progress(f"templates: reporting's ingest of a sample country ({args.sample:,} members 1960–2025)")
        await templates(db, args.sample)
        await db.engine.dispose()
        province = await fill(dsn, n, date.fromisoformat(args.recent_from), args.full, args.sample)
        conn = await asyncpg.connect(dsn)
        rows = await conn.fetchval("SELECT count(*) FROM facts")
        size = await conn.fetchval("SELECT pg_size_pretty(pg_total_relation_size('facts'))")
        await conn.close()
        print(f"country: {n}; facts: {rows:,} rows ({size})", flush=True)
        lines = await measure(url, dsn, province, args.reads)
        print_table(lines, load_before, os.getloadavg(), f"reporting reads, scale {args.scale}")
        if args.keep:
            await keep(url, args.keep)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the 5.6 M-member country")
    parser.add_argument("--reads", type=int, default=200, help="requests per route")
    parser.add_argument("--sample", type=int, default=SAMPLE_MEMBERS, help="members of the sample country")
    parser.add_argument("--recent-from", default="2016-01-01", help="history kept outside the measured province")
    parser.add_argument("--full", action="store_true", help="full history for every organisation (hours here)")
    parser.add_argument("--keep", type=float, default=0, help="seconds to keep the database before dropping it")
    parser.add_argument("--only", default="", help="with --reuse: only the routes whose label holds this text")
    parser.add_argument("--reuse", help="measure only, on a database a run kept (its URL)")
    parser.add_argument("--embedded", action="store_true")
    parser.add_argument(
        "--database-url", default=os.environ.get("GRASSROOTS_BENCH_DATABASE_URL", DEFAULT_ADMIN), help="admin URL"
    )
    arguments = parser.parse_args()
    run_loop("uvloop", main(arguments))
