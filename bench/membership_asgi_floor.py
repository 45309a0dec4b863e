"""Process CPU of one ``GET /healthz`` through membership's ASGI app called directly (its middleware, routing and
response; no server, no socket, no lifespan: the route touches nothing): the floor under every request that the
app's own Python sets, to set beside what the whole stack's bench measures per request.

    .venv/bin/python bench/membership_asgi_floor.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

HEADERS = [
    (b"host", b"127.0.0.1"),
    (b"user-agent", b"python-httpx/0.28"),
    (b"accept", b"*/*"),
    (b"connection", b"keep-alive"),
]


async def one(app: Any) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/healthz",
        "raw_path": b"/healthz",
        "query_string": b"",
        "root_path": "",
        "headers": HEADERS,
        "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def measure(calls: int) -> None:
    # the settings need a database URL; the route never opens it (no lifespan runs here)
    os.environ.setdefault("MEMBERSHIP_DATABASE_URL", "postgresql+asyncpg://bench:bench@127.0.0.1:1/none")
    from membership.app import create_app

    app = create_app()
    assert await one(app) == 200
    runs = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(calls):
            await one(app)
        runs.append((time.process_time() - started) / calls * 1e6)
    print(f"GET /healthz through membership's ASGI app: {min(runs):.1f} µs per request (best of 5 x {calls:,}), "
          f"runs {', '.join(f'{r:.1f}' for r in runs)}; load {os.getloadavg()[0]:.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    asyncio.run(measure(parser.parse_args().calls))


if __name__ == "__main__":
    main()
