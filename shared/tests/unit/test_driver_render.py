"""``DriverStatement.render`` keeps SQLAlchemy's late rendering of expanding and literal parameters per set of their
values: what it sends must stay what a fresh rendering sends, for every value, and the kept one must be used."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import String, bindparam, column, literal, select, table
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.sql.compiler import SQLCompiler

from shared.driver import DriverStatement

T = table("t", column("a", String), column("b"), column("c", String))


def _statement() -> Any:
    """An expanding IN (a constant list and a bound one), a literal prefix and a plain parameter, as the
    registration's checks have."""
    return (
        select(T.c.a, literal(1).label("one"))
        .where(T.c.a.in_(("x", "y")))
        .where(T.c.b.in_(bindparam("bs", expanding=True)))
        .where(T.c.c.like(bindparam("prefix", literal_execute=True)))
        .where(T.c.a == bindparam("plain"))
    )


CASES: list[dict[str, Any]] = [
    {"bs": ["1", "2"], "prefix": "/p/%", "plain": "v"},
    {"bs": ["1", "2"], "prefix": "/p/%", "plain": "w"},  # the same late values: kept
    {"bs": ["1", "2", "3"], "prefix": "/p/%", "plain": "v"},
    {"bs": ["1", "2"], "prefix": "/q/%", "plain": "v"},
    {"bs": [1, 2], "prefix": "/p/%", "plain": "v"},
    {"bs": [True, 2], "prefix": "/p/%", "plain": "v"},  # 1 == True in Python, not in SQL
    {"bs": [1, 2], "prefix": "/p/%", "plain": "v"},
    {"bs": [], "prefix": "/p/%", "plain": "v"},
    {"bs": [1.0, 2], "prefix": "/p/%", "plain": "v"},  # floats are never kept
    {"bs": [0.0], "prefix": "/p/%", "plain": "v"},
    {"bs": [-0.0], "prefix": "/p/%", "plain": "v"},
    {"bs": ("1", "2"), "prefix": "/p/%", "plain": "v"},
]


def test_every_rendering_equals_a_fresh_one_whatever_was_rendered_before() -> None:
    dialect = asyncpg_dialect()
    kept = DriverStatement(_statement())
    for parameters in [*CASES, *reversed(CASES)]:
        fresh = DriverStatement(_statement())
        assert repr(kept.render(dialect, parameters)) == repr(fresh.render(dialect, parameters)), (
            parameters
        )  # 1 != True


def test_the_late_rendering_is_done_once_per_set_of_late_values(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    rendering = SQLCompiler._process_parameters_for_postcompile

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return rendering(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "_process_parameters_for_postcompile", counted)
    dialect = asyncpg_dialect()
    statement = DriverStatement(_statement())
    for plain in ("v", "w", "x"):
        statement.render(dialect, {"bs": ["1"], "prefix": "/p/%", "plain": plain})
    assert len(calls) == 1
    statement.render(dialect, {"bs": [True], "prefix": "/p/%", "plain": "v"})
    statement.render(dialect, {"bs": [1], "prefix": "/p/%", "plain": "v"})
    statement.render(dialect, {"bs": [1.0], "prefix": "/p/%", "plain": "v"})
    statement.render(dialect, {"bs": [1.0], "prefix": "/p/%", "plain": "v"})
    assert len(calls) == 5
