"""Prometheus metrics shared by every service (one registry per process)."""

from __future__ import annotations

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
