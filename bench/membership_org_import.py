"""Membership's bulk import of organisations: a province of 12,651 units in one call, shuffled, then again.

Generates a province (1 province, 12 districts, 50 grassroots committees each with 20 branches, plus grassroots
branches) as rows in random order (children before parents), then runs ``orgs.bulk.import_orgs`` exactly as
``POST /api/v1/orgs/import`` does after reading the file: one transaction, every unit through the tree's write
path (node, history, ``org.created``, audit). Then the same rows again (nothing changes, nothing is published).

    .venv/bin/python bench/membership_org_import.py [--units 12651] [--embedded]

The database server is ``GRASSROOTS_BENCH_DATABASE_URL`` (an admin URL; default the local PostgreSQL), or an
embedded one with ``--embedded``. The benchmark database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import time
from datetime import date

from bench_database import DEFAULT_ADMIN, bench_database

from membership.app import SERVICE_DIR
from membership.imports.readers import Row
from membership.orgs import bulk
from shared.auth import NATIONAL, Principal, Role
from shared.db import Context, Database, make_engine


def province_rows(units: int) -> list[Row]:
    """A province, its districts, grassroots committees of 20 branches each, and grassroots branches to fill."""
    rows: list[Row] = [{"code": "P", "kind": "province", "name": "Tỉnh", "established_on": "1976-01-01"}]
    districts = 12
    rows += [row(f"D{d}", "P", "district") for d in range(districts)]
    committee = 0
    while len(rows) + 21 <= units:
        code = f"C{committee}"
        rows.append(row(code, f"D{committee % districts}", "grassroots_committee"))
        rows += [row(f"{code}-B{b}", code, "branch") for b in range(20)]
        committee += 1
    rows += [row(f"G{g}", f"D{g % districts}", "grassroots_branch") for g in range(units - len(rows))]
    random.Random(7).shuffle(rows)
    return rows


def row(code: str, parent: str, kind: str) -> Row:
    return {"code": code, "parent_code": parent, "kind": kind, "name": f"Đơn vị {code}", "established_on": "2000-01-01"}


async def timed(db: Database, rows: list[Row], label: str) -> bulk.OrgImport:
    principal = Principal(subject="bench", org_id=NATIONAL, roles=frozenset({Role.ADMIN}))
    started = time.perf_counter()
    run = await bulk.import_orgs(
        db, Context(actor="bench"), principal, rows, dry_run=False, language="en", today=date.today()
    )
    elapsed = time.perf_counter() - started
    print(
        f"{label}: {len(rows):,} rows in {elapsed:,.1f} s ({len(rows) / elapsed:,.0f} units/s); "
        f"created {run.created:,}, unchanged {run.unchanged:,}, rejected {run.rejected:,}"
    )
    return run


async def main(args: argparse.Namespace) -> None:
    async with bench_database(SERVICE_DIR, args.database_url, embedded=args.embedded, prefix="bench_orgs") as url:
        db = Database(make_engine(url, 5), "membership")
        rows = province_rows(args.units)
        await timed(db, rows, "first import ")
        await timed(db, rows, "second import")
        print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
        await db.engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--units", type=int, default=12_651)
    parser.add_argument("--embedded", action="store_true", help="use an embedded PostgreSQL")
    parser.add_argument("--database-url", default=os.environ.get("GRASSROOTS_BENCH_DATABASE_URL", DEFAULT_ADMIN))
    asyncio.run(main(parser.parse_args()))
