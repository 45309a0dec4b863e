"""A unit of work of one statement (``Database.uow(one_statement=True)``: a registration) runs its driver statements
on a connection leased from the pool (``shared.driver.Lease``), with no session: each statement commits on its own,
the connection goes back to the pool whatever happens, asking for the session gives the lease back first, a lost
connection is invalidated and answered as unavailable, and a failure to connect is raised as SQLAlchemy raises it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

import pytest
from sqlalchemy import func, insert, literal, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool, QueuePool

from shared.db import Context, Database
from shared.driver import DriverStatement, Lease
from shared.faults import is_unavailable
from shared.schema import audit_log
from shared.testing.harness import ServiceFactory

BACKEND = DriverStatement(select(literal(1).label("one"), func.pg_backend_pid().label("pid")))
AUDITED = DriverStatement(
    insert(audit_log)
    .values(actor="lease-test", action="test.lease", entity_type="test", entity_id="1")
    .returning(audit_log.c.id)
)
CONTEXT = Context(actor="lease-test")


@asynccontextmanager
async def one_connection(services: ServiceFactory) -> AsyncIterator[AsyncEngine]:
    """A pool of exactly one connection that waits 3 s at most: a second checkout in the same request times out."""
    engine = create_async_engine(await services.database("membership"), pool_size=1, max_overflow=0, pool_timeout=3)
    try:
        yield engine
    finally:
        await engine.dispose()


def checked_out(engine: AsyncEngine) -> int:
    return cast(QueuePool, engine.sync_engine.pool).checkedout()


async def audited(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text("SELECT count(*) FROM audit_log WHERE actor = 'lease-test'"))).scalar_one())


async def test_each_statement_commits_on_its_own_and_the_connection_goes_back(services: ServiceFactory) -> None:
    async with one_connection(services) as engine:
        db = Database(engine, "membership")
        held = []

        async def fails_after_its_statement() -> None:
            async with db.uow(CONTEXT, one_statement=True) as uow:
                await uow.fetch_row(AUDITED, {})
                held.append(checked_out(engine))
                raise RuntimeError("after the statement")

        with pytest.raises(RuntimeError, match="after the statement"):
            await fails_after_its_statement()
        assert held == [1]
        assert checked_out(engine) == 0
        assert await audited(engine) == 1  # no transaction rolled it back: it committed as it ran
        async with db.uow(CONTEXT, one_statement=True) as uow:  # and the one connection serves the next
            uow.insert(audit_log, [{"actor": "lease-test", "action": "a", "entity_type": "t", "entity_id": "2"}])
            await uow.commit()
        assert uow.now is not None
        assert checked_out(engine) == 0
        assert await audited(engine) == 2


async def test_asking_for_the_session_gives_the_lease_back_first(services: ServiceFactory) -> None:
    async with one_connection(services) as engine:
        db = Database(engine, "membership")
        async with db.uow(CONTEXT, one_statement=True) as uow:
            await uow.fetch_row(BACKEND, {})
            session = await uow.open_session()  # with the lease still held, this pool of one would time out
            assert (await session.execute(select(literal(2)))).scalar() == 2
            assert (await uow.fetch_row(BACKEND, {})).one == 1  # now on the session's connection
            uow.insert(audit_log, [{"actor": "lease-test", "action": "a", "entity_type": "t", "entity_id": "3"}])
            await uow.commit()
        assert checked_out(engine) == 0
        assert await audited(engine) == 1


async def test_a_lost_connection_is_invalidated_and_answers_unavailable(services: ServiceFactory) -> None:
    async with one_connection(services) as engine:
        lease = await Lease(engine).open()
        try:
            pid = (await lease.fetch_row(BACKEND, {})).pid
            async with create_async_engine(engine.url, poolclass=NullPool).connect() as killer:
                await killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            with pytest.raises(DBAPIError) as lost:
                await lease.fetch_row(BACKEND, {})
        finally:
            await lease.close()
        assert lost.value.connection_invalidated
        assert is_unavailable(lost.value)
        assert checked_out(engine) == 0
        lease = await Lease(engine).open()  # the pool connects again in its place
        try:
            assert (await lease.fetch_row(BACKEND, {})).pid != pid
        finally:
            await lease.close()


async def test_a_failure_to_connect_is_raised_as_sqlalchemy_raises_it(services: ServiceFactory) -> None:
    url = (await services.database("membership")).rsplit("/", 1)[0] + "/no_such_database"
    engine = create_async_engine(url)
    try:
        with pytest.raises(DBAPIError) as by_sqlalchemy:
            async with engine.connect():
                pass
        with pytest.raises(DBAPIError) as by_lease:
            await Lease(engine).open()
    finally:
        await engine.dispose()
    assert type(by_lease.value) is type(by_sqlalchemy.value)
    assert type(by_lease.value.orig) is type(by_sqlalchemy.value.orig)
    assert checked_out(engine) == 0
