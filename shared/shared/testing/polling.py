"""Waiting for something asynchronous in a test (a relay publishing, a consumer applying, an import finishing).

One helper instead of a loop per test file: it polls, never asserts on how long anything took, and fails with
what it was waiting for once a generous timeout has passed (the machine running the suite may be loaded).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

T = TypeVar("T")

DEFAULT_TIMEOUT = 30.0


async def eventually(
    check: Callable[[], Awaitable[T | None]], what: str, *, timeout: float = DEFAULT_TIMEOUT, interval: float = 0.05
) -> T:
    """Call ``check`` until it returns a truthy value and return that value; ``AssertionError`` naming ``what``
    after ``timeout`` seconds. A check returns the thing it waited for (a body, a row) or None/False."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = await check()
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(interval)


async def job_finished(client: httpx.AsyncClient, location: str, headers: dict[str, str]) -> dict[str, Any]:
    """A job resource (an import's ``Location``) once its ``status`` is no longer ``running``."""

    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await client.get(location, headers=headers)).json()
        return job if job["status"] != "running" else None

    return await eventually(done, f"the job {location} to finish")
