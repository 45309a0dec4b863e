"""A batch's observations counted at once end in the histogram's buckets and count as one by one."""

from __future__ import annotations

import math

from prometheus_client import CollectorRegistry, Histogram

from shared.metrics import observe_all

BUCKETS = (0.01, 0.1, 1, 10)
AMOUNTS = [0.0, 0.005, 0.01, 0.0100001, 0.5, 1.0, 3.0, 10.0, 11.0, 1e6, 0.2]


def _samples(histogram: Histogram) -> dict[tuple[str, str], float]:
    return {(s.name, s.labels.get("le", "")): s.value for m in histogram.collect() for s in m.samples}


def test_observe_all_counts_what_observe_counts() -> None:
    registry = CollectorRegistry()
    one = Histogram("one_by_one", "", ["c"], buckets=BUCKETS, registry=registry).labels("x")
    many = Histogram("all_at_once", "", ["c"], buckets=BUCKETS, registry=registry).labels("x")
    for amount in AMOUNTS:
        one.observe(amount)
    observe_all(many, AMOUNTS)
    observe_all(many, [])
    expected, got = _samples(one), _samples(many)
    assert {k[1]: v for k, v in got.items() if k[0].endswith("_bucket")} == {
        k[1]: v for k, v in expected.items() if k[0].endswith("_bucket")
    }
    assert got[("all_at_once_count", "")] == expected[("one_by_one_count", "")] == len(AMOUNTS)
    assert math.isclose(got[("all_at_once_sum", "")], expected[("one_by_one_sum", "")])
