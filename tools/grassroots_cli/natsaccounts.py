"""``grassroots nats-accounts``: the provincial event accounts, from membership's organisation tree.

Writes the nats-server accounts include (``shared.natsaccounts.render_accounts``: the services' user and one
read-only user per province whose password is in the environment as ``GRASSROOTS_NATS_PASSWORD_<KEY>``), and
with ``--apply`` creates or updates each province's stream and durable consumers on the running server. The
server reads a rewritten include on SIGHUP (``docker compose kill -s HUP nats``): users appear without a restart.
A province without a password gets no user and is named on stderr; run the command again once it has one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from shared.natsaccounts import (
    DEFAULT_CONSUMERS,
    SERVICES_PASSWORD_ENV,
    Province,
    ensure_province_streams,
    render_accounts,
)
from shared.schema import org_nodes


async def provinces_of(database_url: str) -> list[Province]:
    """Every province membership knows, merged and dissolved ones included (their history stays readable)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                select(org_nodes.c.id, org_nodes.c.code, org_nodes.c.name)
                .where(org_nodes.c.kind == "province")
                .order_by(org_nodes.c.code, org_nodes.c.id)
            )
            return [Province(id=r.id, code=r.code, name=r.name) for r in rows]
    finally:
        await engine.dispose()


def with_passwords(provinces: list[Province], environ: dict[str, str]) -> list[Province]:
    """The provinces that have a password; the others are named on stderr."""
    ready = [p for p in provinces if environ.get(p.password_env)]
    for province in provinces:
        if province not in ready:
            print(
                f"nats-accounts: no user for {province.name} ({province.id}): set {province.password_env}",
                file=sys.stderr,
            )
    return ready


async def apply(url: str, provinces: list[Province], consumers: list[str], replicas: int) -> list[str]:
    from shared.bus import connect

    nc = await connect(url, "grassroots-nats-accounts")
    try:
        return await ensure_province_streams(nc.jetstream(), provinces, consumers=consumers, replicas=replicas)
    finally:
        await nc.close()


def run(args: argparse.Namespace) -> int:
    database_url = args.database_url or os.environ.get("MEMBERSHIP_DATABASE_URL")
    if not database_url:
        print("nats-accounts: give --database-url or set MEMBERSHIP_DATABASE_URL", file=sys.stderr)
        return 2
    environ = dict(os.environ)
    provinces = with_passwords(asyncio.run(provinces_of(database_url)), environ)
    text = render_accounts(provinces, environ, services_password=environ.get(SERVICES_PASSWORD_ENV))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.touch(mode=0o600)
    out.write_text(text, encoding="utf-8")
    print(f"nats-accounts: wrote {out} ({len(provinces)} province users)")
    if args.reload_pid_file:  # the embedded development server writes one (.grassroots/nats/nats.pid)
        os.kill(int(Path(args.reload_pid_file).read_text().strip()), signal.SIGHUP)
        print("nats-accounts: nats-server told to reload")
    if args.apply:
        consumers = args.consumer or list(DEFAULT_CONSUMERS)
        streams = asyncio.run(apply(args.apply, provinces, consumers, args.replicas))
        print(f"nats-accounts: streams ready: {', '.join(streams) or 'none'}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("nats-accounts", help="write the provincial NATS users and create their streams")
    parser.add_argument("--out", required=True, help="the accounts include to write (nats.conf includes it)")
    parser.add_argument("--database-url", help="membership's database (default: MEMBERSHIP_DATABASE_URL)")
    parser.add_argument("--apply", metavar="NATS_URL", help="also create each province's stream and consumers")
    parser.add_argument("--consumer", action="append", help="durable consumer name per province (default: events)")
    parser.add_argument("--reload-pid-file", help="send SIGHUP to the nats-server whose pid file this is")
    parser.add_argument("--replicas", type=int, default=1, help="stream replicas (3 on the production cluster)")
    parser.set_defaults(func=run)
