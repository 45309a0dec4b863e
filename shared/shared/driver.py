"""Statements run on asyncpg's connection directly: the write path's hottest statements (issue 13).

SQLAlchemy's execution of a statement built once and found in its compiled cache still cost ~600 µs of client CPU
per call here (the execution context, the greenlet hop, the result's metadata), asyncpg's own ~120 µs: two such
statements are all a registration sends. A ``DriverStatement`` is an SQLAlchemy statement compiled once for the
engine's dialect; each call renders exactly what ``Connection.execute`` would send (the same SQL, the same
processed parameters in the same order, late-rendered and expanding parameters included; a test compares them)
and runs it on the session's pooled connection, inside its transaction when it has one. A failure is raised as
``Connection.execute`` raises it (``DBAPIError`` around the driver's exception, a lost connection invalidated), so
the fault handlers answer alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any, NoReturn

from sqlalchemy import Executable
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.util.concurrency import greenlet_spawn

EXPANSIONS_KEPT = 64
"""Late renderings a statement keeps (one per set of values of its expanding and literal parameters): a
registration's checks have one per caller scope (the guard's constant ``IN`` list, the caller's path prefix)."""

Expansion = tuple[str, list[str], dict[str, Any], dict[str, Any]]
"""A late rendering: the SQL, the parameters' names in order, their bind processors, the expanded values."""


class DriverStatement:
    """An SQLAlchemy statement, compiled once per dialect, executed with asyncpg's ``fetchrow``."""

    __slots__ = ("_compiled", "_expansions", "statement")

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: tuple[Dialect, Any] | None = None
        self._expansions: dict[Hashable, Expansion] = {}

    def render(self, dialect: Dialect, parameters: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """The SQL and positional arguments SQLAlchemy would send for these parameters (``DefaultExecutionContext.
        _init_compiled`` for one parameter set: bind processors applied, expanding and literal parameters
        rendered)."""
        if self._compiled is None or self._compiled[0] is not dialect:
            self._compiled = (dialect, self.statement.compile(dialect=dialect))  # type: ignore[attr-defined]
            self._expansions = {}
        compiled = self._compiled[1]  # an SQLCompiler: its bind processors and late rendering are SQLAlchemy's own
        values = compiled.construct_params(parameters, escape_names=False)
        processors: Mapping[str, Any] = compiled._bind_processors
        if compiled.literal_execute_params or compiled.post_compile_params:
            sql, positions, processors, expanded = self._expansion(compiled, values)
            values.update(expanded)
        else:
            sql, positions = compiled.string, compiled.positiontup
        return sql, [processors[k](values[k]) if k in processors else values[k] for k in positions]

    def _expansion(self, compiled: Any, values: dict[str, Any]) -> Expansion:
        """SQLAlchemy's late rendering of the expanding and literal parameters (``_process_parameters_for_
        postcompile``), kept per set of their values: it depends on nothing else, and redoing it (a regular
        expression over the SQL, each value rendered) was a third of ``render`` on every registration. ``values``
        loses the late parameters as SQLAlchemy's rendering takes them out; the expanded ones are returned."""
        late = [compiled.bind_names[p] for p in (*compiled.literal_execute_params, *compiled.post_compile_params)]
        key = _value_key(tuple((name, values.get(name)) for name in sorted(set(late))))
        kept = self._expansions.get(key) if key is not None else None
        if kept is not None:
            for name in late:
                values.pop(name, None)
            return kept
        before = set(values)
        expanded = compiled._process_parameters_for_postcompile(values)
        new = {k: v for k, v in values.items() if k not in before}
        made: Expansion = (
            expanded.statement,
            list(expanded.positiontup),
            {**compiled._bind_processors, **expanded.processors},
            new,
        )
        if key is not None:
            if len(self._expansions) >= EXPANSIONS_KEPT:
                self._expansions.clear()
            self._expansions[key] = made
        return made

    async def fetch_row(self, connection: AsyncConnection, parameters: Mapping[str, Any]) -> Any:
        """The first row (``DriverRow``), or None, within the connection's transaction
        (begun here as SQLAlchemy would on its first statement; none on an ``AUTOCOMMIT`` connection)."""
        sql, args = self.render(connection.dialect, parameters)
        if not connection.in_transaction():  # SQLAlchemy's autobegin: its commit and rollback then reach the driver
            await connection.begin()
        adapted: Any = (await connection.get_raw_connection()).dbapi_connection
        try:
            if adapted._transaction is None:
                await adapted._start_transaction()  # a no-op in AUTOCOMMIT
            record = await adapted._connection.fetchrow(sql, *args)
        except Exception as error:
            sync = connection.sync_engine
            await _raise_as_sqlalchemy(
                sync.dialect, sync.hide_parameters, connection.invalidate, adapted, sql, args, error
            )
        return None if record is None else DriverRow(record)


class Lease:
    """A pooled connection checked out for driver statements alone, each committed on its own (asyncpg sends a
    statement outside any transaction as it is: autocommit), with no ``Session`` or ``Connection`` around it.

    A registration's two statements need nothing else (``shared.db.UnitOfWork`` of one statement), and SQLAlchemy's
    layers around them were a fifth of its CPU in-process (issue 13, ``bench/membership_post_cpu.py``, clients 1:
    the session's begin ~335 µs, two ``connection()`` ~515 µs, its commit ~530 µs and close ~100 µs per POST on the
    loaded 2-core machine, against ~240 µs for the pool's checkout and checkin). The pool is the engine's own (its
    size, its idle ping on checkout, its reset on checkin); a failure to connect is raised as ``Connection`` raises
    it, a statement's failure as ``Connection.execute`` raises it (``DriverStatement.fetch_row``), a lost
    connection invalidated."""

    __slots__ = ("_engine", "_fairy")

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine: Engine = engine.sync_engine
        self._fairy: PoolProxiedConnection | None = None

    async def open(self) -> Lease:
        self._fairy = await greenlet_spawn(_checkout, self._engine)
        return self

    async def close(self) -> None:
        """Back to the pool (its reset on return finds no transaction to roll back)."""
        fairy, self._fairy = self._fairy, None
        if fairy is not None:
            await greenlet_spawn(fairy.close)

    async def fetch_row(self, statement: DriverStatement, parameters: Mapping[str, Any]) -> Any:
        """The statement's first row (``DriverRow``), or None."""
        fairy = self._fairy
        if fairy is None:
            raise RuntimeError("the lease is closed")
        engine = self._engine
        sql, args = statement.render(engine.dialect, parameters)
        adapted: Any = fairy.dbapi_connection
        try:
            record = await adapted._connection.fetchrow(sql, *args)
        except Exception as error:

            async def invalidate(exception: BaseException) -> None:
                await greenlet_spawn(fairy.invalidate, exception)

            await _raise_as_sqlalchemy(engine.dialect, engine.hide_parameters, invalidate, adapted, sql, args, error)
        return None if record is None else DriverRow(record)


def _checkout(engine: Engine) -> PoolProxiedConnection:
    """The pool's connection, a failure to connect wrapped as ``Connection`` wraps it (``DBAPIError``, the
    connection marked invalidated when the server is gone), so the fault handlers answer alike (503)."""
    try:
        return engine.raw_connection()
    except engine.dialect.loaded_dbapi.Error as error:
        Connection._handle_dbapi_exception_noconnection(error, engine.dialect, engine)
        raise


def _value_key(value: Any) -> Hashable | None:
    """A key that tells apart every value SQLAlchemy renders differently (``1`` and ``True`` are equal in Python,
    not in SQL: the type is part of it), or None for a value not known to render from its type and equality alone
    (floats: ``0.0 == -0.0``), which is then rendered anew."""
    if value is None or type(value) in (str, int, bool):
        return (type(value).__name__, value)
    if type(value) in (tuple, list):
        keys = tuple(_value_key(v) for v in value)
        return None if None in keys else (type(value).__name__, keys)
    return None


class DriverRow:
    """A row read by name as an attribute (as SQLAlchemy's ``Row``), by name as a key or by position."""

    __slots__ = ("_record",)

    def __init__(self, record: Any) -> None:
        self._record = record

    def __getattr__(self, name: str) -> Any:
        try:
            return self._record[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str | int) -> Any:
        return self._record[key]


async def _raise_as_sqlalchemy(
    dialect: Dialect,
    hide_parameters: bool,
    invalidate: Callable[[BaseException], Awaitable[None]],
    adapted: Any,
    sql: str,
    args: list[Any],
    error: Exception,
) -> NoReturn:
    """Raise what ``Connection.execute`` raises for this driver error: the adapter's DB-API translation (the
    driver's exception as its cause) wrapped in ``DBAPIError``, the connection invalidated if it was lost."""
    try:
        adapted._handle_exception(error)  # raises the DB-API error that stands for the driver's
    except Exception as translated:
        base = dialect.loaded_dbapi.Error
        if not isinstance(translated, base):
            raise
        lost = dialect.is_disconnect(translated, adapted, None)
        wrapped = DBAPIError.instance(
            sql,
            tuple(args),
            translated,
            base,
            hide_parameters=hide_parameters,
            connection_invalidated=lost,
            dialect=dialect,
        )
        if lost:
            await invalidate(translated)
        raise wrapped from translated
    raise error  # not reached: _handle_exception always raises
