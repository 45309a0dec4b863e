"""The outbox's commit-order trigger (``shared.platform_migrations.upgrade_outbox_commit_order_once_per_transaction``):
``seq`` follows commit order, each transaction's rows in insertion order and side by side in the log, for
import-sized transactions overtaken by other commits, savepoints, ``REPEATABLE READ``, and under concurrency;
numbers already in commit order are kept instead of rewritten."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.db import make_engine
from shared.migrate import alembic_config, upgrade
from shared.testing.harness import ServiceFactory, service_dir

SERVICES = ("membership", "meetings", "inspection", "reporting")
BEFORE_ONCE_PER_TRANSACTION = {"membership": "0020", "meetings": "0005", "inspection": "0007", "reporting": "0014"}
"""Each service's revision before its ``outbox_commit_order_once_per_transaction`` migration."""
INSERT = text(
    "INSERT INTO outbox (event_id, aggregate_id, event_type, nats_subject, envelope) "
    "SELECT :tag || '-' || n, :tag, 'test.order', 'test.order', '{}'::jsonb FROM generate_series(1, :count) AS n "
    "RETURNING seq"
)
LOG = text("SELECT event_id, seq FROM outbox WHERE event_type = 'test.order' ORDER BY seq")


@asynccontextmanager
async def outbox_of(services: ServiceFactory, service: str = "membership") -> AsyncIterator[AsyncEngine]:
    engine = make_engine(await services.database(service), 4)
    try:
        yield engine
    finally:
        await engine.dispose()


async def write(conn: AsyncConnection, tag: str, count: int) -> list[int]:
    """``count`` outbox rows named ``<tag>-1`` … ``<tag>-<count>``; the numbers the ``INSERT`` drew."""
    return list((await conn.execute(INSERT, {"tag": tag, "count": count})).scalars())


async def commit_one(engine: AsyncEngine, tag: str) -> None:
    async with engine.begin() as conn:
        await write(conn, tag, 1)


async def log(engine: AsyncEngine) -> list[tuple[str, int]]:
    async with engine.connect() as conn:
        return [(r.event_id, r.seq) for r in await conn.execute(LOG)]


def names(tag: str, count: int) -> list[str]:
    return [f"{tag}-{n}" for n in range(1, count + 1)]


async def test_an_import_sized_transaction_overtaken_by_other_commits_is_numbered_after_them_in_insertion_order(
    services: ServiceFactory,
) -> None:
    """1,000 rows in two statements, with one commit between them and one after them, and a transaction that wrote
    in the middle of them but commits last: the log is the three commits in the order they happened, the big one's
    rows in insertion order with nothing between them, whatever numbers its statements drew."""
    async with outbox_of(services) as engine, engine.connect() as big, engine.connect() as late:
        drawn = await write(big, "big", 500)
        await commit_one(engine, "first")
        await write(late, "late", 1)
        drawn += await write(big, "big2", 500)
        await commit_one(engine, "second")
        await big.commit()
        await late.commit()
        rows = await log(engine)
    assert [name for name, _ in rows] == ["first-1", "second-1", *names("big", 500), *names("big2", 500), "late-1"]
    assert all(seq > max(drawn) for name, seq in rows if name.startswith("big"))  # numbered at commit


async def test_a_transaction_no_other_commit_overtook_keeps_the_numbers_its_insert_drew(
    services: ServiceFactory,
) -> None:
    """Nothing committed above its numbers while it ran: they are commit order already and are not rewritten. A
    transaction that drew a number between them and commits later is numbered after all of them."""
    async with outbox_of(services) as engine, engine.connect() as big, engine.connect() as late:
        drawn = await write(big, "big", 500)
        await write(late, "late", 1)
        drawn += await write(big, "big2", 500)
        await big.commit()
        await late.commit()
        rows = await log(engine)
    assert [name for name, _ in rows] == [*names("big", 500), *names("big2", 500), "late-1"]
    assert [seq for _, seq in rows[:-1]] == drawn
    assert rows[-1][1] > max(drawn)


async def test_rows_written_in_a_savepoint_are_numbered_with_the_transactions_others_and_rolled_back_ones_are_gone(
    services: ServiceFactory,
) -> None:
    """A released savepoint's rows carry its subtransaction's id, not the transaction's: they are renumbered with
    the others, in insertion order."""
    async with outbox_of(services) as engine, engine.connect() as conn:
        await write(conn, "top", 2)
        await commit_one(engine, "other")
        await conn.execute(text("SAVEPOINT kept"))
        await write(conn, "kept", 2)
        await conn.execute(text("RELEASE SAVEPOINT kept"))
        await conn.execute(text("SAVEPOINT dropped"))
        await write(conn, "dropped", 2)
        await conn.execute(text("ROLLBACK TO SAVEPOINT dropped"))
        await write(conn, "after", 2)
        await conn.commit()
        rows = await log(engine)
    assert [name for name, _ in rows] == ["other-1", *names("top", 2), *names("kept", 2), *names("after", 2)]


async def test_a_repeatable_read_transaction_overtaken_after_its_snapshot_is_numbered_after_the_overtaking_commit(
    services: ServiceFactory,
) -> None:
    """Its snapshot cannot see commits made after it was taken, so the trigger cannot tell whether it was
    overtaken: it renumbers."""
    async with outbox_of(services) as engine:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="REPEATABLE READ")
            await write(conn, "snapshot", 3)
            await commit_one(engine, "overtaking")
            await conn.commit()
        rows = await log(engine)
    assert [name for name, _ in rows] == ["overtaking-1", *names("snapshot", 3)]


async def test_a_reader_following_the_log_while_import_sized_and_single_row_transactions_commit_skips_nothing(
    services: ServiceFactory,
) -> None:
    """A cursor at ``seq`` N has seen every row below N that will ever exist: a reader that follows the log while
    writers commit transactions of 1 and 1,000 rows, pausing between their inserts and commits, reads the final log
    exactly, each transaction's rows side by side in insertion order."""
    shuffle = random.Random(13)
    written: dict[str, int] = {}
    async with outbox_of(services) as engine:

        async def writer(sizes: list[int]) -> None:
            for size in sizes:
                async with engine.connect() as conn:
                    tag = uuid.uuid4().hex[:12]
                    await write(conn, tag, size)
                    written[tag] = size
                    await asyncio.sleep(shuffle.random() / 50)
                    await conn.commit()

        seen: list[str] = []

        async def reader(done: asyncio.Event) -> None:
            cursor = 0
            while True:
                finished = done.is_set()
                async with engine.connect() as conn:
                    after = await conn.execute(
                        text(
                            "SELECT event_id, seq FROM outbox WHERE event_type = 'test.order' AND seq > :c ORDER BY seq"
                        ),
                        {"c": cursor},
                    )
                    for name, seq in after:
                        seen.append(name)
                        cursor = seq
                if finished:
                    return
                await asyncio.sleep(0.002)

        done = asyncio.Event()
        following = asyncio.create_task(reader(done))
        await asyncio.gather(*(writer([1000 if shuffle.random() < 0.2 else 1 for _ in range(12)]) for _ in range(4)))
        done.set()
        await following
        rows = [name for name, _ in await log(engine)]
    assert seen == rows
    in_commit_order = list(dict.fromkeys(name.rsplit("-", 1)[0] for name in rows))
    assert rows == [name for tag in in_commit_order for name in names(tag, written[tag])]
    assert 1000 in written.values()


@pytest.mark.parametrize("service", SERVICES)
async def test_every_services_outbox_keeps_numbers_in_commit_order_and_renumbers_overtaken_ones(
    services: ServiceFactory, service: str
) -> None:
    async with outbox_of(services, service) as engine, engine.connect() as kept, engine.connect() as overtaken:
        drawn = await write(overtaken, "overtaken", 2)
        kept_drawn = await write(kept, "kept", 2)
        await kept.commit()
        await overtaken.commit()
        rows = await log(engine)
    assert rows[:2] == list(zip(names("kept", 2), kept_drawn, strict=True))
    assert [name for name, _ in rows[2:]] == names("overtaken", 2)
    assert min(seq for _, seq in rows[2:]) > max(drawn + kept_drawn)


@pytest.mark.parametrize("service", SERVICES)
async def test_the_downgrade_restores_the_trigger_that_renumbers_every_row_and_the_upgrade_brings_back_kept_numbers(
    services: ServiceFactory, service: str
) -> None:
    url = await services.database(service)
    config = alembic_config(service_dir(service), url)
    kept: list[bool] = []
    for migrate in (
        lambda: command.downgrade(config, BEFORE_ONCE_PER_TRANSACTION[service]),
        lambda: upgrade(service_dir(service), url),
    ):
        await asyncio.to_thread(migrate)
        engine = make_engine(url, 1)
        try:
            async with engine.connect() as conn:
                tag = uuid.uuid4().hex[:12]
                drawn = await write(conn, tag, 3)
                await conn.commit()
            kept.append([seq for name, seq in await log(engine) if name.startswith(tag)] == drawn)
        finally:
            await engine.dispose()
    assert kept == [False, True]
