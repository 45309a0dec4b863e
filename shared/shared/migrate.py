"""Alembic helpers: each service keeps its own history; these run it and check it is at head."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, async_engine_from_config


def alembic_config(service_dir: Path, database_url: str) -> Config:
    config = Config(str(service_dir / "alembic.ini"))
    config.set_main_option("script_location", str(service_dir / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(service_dir: Path, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(service_dir, database_url), revision)


def head_revisions(service_dir: Path) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(service_dir, "postgresql://unused"))
    return set(script.get_heads())


async def at_head(engine: AsyncEngine, service_dir: Path) -> bool:
    heads = head_revisions(service_dir)
    async with engine.connect() as conn:
        current = await conn.run_sync(lambda sync: set(MigrationContext.configure(sync).get_current_heads()))
    return current == heads


def run_env(context: Any, metadata: list[MetaData]) -> None:
    """The body of every service's ``migrations/env.py``: online, async, with the platform and service tables."""
    config = context.config

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = async_engine_from_config(
            config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
        )
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(run_async())
        return
    raise RuntimeError("run migrations outside an event loop (use asyncio.to_thread(upgrade, ...))")
