"""The platform tables every service database holds, beside the service's own tables.

They live in their own ``MetaData`` so a service's alembic environment targets ``[platform_metadata,
service_metadata]`` and each database gets exactly one copy.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

platform_metadata = MetaData()

outbox = Table(
    "outbox",
    platform_metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("aggregate_id", String(80), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("nats_subject", String(200), nullable=False),
    Column("envelope", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True)),
    Column("publish_attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    comment="Transactional outbox, kept as the service's event log after publishing (see conventions).",
)
Index("ix_outbox_unpublished", outbox.c.seq, postgresql_where=outbox.c.published_at.is_(None))
Index(
    "ix_outbox_aggregate_unpublished",
    outbox.c.aggregate_id,
    outbox.c.seq,
    postgresql_where=outbox.c.published_at.is_(None),
)

inbox = Table(
    "inbox",
    platform_metadata,
    Column("consumer", String(100), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("consumer", "event_id"),
    comment="Event ids a consumer has applied, written in the same transaction as the effects.",
)
Index("ix_inbox_consumer_processed_at", inbox.c.consumer, inbox.c.processed_at)  # pruning, oldest first

dead_letters = Table(
    "dead_letters",
    platform_metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("consumer", String(100), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("envelope", JSONB, nullable=False),
    Column("error", Text, nullable=False),
    Column("deliveries", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("replayed_at", DateTime(timezone=True)),
    Column("replay_error", Text),
    UniqueConstraint("consumer", "event_id", name="uq_dead_letters_consumer_event"),
)

parked_events = Table(
    "parked_events",
    platform_metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("consumer", String(100), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("envelope", JSONB, nullable=False),
    Column("waiting_for", String(200), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("parked_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("consumer", "event_id", name="uq_parked_consumer_event"),
    comment="Events that cannot be applied yet (their organisation is unknown); retried, never dropped.",
)

idempotency_keys = Table(
    "idempotency_keys",
    platform_metadata,
    Column("client", String(200), nullable=False),
    Column("key", String(200), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer),
    Column("response_body", Text),
    Column("response_headers", JSONB),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("client", "key"),
)

audit_log = Table(
    "audit_log",
    platform_metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("actor", String(200), nullable=False),
    Column("request_id", String(100)),
    Column("action", String(100), nullable=False),
    Column("entity_type", String(60), nullable=False),
    Column("entity_id", String(80), nullable=False),
    Column("org_id", String(36)),
    Column("before", JSONB),
    Column("after", JSONB),
    comment="Append-only audit trail, written in the same transaction as the change.",
)
Index("ix_audit_entity", audit_log.c.entity_type, audit_log.c.entity_id, audit_log.c.id)

org_nodes = Table(
    "org_nodes",
    platform_metadata,
    Column("id", String(36), primary_key=True),
    Column("parent_id", String(36)),
    Column("kind", String(40), nullable=False),
    Column("name", String(300), nullable=False),
    Column("code", String(60)),
    Column("path", Text, nullable=False),
    Column("depth", Integer, nullable=False),
    Column("status", String(20), nullable=False, server_default="active"),
    Column("merged_into", String(36)),
    Column("established_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    comment="The organisation tree as it is now. `path` is '/root-id/.../own-id/' for subtree queries.",
)
Index("ix_org_nodes_path", org_nodes.c.path, postgresql_ops={"path": "text_pattern_ops"})
Index("ix_org_nodes_parent", org_nodes.c.parent_id)

org_node_history = Table(
    "org_node_history",
    platform_metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("org_id", String(36), nullable=False),
    Column("parent_id", String(36)),
    Column("path", Text, nullable=False),
    Column("name", String(300), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    comment="Each organisation's placement over time (valid_to exclusive), for reports 'as of' a date.",
)
Index("ix_org_history_org", org_node_history.c.org_id, org_node_history.c.valid_from)
Index("ix_org_history_path", org_node_history.c.path, postgresql_ops={"path": "text_pattern_ops"})
