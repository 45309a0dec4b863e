"""The ``grassroots`` command: start the stack, run the tests, mint tokens, migrate, operate."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from grassroots_cli.stack import ROOT, SERVICES, Stack, service_dir

DEFAULT_DATA = ROOT / ".grassroots"


def cmd_dev(args: argparse.Namespace) -> int:
    stack = Stack(Path(args.data))
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        print("grassroots: starting PostgreSQL and NATS …", flush=True)
        stack.start_servers()
        print("grassroots: migrating the four databases …", flush=True)
        stack.migrate()
        stack.start_services()
        stack.wait_ready()
        demo_org = None
        if args.demo:
            from grassroots_cli.demo import load_demo

            demo_org = load_demo(stack)
        _print_urls(stack, demo_org)
        while not stopping:
            for service, process in stack.processes.items():
                if process.poll() is not None:
                    print(f"grassroots: {service} stopped unexpectedly; see {stack.data_dir}/{service}.log")
                    stopping = True
            time.sleep(0.5)
    finally:
        print("\ngrassroots: stopping …", flush=True)
        stack.stop()
    return 0


def _print_urls(stack: Stack, demo_org: str | None = None) -> None:
    from urllib.parse import urlencode

    from shared.auth import mint_token
    from shared.calendar import today_in_vietnam

    token = mint_token(stack.jwt_secret, subject="dev-admin", org="*", roles=["admin"])
    print("\nGrassroots is running (Ctrl-C stops everything):")
    print(f"  PostgreSQL  {stack.database_server_url}")
    print(f"  NATS        {stack.nats_url}")
    for service in SERVICES:
        url = stack.url(service)
        print(f"  {service:<11} {url}   docs {url}/docs   openapi {url}/openapi.json")
    fragment = {"token": token, **({"org": demo_org, "period": str(today_in_vietnam().year)} if demo_org else {})}
    print(f"  dashboard   {stack.url('reporting')}/dashboard/#{urlencode(fragment)}")
    print(f"\nA national admin token for trying the APIs (8 hours):\n  {token}")
    print("More tokens: ./grassroots token --role organiser --org <org-id>\n", flush=True)


def cmd_test(args: argparse.Namespace) -> int:
    """Embedded servers by default; ``DATABASE_URL`` / ``NATS_URL`` point the suite at existing ones."""
    env = dict(os.environ)
    if env.get("DATABASE_URL") and not env.get("GRASSROOTS_TEST_DATABASE_URL"):
        env["GRASSROOTS_TEST_DATABASE_URL"] = env["DATABASE_URL"].replace("postgresql://", "postgresql+asyncpg://", 1)
    if env.get("NATS_URL") and not env.get("GRASSROOTS_TEST_NATS_URL"):
        env["GRASSROOTS_TEST_NATS_URL"] = env["NATS_URL"]
    command = [sys.executable, "-m", "pytest", *args.pytest_args]
    return subprocess.call(command, cwd=ROOT, env=env)


def cmd_token(args: argparse.Namespace) -> int:
    from shared.auth import mint_token

    secret = os.environ.get("GRASSROOTS_JWT_SECRET")
    secret_file = Path(args.data) / "dev-jwt-secret"
    if not secret and secret_file.exists():
        secret = secret_file.read_text().strip()
    if not secret:
        print("no development secret: run `./grassroots dev` once or set GRASSROOTS_JWT_SECRET", file=sys.stderr)
        return 2
    print(mint_token(secret, subject=args.sub, org=args.org, roles=args.role, ttl_seconds=args.ttl))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from shared.migrate import upgrade

    services = SERVICES if args.service == "all" else (args.service,)
    for service in services:
        upgrade(service_dir(service), _database_url(service))
        print(f"{service}: at head")
    return 0


def _database_url(service: str) -> str:
    """The service's own settings decide (environment or compose secret file), exactly as the service reads them."""
    import importlib

    settings = importlib.import_module(f"{service}.settings").load_settings()
    return str(settings.database_url)


def cmd_rebuild_reporting(args: argparse.Namespace) -> int:
    import asyncio
    import importlib
    import inspect

    rebuild = importlib.import_module("reporting.rebuild")
    settings = importlib.import_module("reporting.settings").load_settings()
    result = rebuild.rebuild(settings, workers=args.workers)
    if inspect.isawaitable(result):
        result = asyncio.run(result)  # type: ignore[arg-type]
    print(f"reporting rebuilt: {result}")
    return 0


def cmd_asyncapi(args: argparse.Namespace) -> int:
    from grassroots_cli.asyncapi import write

    path = write(Path(args.out))
    print(f"wrote {path}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from grassroots_cli.backup import backup

    return backup(Path(args.out))


def cmd_restore(args: argparse.Namespace) -> int:
    from grassroots_cli.backup import restore

    return restore(Path(args.source))


def cmd_images(args: argparse.Namespace) -> int:
    from grassroots_cli.images import main as images

    return images(pin_images=args.pin)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grassroots", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    dev = sub.add_parser("dev", help="start the whole system on embedded PostgreSQL and NATS")
    dev.add_argument("--demo", action="store_true", help="build a realistic demo province (a few minutes)")
    dev.add_argument("--data", default=str(DEFAULT_DATA), help="folder for the servers' data and logs")
    dev.set_defaults(func=cmd_dev)

    test = sub.add_parser("test", help="run the whole test suite (real PostgreSQL and NATS)")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="extra pytest arguments")
    test.set_defaults(func=cmd_test)

    token = sub.add_parser("token", help="mint a development token")
    token.add_argument(
        "--role",
        action="append",
        required=True,
        choices=["admin", "organiser", "secretary", "inspector", "viewer", "integration"],
    )
    token.add_argument("--org", required=True, help="organisation id the user acts for ('*' = national admin)")
    token.add_argument("--sub", default="dev-user", help="subject (user id)")
    token.add_argument("--ttl", type=int, default=8 * 3600, help="lifetime in seconds")
    token.add_argument("--data", default=str(DEFAULT_DATA))
    token.set_defaults(func=cmd_token)

    migrate = sub.add_parser("migrate", help="migrate a service's database to head (<SVC>_DATABASE_URL)")
    migrate.add_argument("service", choices=[*SERVICES, "all"])
    migrate.set_defaults(func=cmd_migrate)

    rebuild = sub.add_parser("rebuild-reporting", help="replay every stream into fresh reporting aggregates")
    rebuild.add_argument(
        "--workers", type=int, default=1, help="processes replaying membership's stream, split by member (one per core)"
    )
    rebuild.set_defaults(func=cmd_rebuild_reporting)

    asyncapi = sub.add_parser("asyncapi", help="generate the AsyncAPI document of every event")
    asyncapi.add_argument("--out", default=str(ROOT / "docs" / "asyncapi.json"))
    asyncapi.set_defaults(func=cmd_asyncapi)

    backup = sub.add_parser("backup", help="pg_dump every database and back up the JetStream streams")
    backup.add_argument("--out", required=True)
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="restore a backup made by `grassroots backup`")
    restore.add_argument("source")
    restore.set_defaults(func=cmd_restore)

    images = sub.add_parser("images", help="the production image lock (deploy/images.env): pin or check digests")
    action = images.add_mutually_exclusive_group(required=True)
    action.add_argument("--pin", action="store_true", help="resolve every tag to its digest (needs docker)")
    action.add_argument("--check", action="store_true", help="exit 1 unless every image is pinned")
    images.set_defaults(func=cmd_images)

    from grassroots_cli.natsaccounts import add_parser as add_nats_accounts

    add_nats_accounts(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["test"]:  # everything after `test` belongs to pytest, options included
        return cmd_test(argparse.Namespace(pytest_args=argv[1:]))
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
