"""``bench/national.py`` runs end to end at a tiny scale, so the national bench cannot rot unnoticed.

Not a timed test: it checks the bench loads a country through the public APIs of the whole stack and prints a
row for every goal of issue 13 with its verdict and the load average; the figures themselves are not judged.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOALS = (
    "import end to end (upload → province totals exact)",
    "meetings CPU per member event",
    "inspection CPU per member event",
    "POST /members, 4 clients",
    "POST /members p99",
    "write → visible in reporting p99",
    "report summary of a province p99",
    "summary speed-up over GROUP BY on members",
    "report breakdown of a province p99",
    "reporting consumers through NATS (rebuild replay)",
    "rebuild of 5.6 M members (extrapolated)",
)


def test_the_national_bench_loads_a_tiny_country_and_prints_every_goal_with_its_verdict(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NATS_URL")}
    result = subprocess.run(
        [sys.executable, "bench/national.py", "--quick", "--scale", "0.0001", "--clients", "4"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert re.search(r"load average \(1 / 5 / 15 min\) before [\d.]+ / [\d.]+ / [\d.]+, after", result.stdout)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in result.stdout.splitlines() if line.startswith("| ")}
    for goal in GOALS:
        assert goal in rows, f"no row for {goal!r} in:\n{result.stdout}"
        assert rows[goal].rstrip(" |").endswith(("pass", "FAIL")), rows[goal]
    assert "nats fetch+ack" in rows["reporting consumers through NATS (rebuild replay)"]
    assert "GET /healthz" in rows["POST /members, 4 clients"]
