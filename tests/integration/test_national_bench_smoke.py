"""``bench/national.py`` runs end to end at a tiny scale, so the national bench cannot rot unnoticed.

Not a timed test: it checks the bench loads a country through the public APIs of the whole stack and prints a
row for every goal of issue 13 with its verdict and the load average; the figures themselves are not judged.
"""

from __future__ import annotations

from tests.integration.bench_runs import run_bench

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


def test_the_national_bench_loads_a_tiny_country_and_prints_every_goal_with_its_verdict() -> None:
    # The rebuild split over two processes, so the whole stack's streams go through that path too.
    args = ("--quick", "--scale", "0.0001", "--clients", "4", "--rebuild-workers", "2")
    run = run_bench("national.py", *args, timeout=1200)
    for goal in GOALS:
        assert run.row(goal).rstrip(" |").endswith(("pass", "FAIL")), run.row(goal)
    assert "nats fetch+ack" in run.row("reporting consumers through NATS (rebuild replay)")
    assert "GET /healthz" in run.row("POST /members, 4 clients")
    assert "4 lean clients" in run.stdout  # the write phase ran on bench/loadgen.py, the default load generator
    for kind in ("summary", "breakdown"):  # the reads timed on the lean client, and beside them on httpx as before
        assert run.row(f"… {kind} p99 through httpx (the client of the runs before)").split("|")[2].endswith(" ms ")
