"""PostgreSQL CPU per outbox row: the commit-order trigger as each migration made it, and without it.

Creates three scratch databases on the local PostgreSQL (``postgres@127.0.0.1:5432``; dropped at the end), each
with the outbox table, its partial indexes and the commit-order trigger of ``shared.platform_migrations`` as its
migrations create it: ``per row`` (``upgrade_outbox_commit_order``: one ``UPDATE`` per row inside ``COMMIT``),
``per transaction`` (then ``upgrade_outbox_commit_order_once_per_transaction``) and ``none`` (the trigger
disabled: the floor). Each round runs, on each database in turn, transactions of 1,000 outbox rows (an import
chunk) and transactions of one row (a registration), with 840-byte envelopes, then marks the rows published as
the relay does. ``--overtaken`` makes another connection commit an outbox row between each transaction's
``INSERT`` and its ``COMMIT``, so the per-transaction trigger must renumber (its worst case) instead of keeping
the numbers the ``INSERT`` drew. The server backend's CPU is read from ``/proc`` (run it on the database's
machine); each figure covers 20,000 rows or 2,000 transactions so that the 10 ms ticks do not matter.

    .venv/bin/python bench/outbox_trigger_cost.py [--rounds 4] [--overtaken]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from unittest.mock import patch

import asyncpg

from shared import platform_migrations

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SCRATCH = "outbox_trigger_cost_scratch"
ENVELOPE = json.dumps({"id": str(uuid.uuid4()), "data": {"x": "y" * 800}})
TABLE = """
CREATE TABLE outbox (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id varchar(36) NOT NULL UNIQUE,
  aggregate_id varchar(80) NOT NULL, event_type varchar(200) NOT NULL, nats_subject varchar(200) NOT NULL,
  envelope jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz,
  publish_attempts int NOT NULL DEFAULT 0, last_error text);
CREATE INDEX ix_outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX ix_outbox_aggregate_unpublished ON outbox (aggregate_id, seq) WHERE published_at IS NULL;
"""
INSERT = (
    "INSERT INTO outbox (event_id, aggregate_id, event_type, nats_subject, envelope) "
    "SELECT id, id, 't', 's', $2::jsonb FROM unnest($1::text[]) AS id"
)
PUBLISHED = "UPDATE outbox SET published_at = now() WHERE published_at IS NULL"
SHAPES = {1000: 20, 1: 2000}
"""Rows per transaction: transactions per figure."""


def migration_sql(*steps: Callable[[], None]) -> list[str]:
    """The statements the migration steps execute (their ``op.execute`` recorded instead of run)."""
    executed: list[str] = []
    with patch.object(platform_migrations, "op", SimpleNamespace(execute=executed.append)):
        for step in steps:
            step()
    return executed


VARIANTS = {
    "per row": migration_sql(platform_migrations.upgrade_outbox_commit_order),
    "per transaction": migration_sql(
        platform_migrations.upgrade_outbox_commit_order,
        platform_migrations.upgrade_outbox_commit_order_once_per_transaction,
    ),
    "none": [
        *migration_sql(platform_migrations.upgrade_outbox_commit_order),
        "ALTER TABLE outbox DISABLE TRIGGER outbox_commit_order",
    ],
}


def backend_cpu(pid: int) -> float:
    """User and system CPU seconds of a server backend."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def transactions(conn: asyncpg.Connection, other: asyncpg.Connection | None, rows: int, count: int) -> float:
    """Backend CPU seconds of ``count`` transactions of ``rows`` outbox rows; ``other`` commits a row inside each."""
    pid = await conn.fetchval("SELECT pg_backend_pid()")
    spent = 0.0
    for _ in range(count):
        before = backend_cpu(pid)
        async with conn.transaction():
            await conn.execute(INSERT, [str(uuid.uuid4()) for _ in range(rows)], ENVELOPE)
            if other is not None:
                spent += backend_cpu(pid) - before
                await other.execute(INSERT, [str(uuid.uuid4())], ENVELOPE)
                before = backend_cpu(pid)
        spent += backend_cpu(pid) - before
    await conn.execute(PUBLISHED)
    return spent


async def measure(databases: dict[str, str], rounds: int, overtaken: bool) -> dict[tuple[str, int], list[float]]:
    connections = {name: await asyncpg.connect(url) for name, url in databases.items()}
    others = {name: await asyncpg.connect(url) for name, url in databases.items()} if overtaken else {}
    costs: dict[tuple[str, int], list[float]] = {(name, rows): [] for rows in SHAPES for name in databases}
    try:
        for _ in range(rounds):
            for rows, count in SHAPES.items():
                for name, conn in connections.items():
                    spent = await transactions(conn, others.get(name), rows, count)
                    costs[(name, rows)].append(spent / (rows * count) * 1e6)
    finally:
        for conn in [*connections.values(), *others.values()]:
            await conn.close()
    return costs


async def main(rounds: int, overtaken: bool) -> None:
    admin = await asyncpg.connect(ADMIN)
    databases = {name: f"{SCRATCH}_{n}" for n, name in enumerate(VARIANTS)}
    try:
        for name, database in databases.items():
            await admin.execute(f"DROP DATABASE IF EXISTS {database}")
            await admin.execute(f"CREATE DATABASE {database}")
            conn = await asyncpg.connect(ADMIN.rsplit("/", 1)[0] + f"/{database}")
            try:
                await conn.execute(TABLE + ";\n".join(VARIANTS[name]))
            finally:
                await conn.close()
        load = os.getloadavg()[0]
        urls = {name: ADMIN.rsplit("/", 1)[0] + f"/{database}" for name, database in databases.items()}
        costs = await measure(urls, rounds, overtaken)
        print(
            f"PostgreSQL CPU per outbox row, {rounds} rounds{', each transaction overtaken' if overtaken else ''}, "
            f"load {load:.1f} → {os.getloadavg()[0]:.1f}:"
        )
        for (name, rows), values in costs.items():
            floor = statistics.median(costs[("none", rows)])
            print(
                f"  {rows:>5,}-row transactions, trigger {name:>15}: median {statistics.median(values):6.1f} µs, "
                f"{statistics.median(values) - floor:+6.1f} over none ({', '.join(f'{v:.1f}' for v in values)})"
            )
    finally:
        for database in databases.values():
            await admin.execute(f"DROP DATABASE IF EXISTS {database}")
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--overtaken", action="store_true")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rounds, arguments.overtaken))
