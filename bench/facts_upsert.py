"""What one live facts upsert costs PostgreSQL per row, for several ways of merging a row's deltas (issue 13).

Fills reporting's ``facts`` (its real schema and ``fact_versions`` triggers, migrated to head) with narrow rows
(a branch's month: 12 metrics) and wide rows (an upper level's month or year: 150 metrics, birth years and
categories), then upserts every existing row again with 5 metrics changed, as a live batch does (one
``INSERT ... ON CONFLICT DO UPDATE`` of ``unnest`` arrays per chunk), one variant after the other in rounds (each round
starting with the next variant; ``VACUUM`` after each).
Prints the backend's CPU per row (psutil on the connection's backend process) and this process's
(``time.process_time``): the median of the rounds. Each round adds +1 and then -1, so the rows keep their width and
a metric that sums to zero is dropped and added again (the zero path is measured too).

    .venv/bin/python bench/facts_upsert.py [--wide 1000] [--narrow 6000] [--rounds 3] [--compressed] [--embedded]

``--compressed`` measures the table as it was before migration 0016 (wide rows compressed by TOAST).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from datetime import date

import asyncpg
import orjson
import psutil
from bench_database import DEFAULT_ADMIN, bench_database

from reporting.app import SERVICE_DIR
from reporting.facts.store import merged

UPSERT = (
    "INSERT INTO facts (org_id, month, family, deltas) "
    "SELECT o, m, f, CAST(d AS jsonb) FROM unnest(CAST($1 AS varchar[]), CAST($2 AS date[]), "
    "CAST($3 AS varchar[]), CAST($4 AS text[])) AS t(o, m, f, d) "
    "ON CONFLICT (org_id, month, family) DO UPDATE SET deltas = {merge}"
)

# The variants: (setup SQL, the DO UPDATE expression).
_CONCAT_DELETE = """
  SELECT (a || coalesce(jsonb_object_agg(k, s) FILTER (WHERE s <> 0), '{}'))
         - coalesce(array_agg(k) FILTER (WHERE s = 0), '{}')
  FROM (SELECT key AS k, coalesce(CAST(a ->> key AS bigint), 0) + CAST(value AS bigint) AS s
        FROM jsonb_each_text(b)) AS changed
"""
_STRIP_NULLS = """
  SELECT jsonb_strip_nulls(a || coalesce((
    SELECT jsonb_object_agg(key, nullif(coalesce(CAST(a ->> key AS bigint), 0) + CAST(value AS bigint), 0))
    FROM jsonb_each_text(b)), '{}'::jsonb))
"""
VARIANTS: dict[str, tuple[str, str]] = {
    "floor: the stored value written back": ("", "facts.deltas"),
    "floor: stored || one constant metric (no sums)": ("", """facts.deltas || '{"floor": 1}'"""),
    "sql fn as before 0016 (strip_nulls)": (
        "CREATE OR REPLACE FUNCTION bench_add_old(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE "
        f"PARALLEL SAFE AS $$ {_STRIP_NULLS} $$",
        "bench_add_old(facts.deltas, excluded.deltas)",
    ),
    "sql fn, || then - zero keys (0016)": (
        "CREATE OR REPLACE FUNCTION bench_add_sql(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE "
        f"PARALLEL SAFE AS $$ {_CONCAT_DELETE} $$",
        "bench_add_sql(facts.deltas, excluded.deltas)",
    ),
    "plpgsql fn, strip_nulls": (
        "CREATE OR REPLACE FUNCTION bench_add_plpgsql_strip(a jsonb, b jsonb) RETURNS jsonb LANGUAGE plpgsql "
        f"IMMUTABLE PARALLEL SAFE AS $$ BEGIN RETURN ({_STRIP_NULLS}); END $$",
        "bench_add_plpgsql_strip(facts.deltas, excluded.deltas)",
    ),
    "plpgsql fn, || then - zero keys": (
        "CREATE OR REPLACE FUNCTION bench_add_plpgsql(a jsonb, b jsonb) RETURNS jsonb LANGUAGE plpgsql "
        f"IMMUTABLE PARALLEL SAFE AS $$ BEGIN RETURN ({_CONCAT_DELETE}); END $$",
        "bench_add_plpgsql(facts.deltas, excluded.deltas)",
    ),
    "inline sub-select, strip_nulls": (
        "",
        "jsonb_strip_nulls(facts.deltas || coalesce((SELECT jsonb_object_agg(key, nullif(coalesce(CAST(facts.deltas "
        "->> key AS bigint), 0) + CAST(value AS bigint), 0)) FROM jsonb_each_text(excluded.deltas)), '{}'::jsonb))",
    ),
    "inline sub-select, || then - zero keys (store.merged)": ("", merged("facts.deltas", "excluded.deltas")),
}


def rows(wide: int, narrow: int, sign: int, initial: bool) -> list[tuple[str, date, str, str]]:
    """The fact rows; ``initial`` gives every metric its starting value, otherwise 5 metrics change by ``sign``
    (one of them starts at 0, so it is dropped and added again)."""
    out = []
    for i in range(wide):
        metrics = {f"yob.{1940 + k}": 5 + k for k in range(100)} | {f"trait.occupation.{k}": 3 for k in range(50)}
        if not initial:
            metrics = {"yob.1950": sign, "yob.1960": sign, "trait.occupation.7": sign, "members.active": sign}
            metrics |= {"yob.2099": sign}
        out.append((f"org-wide-{i:05d}", date(2026, 1 + i % 12, 1), "yob", orjson.dumps(metrics).decode()))
    for i in range(narrow):
        metrics = {f"members.m{k}": 2 + k for k in range(12)}
        if not initial:
            metrics = {"members.m1": sign, "members.m2": sign, "members.m3": sign, "members.m4": sign}
            metrics |= {"members.zero": sign}
        out.append((f"org-narrow-{i:05d}", date(2026, 1 + i % 12, 1), "members", orjson.dumps(metrics).decode()))
    out.sort()
    return out


async def upsert(conn: asyncpg.Connection, statement: str, batch: list[tuple[str, date, str, str]]) -> None:
    for start in range(0, len(batch), 5000):
        chunk = batch[start : start + 5000]
        await conn.execute(statement, *([r[k] for r in chunk] for k in range(4)))


async def main(args: argparse.Namespace) -> None:
    print("load average (1 / 5 / 15 min) before: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
    async with bench_database(SERVICE_DIR, args.database_url, embedded=args.embedded, prefix="bench_upsert") as url:
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        backend = psutil.Process(await conn.fetchval("SELECT pg_backend_pid()"))
        for setup, _ in VARIANTS.values():
            if setup:
                await conn.execute(setup)
        if args.compression:
            await conn.execute(f"ALTER TABLE facts ALTER COLUMN deltas SET COMPRESSION {args.compression}")
        if args.toast_target:
            await conn.execute(f"ALTER TABLE facts SET (toast_tuple_target = {args.toast_target})")
        if args.fillfactor:
            await conn.execute(f"ALTER TABLE facts SET (fillfactor = {args.fillfactor})")
        if args.compressed:  # as before migration 0016
            await conn.execute("ALTER TABLE facts RESET (toast_tuple_target)")
        await upsert(conn, UPSERT.format(merge="excluded.deltas"), rows(args.wide, args.narrow, 1, True))
        sizes = await conn.fetch(
            "SELECT family, avg(pg_column_size(deltas))::int AS size, avg(octet_length(deltas::text))::int AS text "
            "FROM facts GROUP BY 1"
        )
        print("stored deltas bytes per row:", {r["family"]: (r["size"], r["text"]) for r in sizes})
        await conn.execute("VACUUM ANALYZE facts")
        shapes = {
            "wide": (rows(args.wide, 0, 1, False), rows(args.wide, 0, -1, False)),
            "narrow": (rows(0, args.narrow, 1, False), rows(0, args.narrow, -1, False)),
        }
        figures: dict[str, list[tuple[float, float]]] = {f"{n} {s}": [] for n in VARIANTS for s in shapes}
        names = [n for n in VARIANTS if not args.only or any(o in n for o in args.only)]
        for round_ in range(args.rounds):
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:  # each in turn goes first
                merge = VARIANTS[name][1]
                statement = UPSERT.format(merge=merge)
                for shape, (plus, minus) in shapes.items():
                    await upsert(conn, statement, plus[:100])  # warm the plan
                    await upsert(conn, statement, minus[:100])
                    server, python = sum(backend.cpu_times()[:2]), time.process_time()
                    async with conn.transaction():
                        await upsert(conn, statement, plus)
                    async with conn.transaction():
                        await upsert(conn, statement, minus)
                    server, python = sum(backend.cpu_times()[:2]) - server, time.process_time() - python
                    n = len(plus) * 2
                    figures[f"{name} {shape}"].append((server / n * 1e6, python / n * 1e6))
                await conn.execute("VACUUM facts")  # every variant starts from the same dead rows: none
        check = await conn.fetchval("SELECT count(*) FROM facts WHERE deltas ? 'members.zero' OR deltas ? 'yob.2099'")
        print(f"rows left with a metric that summed to zero: {check} (must be 0)")
        print(f"upserted rows per variant and round: {args.wide} wide, {args.narrow} narrow, each +1 and -1")
        for name, runs in figures.items():
            if not runs:
                continue
            servers = ", ".join(f"{s:.1f}" for s, _ in runs)
            print(
                f"  {name:42s} PostgreSQL µs/row median {statistics.median(s for s, _ in runs):6.1f} ({servers}); "
                f"this process {statistics.median(p for _, p in runs):.1f}"
            )
        await conn.close()
    print("load average (1 / 5 / 15 min) after: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wide", type=int, default=1000)
    parser.add_argument("--narrow", type=int, default=6000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compression", default="", help="facts.deltas' compression (pglz, lz4; default the table's)")
    parser.add_argument("--toast-target", type=int, default=0, help="facts' toast_tuple_target (default: the table's)")
    parser.add_argument("--only", nargs="*", default=[], help="the variants whose names contain one of these")
    parser.add_argument("--fillfactor", type=int, default=0, help="facts' fillfactor (default: the table's)")
    parser.add_argument("--compressed", action="store_true", help="facts' default toast_tuple_target (before 0016)")
    parser.add_argument("--embedded", action="store_true", help="use an embedded PostgreSQL")
    parser.add_argument("--database-url", default=os.environ.get("GRASSROOTS_BENCH_DATABASE_URL", DEFAULT_ADMIN))
    asyncio.run(main(parser.parse_args()))
