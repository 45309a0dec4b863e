"""``bench/reporting_reads.py`` runs end to end at a tiny scale, so the national reads bench cannot rot unnoticed.

Not a timed test: it checks the bench fills reporting's aggregates from a sample country that went through
reporting's own consumers, times every report route through the real app and prints a row for each with the
GROUP BY ceiling of the same run, its verdict and the load average; the figures themselves are not judged. At
``--scale 0.0001 --sample 50 --reads 3`` it takes seconds (the national run takes minutes to fill).
"""

from __future__ import annotations

import re

from tests.integration.bench_runs import run_bench

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
    run = run_bench(
        "reporting_reads.py", "--embedded", "--scale", "0.0001", "--sample", "50", "--reads", "3", timeout=600
    )
    assert re.search(r"country: \{.*\}; facts: [\d,]+ rows", run.stdout), run.stdout
    for route in JUDGED:
        assert "(GROUP BY members)" in run.row(route), run.row(route)
        assert run.row(route).rstrip(" |").endswith(("pass", "FAIL")), run.row(route)
    for route in TIMED:
        assert "GET /healthz p99" in run.row(route), run.row(route)
    for shape in ("summary", "breakdown"):
        assert f"ceiling: GROUP BY over members ({shape} shape), median" in run.rows
