"""``bench/reporting_reads.py`` runs end to end at a tiny scale, so the national reads bench cannot rot unnoticed.

Not a timed test: it checks the bench fills reporting's aggregates from a sample country that went through
reporting's own consumers, times every report route through the real app and prints a row for each with the
GROUP BY ceiling of the same run, its verdict and the load average; the figures themselves are not judged. At
``--scale 0.0001 --sample 50 --reads 3`` it takes seconds (the national run takes minutes to fill).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JUDGED = (
    "summary of a province, 2026, p99",
    "summary of a province, 1966..2026, p99",
    "breakdown of a province (districts) p99",
    "breakdown of a district (grassroots) p99",
    "breakdown of a district, every figure made again, p99",
)
TIMED = (
    "form 1-BTCTW of a province p99",
    "form 3-BTCTW of a province p99",
    "orgs picker, national search p99",
    "orgs picker, province search p99",
)


def test_the_reads_bench_fills_a_tiny_country_and_times_every_route_beside_its_ceiling() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NATS_URL")}
    tiny = ["--embedded", "--scale", "0.0001", "--sample", "50", "--reads", "3"]
    result = subprocess.run(
        [sys.executable, "bench/reporting_reads.py", *tiny],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert re.search(r"country: \{.*\}; facts: [\d,]+ rows", result.stdout), result.stdout
    assert re.search(r"load average \(1 / 5 / 15 min\) before [\d.]+ / [\d.]+ / [\d.]+, after", result.stdout)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in result.stdout.splitlines() if line.startswith("| ")}
    for route in JUDGED:
        assert route in rows, f"no row for {route!r} in:\n{result.stdout}"
        assert "(GROUP BY members)" in rows[route], rows[route]
        assert rows[route].rstrip(" |").endswith(("pass", "FAIL")), rows[route]
    for route in TIMED:
        assert route in rows, f"no row for {route!r} in:\n{result.stdout}"
        assert "GET /healthz p99" in rows[route], rows[route]
    for shape in ("summary", "breakdown"):
        assert f"ceiling: GROUP BY over members ({shape} shape), median" in rows
