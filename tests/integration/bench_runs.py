"""Running a bench of ``bench/`` as its user would, for the smoke tests that keep the benches from rotting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOAD_LINE = re.compile(r"load average \(1 / 5 / 15 min\) before [\d.]+ / [\d.]+ / [\d.]+, after")


@dataclass(frozen=True)
class BenchRun:
    stdout: str
    rows: dict[str, str]
    """The printed table's rows by their first cell."""

    def row(self, name: str) -> str:
        assert name in self.rows, f"no row for {name!r} in:\n{self.stdout}"
        return self.rows[name]


def run_bench(script: str, *args: str, timeout: float) -> BenchRun:
    """Run ``bench/<script>`` on its own embedded servers (the environment's database and broker are hidden from it:
    a bench must start what it measures), check it succeeded and printed the load average, and read its table."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NATS_URL")}
    result = subprocess.run(
        [sys.executable, f"bench/{script}", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert LOAD_LINE.search(result.stdout), result.stdout
    lines = result.stdout.splitlines()
    return BenchRun(result.stdout, {line.split(" | ")[0].lstrip("| "): line for line in lines if line.startswith("| ")})
