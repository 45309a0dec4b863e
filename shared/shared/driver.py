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

from collections.abc import Hashable, Mapping
from typing import Any, NoReturn

from sqlalchemy import Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

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
            await _raise_as_sqlalchemy(connection, adapted, sql, args, error)
        return None if record is None else DriverRow(record)


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
    connection: AsyncConnection, adapted: Any, sql: str, args: list[Any], error: Exception
) -> NoReturn:
    """Raise what ``Connection.execute`` raises for this driver error: the adapter's DB-API translation (the
    driver's exception as its cause) wrapped in ``DBAPIError``, the connection invalidated if it was lost."""
    try:
        adapted._handle_exception(error)  # raises the DB-API error that stands for the driver's
    except Exception as translated:
        dialect = connection.dialect
        base = dialect.loaded_dbapi.Error
        if not isinstance(translated, base):
            raise
        lost = dialect.is_disconnect(translated, adapted, None)
        wrapped = DBAPIError.instance(
            sql,
            tuple(args),
            translated,
            base,
            hide_parameters=connection.sync_engine.hide_parameters,
            connection_invalidated=lost,
            dialect=dialect,
        )
        if lost:
            await connection.invalidate(translated)
        raise wrapped from translated
    raise error  # not reached: _handle_exception always raises
