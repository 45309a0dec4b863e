"""Version 1 of the platform tables (outbox, inbox, dead letters, parked events, idempotency keys, audit, the
organisation tree copy), created by every service's first migration.

Frozen: these operations must never change, because databases already ran them. A later change to a platform
table is a new function here (``upgrade_platform_v2``) that each service's history calls in a new revision.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


def upgrade_platform_v1() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=True),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        comment="Append-only audit trail, written in the same transaction as the change.",
    )
    op.create_index("ix_audit_entity", "audit_log", ["entity_type", "entity_id", "id"], unique=False)
    op.create_table(
        "dead_letters",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("envelope", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("replayed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replay_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consumer", "event_id", name="uq_dead_letters_consumer_event"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("client", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("response_headers", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("client", "key"),
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
        comment="Event ids a consumer has applied, written in the same transaction as the effects.",
    )
    op.create_table(
        "org_node_history",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        comment="Each organisation's placement over time (valid_to exclusive), for reports 'as of' a date.",
    )
    op.create_index("ix_org_history_org", "org_node_history", ["org_id", "valid_from"], unique=False)
    op.create_index(
        "ix_org_history_path", "org_node_history", ["path"], unique=False, postgresql_ops={"path": "text_pattern_ops"}
    )
    op.create_table(
        "org_nodes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="active", nullable=False),
        sa.Column("merged_into", sa.String(length=36), nullable=True),
        sa.Column("established_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        comment="The organisation tree as it is now. `path` is '/root-id/.../own-id/' for subtree queries.",
    )
    op.create_index("ix_org_nodes_parent", "org_nodes", ["parent_id"], unique=False)
    op.create_index(
        "ix_org_nodes_path", "org_nodes", ["path"], unique=False, postgresql_ops={"path": "text_pattern_ops"}
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("aggregate_id", sa.String(length=80), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("nats_subject", sa.String(length=200), nullable=False),
        sa.Column("envelope", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("publish_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("event_id"),
        comment="Transactional outbox, kept as the service's event log after publishing (see conventions).",
    )
    op.create_index(
        "ix_outbox_aggregate_unpublished",
        "outbox",
        ["aggregate_id", "seq"],
        unique=False,
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_index(
        "ix_outbox_unpublished", "outbox", ["seq"], unique=False, postgresql_where=sa.text("published_at IS NULL")
    )
    op.create_table(
        "parked_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("envelope", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("waiting_for", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("parked_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consumer", "event_id", name="uq_parked_consumer_event"),
        comment="Events that cannot be applied yet (their organisation is unknown); retried, never dropped.",
    )


def downgrade_platform_v1() -> None:
    op.drop_table("parked_events")
    op.drop_index("ix_outbox_unpublished", table_name="outbox", postgresql_where=sa.text("published_at IS NULL"))
    op.drop_index(
        "ix_outbox_aggregate_unpublished", table_name="outbox", postgresql_where=sa.text("published_at IS NULL")
    )
    op.drop_table("outbox")
    op.drop_index("ix_org_nodes_path", table_name="org_nodes", postgresql_ops={"path": "text_pattern_ops"})
    op.drop_index("ix_org_nodes_parent", table_name="org_nodes")
    op.drop_table("org_nodes")
    op.drop_index("ix_org_history_path", table_name="org_node_history", postgresql_ops={"path": "text_pattern_ops"})
    op.drop_index("ix_org_history_org", table_name="org_node_history")
    op.drop_table("org_node_history")
    op.drop_table("inbox")
    op.drop_table("idempotency_keys")
    op.drop_table("dead_letters")
    op.drop_index("ix_audit_entity", table_name="audit_log")
    op.drop_table("audit_log")


def upgrade_inbox_pruning_index() -> None:
    """The inbox is pruned oldest first per consumer (``shared.inbox``); without this index each batch scans it."""
    op.create_index("ix_inbox_consumer_processed_at", "inbox", ["consumer", "processed_at"], unique=False)


def downgrade_inbox_pruning_index() -> None:
    op.drop_index("ix_inbox_consumer_processed_at", table_name="inbox")


_COMMIT_ORDER_EACH_ROW = """
        CREATE FUNCTION outbox_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(122550254464888);  -- shared.db.OUTBOX_ORDER_LOCK ("outbox")
            UPDATE outbox SET seq = DEFAULT WHERE seq = NEW.seq;
            RETURN NULL;
        END
        $$
        """
"""The first commit-order trigger's function: one ``UPDATE`` per outbox row (``upgrade_outbox_commit_order``)."""


def upgrade_outbox_commit_order() -> None:
    """Outbox sequence numbers handed out at commit, under the order lock, by the server (issue 13).

    The change feed needs ``seq`` in commit order (``shared.db.OUTBOX_ORDER_LOCK``). The lock used to be taken by
    the client before its outbox ``INSERT`` and held through that statement and the ``COMMIT``: every writer's
    commit waited for the previous writer's client round trips (under load 16 of 20 membership connections sat
    waiting on it). This deferred trigger takes the same lock inside ``COMMIT`` and gives each of the
    transaction's outbox rows a new ``seq`` there, in insertion order (deferred row triggers fire in the order
    the rows were inserted), so the lock is held for the renumbering and the commit record only. The number the
    ``INSERT`` drew is discarded (the log has gaps, as any sequence may)."""
    op.execute(_COMMIT_ORDER_EACH_ROW)
    op.execute(
        "CREATE CONSTRAINT TRIGGER outbox_commit_order AFTER INSERT ON outbox "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION outbox_commit_order()"
    )


def downgrade_outbox_commit_order() -> None:
    op.execute("DROP TRIGGER outbox_commit_order ON outbox")
    op.execute("DROP FUNCTION outbox_commit_order()")


def upgrade_outbox_commit_order_once_per_transaction() -> None:
    """The commit-order trigger's work once per transaction instead of once per outbox row (issue 13).

    ``upgrade_outbox_commit_order`` rewrote every outbox row inside ``COMMIT`` (one ``UPDATE`` per row: a new row
    version and four index entries, ~20 µs of PostgreSQL per row, as much again as writing it; an import chunk
    writes 1,000). The trigger stays a deferred row trigger (PostgreSQL has no deferred statement triggers) and
    still takes the order lock at the transaction's first row, but that firing does the whole transaction's work
    and the others return at once (a transaction-local setting holds the highest ``seq`` done):

    - the numbers the ``INSERT`` drew are kept when they are already in commit order, that is when no other
      transaction committed an outbox row numbered above the transaction's first since it drew it (checked under
      the lock, so against every commit before this one: each committer's numbers exceed every number committed
      before it, whichever way it got them). That is the usual case for a transaction alone at the time, and it
      costs one index range scan over the transaction's own rows, no write;
    - otherwise every row of the transaction is renumbered in one ``UPDATE`` in insertion order (an index scan in
      ``seq`` order: the function forbids the other scans), drawing numbers above everything drawn so far, as
      before; in ``REPEATABLE READ`` or ``SERIALIZABLE``, whose snapshot cannot see the latest commits, always.

    The transaction's rows are those inserted by it or by its subtransactions (``outbox_row_is_ours``): a
    savepoint's rows are numbered with the others, and a rolled-back one's are gone. Rows inserted after
    ``SET CONSTRAINTS ... IMMEDIATE`` drew numbers above the setting and get their own firing, as before."""
    op.execute(
        """
        CREATE FUNCTION outbox_row_is_ours(row_xmin xid) RETURNS boolean LANGUAGE sql AS $$
            -- The transaction's own xid, or a newer one still in progress that the caller can see: one of its
            -- subtransactions (others' uncommitted rows are invisible). Inlined, so the common case costs one
            -- comparison per row.
            SELECT row_xmin = xid(pg_current_xact_id()) OR (
                mod(mod(row_xmin::text::bigint - pg_current_xact_id()::text::bigint, 4294967296) + 4294967296,
                    4294967296) < 2147483648
                AND pg_xact_status((pg_current_xact_id()::text::bigint
                    + mod(mod(row_xmin::text::bigint - pg_current_xact_id()::text::bigint, 4294967296) + 4294967296,
                          4294967296))::text::xid8) = 'in progress')
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION outbox_number_in_commit_order(first bigint) RETURNS bigint LANGUAGE plpgsql
        SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET enable_bitmapscan = off AS $$
        DECLARE
            overtaken boolean;
            last bigint;
        BEGIN
            PERFORM pg_advisory_xact_lock(122550254464888);  -- shared.db.OUTBOX_ORDER_LOCK ("outbox")
            IF current_setting('transaction_isolation') = 'read committed' THEN
                SELECT coalesce(bool_or(NOT ours), false), max(seq) FILTER (WHERE ours) INTO overtaken, last
                FROM (SELECT seq, outbox_row_is_ours(xmin) AS ours FROM outbox WHERE seq >= first OFFSET 0) since;
                IF NOT overtaken THEN
                    RETURN last;
                END IF;
            END IF;
            WITH renumbered AS (
                UPDATE outbox SET seq = DEFAULT WHERE seq >= first AND outbox_row_is_ours(xmin) RETURNING seq
            )
            SELECT max(seq) INTO last FROM renumbered;
            RETURN last;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE OR REPLACE FUNCTION outbox_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.seq > coalesce(nullif(current_setting('grassroots.outbox_numbered', true), ''), '0')::bigint THEN
                PERFORM set_config(
                    'grassroots.outbox_numbered', coalesce(outbox_number_in_commit_order(NEW.seq), NEW.seq)::text, true
                );
            END IF;
            RETURN NULL;
        END
        $$
        """
    )


def downgrade_outbox_commit_order_once_per_transaction() -> None:
    op.execute(_COMMIT_ORDER_EACH_ROW.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    op.execute("DROP FUNCTION outbox_number_in_commit_order(bigint)")
    op.execute("DROP FUNCTION outbox_row_is_ours(xid)")
