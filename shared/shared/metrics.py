"""Prometheus metrics shared by every service (one registry per process)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from prometheus_client import Counter, Gauge, Histogram

OUTBOX_BACKLOG = Gauge("grassroots_outbox_backlog", "Outbox rows not yet published", ["service"])
OUTBOX_PUBLISHED = Counter("grassroots_outbox_published_total", "Outbox rows published", ["service"])
EVENTS_APPLIED = Counter("grassroots_events_applied_total", "Events applied by a consumer", ["consumer", "outcome"])
CONSUMER_LAG = Gauge(
    "grassroots_consumer_lag_messages", "Messages in the stream not yet delivered to the consumer", ["consumer"]
)
CONSUMER_PENDING_ACK = Gauge(
    "grassroots_consumer_ack_pending", "Messages delivered but not yet acknowledged", ["consumer"]
)
DEAD_LETTERS = Gauge("grassroots_dead_letters", "Dead letters not yet replayed", ["consumer"])
PARKED = Gauge("grassroots_parked_events", "Events waiting for data they depend on", ["consumer"])
PARKED_OLDEST_SECONDS = Gauge(
    "grassroots_parked_oldest_seconds", "Age of the oldest parked event (0 when none is parked)", ["consumer"]
)
EVENT_LAG_SECONDS = Histogram(
    "grassroots_event_visible_lag_seconds",
    "Time from an event's creation to its effect being committed by a consumer",
    ["consumer"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300),
)
HTTP_REQUESTS = Counter("grassroots_http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
HTTP_LATENCY = Histogram("grassroots_http_request_seconds", "HTTP request latency", ["service", "method", "route"])


def observe_all(histogram: Histogram, amounts: Iterable[float]) -> None:
    """``histogram.observe(amount)`` for each of ``amounts`` (a label child, no exemplars), counted into the buckets
    first and added with one increment per bucket touched and one to the sum: a consumer observes every event of a
    batch of thousands, and ``observe`` per event (a lock per increment and a walk of the bounds) was ~3–4 % of a
    consumer's CPU (issue 13). The exposition is the same but for the sum's last bits (added in another order)."""
    bounds: Sequence[float] = histogram._upper_bounds  # ends with +Inf: every amount finds its bucket
    counts = [0] * len(bounds)
    total = 0.0
    for amount in amounts:
        total += amount
        counts[bisect_left(bounds, amount)] += 1
    if total:
        histogram._sum.inc(total)
    for i, count in enumerate(counts):
        if count:
            histogram._buckets[i].inc(count)
