"""PostgreSQL CPU per outbox row: the commit-order trigger on and off, and the relay's two statements.

Creates a scratch database on the local PostgreSQL (``postgres@127.0.0.1:5432``; dropped at the end) with the
outbox table, its partial indexes and ``shared.platform_migrations``' deferred commit-order trigger, then
alternates transactions of 1,000 outbox rows (840-byte envelopes) with the trigger enabled and disabled, each
followed by the relay's statements for those rows (select 500 unpublished rows, mark them published; twice). The
server backend's CPU is read from ``/proc`` (run it on the database's machine) in 10 ms ticks: quote the medians.

    .venv/bin/python bench/outbox_trigger_cost.py [--rounds 12]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import uuid

import asyncpg

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SCRATCH = "outbox_trigger_cost_scratch"
ROWS = 1000
ENVELOPE = json.dumps({"id": str(uuid.uuid4()), "data": {"x": "y" * 800}})
SCHEMA = """
CREATE TABLE outbox (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id varchar(36) NOT NULL UNIQUE,
  aggregate_id varchar(80) NOT NULL, event_type varchar(200) NOT NULL, nats_subject varchar(200) NOT NULL,
  envelope jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz,
  publish_attempts int NOT NULL DEFAULT 0, last_error text);
CREATE INDEX ix_outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX ix_outbox_aggregate_unpublished ON outbox (aggregate_id, seq) WHERE published_at IS NULL;
CREATE FUNCTION outbox_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(122550254464888);
    UPDATE outbox SET seq = DEFAULT WHERE seq = NEW.seq;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER outbox_commit_order AFTER INSERT ON outbox
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION outbox_commit_order();
"""
INSERT = (
    "INSERT INTO outbox (event_id, aggregate_id, event_type, nats_subject, envelope) "
    "SELECT id, id, 't', 's', $2::jsonb FROM unnest($1::text[]) AS id"
)
UNPUBLISHED = "SELECT seq FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT 500"
PUBLISHED = "UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])"


def backend_cpu(pid: int) -> float:
    """User and system CPU seconds of a server backend."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(conn: asyncpg.Connection, rounds: int) -> dict[str, list[float]]:
    pid = await conn.fetchval("SELECT pg_backend_pid()")
    costs: dict[str, list[float]] = {"insert with the trigger": [], "insert without it": [], "relay's statements": []}
    for _ in range(rounds):
        for trigger in (True, False):
            await conn.execute(f"ALTER TABLE outbox {'ENABLE' if trigger else 'DISABLE'} TRIGGER outbox_commit_order")
            before = backend_cpu(pid)
            async with conn.transaction():
                await conn.execute(INSERT, [str(uuid.uuid4()) for _ in range(ROWS)], ENVELOPE)
            costs["insert with the trigger" if trigger else "insert without it"].append(
                (backend_cpu(pid) - before) / ROWS * 1e6
            )
            before = backend_cpu(pid)
            for _ in range(ROWS // 500):
                seqs = [row["seq"] for row in await conn.fetch(UNPUBLISHED)]
                await conn.execute(PUBLISHED, seqs)
            costs["relay's statements"].append((backend_cpu(pid) - before) / ROWS * 1e6)
    return costs


async def main(rounds: int) -> None:
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
    await admin.execute(f"CREATE DATABASE {SCRATCH}")
    try:
        conn = await asyncpg.connect(ADMIN.rsplit("/", 1)[0] + f"/{SCRATCH}")
        try:
            await conn.execute(SCHEMA)
            costs = await measure(conn, rounds)
        finally:
            await conn.close()
        print(f"PostgreSQL CPU per outbox row, {rounds} rounds of {ROWS:,} rows, load {os.getloadavg()[0]:.1f}:")
        for what, values in costs.items():
            print(f"  {what}: median {statistics.median(values):.0f} µs ({', '.join(f'{v:.0f}' for v in values)})")
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=12)
    asyncio.run(main(parser.parse_args().rounds))
