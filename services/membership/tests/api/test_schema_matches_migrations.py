"""The tables the models declare are the tables the migrations build: no model/migration diff, and primary keys
named by the naming convention (autogenerate does not compare their names)."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import membership.models  # noqa: F401  (every table module, so the metadata is complete)
from membership.base import Base
from shared.testing.harness import ServiceFactory


def _own_tables(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Shared platform tables (outbox, inbox, audit, the tree) live in the database but not in this metadata."""
    return not (type_ == "table" and reflected and compare_to is None)


async def test_the_migrated_schema_has_no_diff_with_the_models(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        async with m.db.engine.connect() as connection:

            def diff(sync_connection: Any) -> list[Any]:
                context = MigrationContext.configure(
                    sync_connection, opts={"compare_type": True, "include_object": _own_tables}
                )
                return list(compare_metadata(context, Base.metadata))

            changes = await connection.run_sync(diff)
            rows: Any = await connection.exec_driver_sql(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'p'"
            )
            named = {str(row[0]): str(row[1]) for row in rows.all()}
        assert changes == []
        assert {t.name: named[t.name] for t in Base.metadata.sorted_tables} == {
            t.name: t.primary_key.name for t in Base.metadata.sorted_tables
        }
