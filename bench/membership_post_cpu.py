"""Process CPU of one ``POST /api/v1/members`` through membership's ASGI app in this process (its lifespan,
middleware, token check, command and two statements on a real PostgreSQL; no server, no socket, no NATS: the
relay never runs), and the PostgreSQL server's CPU per POST when it is embedded: the request path's own cost,
steadier on a shared machine than the whole stack's (``membership_write.py``), which adds the relay, uvicorn and
the other services (issue 13).

    .venv/bin/python bench/membership_post_cpu.py [--embedded] [--posts 2000] [--rounds 5] [--clients 8]
        [--cprofile FILE]

Each round posts ``--posts`` new members from ``--clients`` concurrent tasks and prints the process CPU
(``time.process_time``) per POST; the median closes the run with the load average. ``--cprofile`` profiles the
last round (deterministic, so Python's own costs are counted, not a preempted ``write()``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_database import DEFAULT_ADMIN, POSTMASTERS, bench_database
from national_load import server_cpu

SECRET = "bench-secret-not-for-production-use-0123456789"  # noqa: S105 - a throw-away signing key of this run


def postmaster_cpu() -> float:
    """CPU seconds of the embedded PostgreSQL server (its postmaster, reaped and live backends); 0 without one."""
    return sum(server_cpu(pid) for pid in POSTMASTERS)


async def call(app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple[int, bytes]:
    """One request through the ASGI app, as uvicorn would hand it over."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [*headers, (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    status, chunks, sent = 0, [], False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def member(i: int, branch: str) -> bytes:
    return json.dumps(
        {
            "full_name": f"Nguyễn Văn Đức {i}",
            "gender": "male",
            "birth_date": "1980-05-01",
            "ethnicity": "Kinh",
            "national_id": f"{i:012d}",
            "org_id": branch,
            "status": "official",
            "effective_date": "2026-11-01",
        },
        ensure_ascii=False,
    ).encode()


async def a_branch(app: Any, headers: list[tuple[bytes, bytes]]) -> str:
    """A province, its district, grassroots committee and branch; the branch's id."""
    parent = None
    for kind in ("province", "district", "grassroots_committee", "branch"):
        body = {"name": f"{kind} 1", "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"}
        status, answer = await call(app, "POST", "/api/v1/orgs", headers, json.dumps(body).encode())
        assert status == 201, answer
        parent = json.loads(answer)["id"]
    return str(parent)


async def one_round(
    app: Any, headers: list[tuple[bytes, bytes]], bodies: list[bytes], args: argparse.Namespace, profiled: bool
) -> tuple[float, float]:
    """The bodies posted by ``--clients`` tasks; process and server CPU per POST (µs)."""
    queue = iter(bodies)

    async def client() -> None:
        for body in queue:
            status, answer = await call(app, "POST", "/api/v1/members", headers, body)
            if status != 201:
                raise RuntimeError(f"POST /members answered {status}: {answer[:300]!r}")

    profile = cProfile.Profile(time.process_time) if profiled else None
    server, started = postmaster_cpu(), time.process_time()
    if profile is not None:
        profile.enable()
    await asyncio.gather(*(client() for _ in range(args.clients)))
    if profile is not None:
        profile.disable()
        profile.dump_stats(args.cprofile)
    posts = len(bodies)
    return (time.process_time() - started) / posts * 1e6, (postmaster_cpu() - server) / posts * 1e6


async def measure(url: str, args: argparse.Namespace) -> None:
    from membership.app import create_app
    from membership.settings import Settings
    from shared.auth import mint_token

    settings = Settings(
        database_url=url,
        nats_url="nats://127.0.0.1:9",  # nothing listens: the service serves and fills its outbox meanwhile
        jwt_secret=SECRET,
        log_level=args.log_level,
        cors_origins=["http://localhost:5173"],  # as the development stack (and membership_write.py) runs it
    )
    app = create_app(settings)
    token = mint_token(SECRET, subject="post-bench", org="*", roles=["admin"])
    headers = [
        (b"host", b"127.0.0.1"),
        (b"authorization", f"Bearer {token}".encode()),
        (b"content-type", b"application/json"),
        (b"accept", b"*/*"),
    ]
    async with app.router.lifespan_context(app):
        branch = await a_branch(app, headers)
        counter = iter(range(10**11, 10**12))
        status, answer = await call(app, "POST", "/api/v1/members", headers, member(next(counter), branch))
        assert status == 201, answer
        per_post, per_server = [], []
        for n in range(args.rounds):
            bodies = [member(next(counter), branch) for _ in range(args.posts)]
            profiled = bool(args.cprofile) and n == args.rounds - 1
            process, server = await one_round(app, headers, bodies, args, profiled)
            per_post.append(process)
            per_server.append(server)
            print(
                f"round {n + 1}: process {process:,.0f} µs per POST, PostgreSQL {server:,.0f} µs"
                f"{' (cProfile on)' if profiled else ''}; load {os.getloadavg()[0]:.1f}",
                file=sys.__stdout__,
                flush=True,
            )
    timed = per_post[:-1] if args.cprofile else per_post
    print(
        f"median: process {statistics.median(timed):,.0f} µs per POST (runs {', '.join(f'{r:,.0f}' for r in timed)}), "
        f"PostgreSQL {statistics.median(per_server):,.0f} µs; {args.clients} clients; load "
        f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())}",
        file=sys.__stdout__,
    )


async def run(args: argparse.Namespace) -> None:
    from membership.app import SERVICE_DIR

    async with bench_database(
        SERVICE_DIR, args.admin, embedded=args.embedded, prefix="bench_post", durable=True
    ) as url:
        # the service's JSON log lines go to a file, as the stack's processes write theirs (a pipe to a reader on
        # the same two cores costs the writer a wake-up per line); this bench's own lines to the terminal
        with tempfile.TemporaryFile("w", encoding="utf-8") as service_log:
            sys.stdout = service_log
            try:
                await measure(url, args)
            finally:
                sys.stdout = sys.__stdout__


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--embedded", action="store_true", help="an embedded, durable PostgreSQL (else --admin)")
    parser.add_argument("--admin", default=DEFAULT_ADMIN)
    parser.add_argument("--log-level", default="INFO", help="the service's (INFO, as it runs)")
    parser.add_argument("--cprofile", default=None, help="pstats file of the last round (not in the median)")
    args = parser.parse_args()
    import uvloop

    uvloop.run(run(args))  # the loop uvicorn runs the service on (asyncio's own costs ~2x more per round trip)


if __name__ == "__main__":
    main()
