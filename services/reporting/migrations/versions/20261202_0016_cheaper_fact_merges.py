"""cheaper fact merges: wide fact rows stored uncompressed, and reporting_add rebuilding a row's jsonb once

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 00:40:00

Why (issue 13): adding a batch's deltas to a stored fact row was ~85 % of the live consumers' statement time, and
a wide row (an upper level's month or year: ~150 birth years and categories, 4.1 kB of ``jsonb``) cost ~340 µs of
PostgreSQL CPU per upsert, a 12-metric branch row ~44-56 µs (``bench/facts_upsert.py``, 2 December 2026
01:02-01:06 UTC, load 4.7-5.4). The wide rows passed PostgreSQL's 2 kB TOAST threshold, so every rewrite compressed
them again with pglz (this server has no lz4): ~150 µs of a wide row's upsert (the same merge 337-343 µs
compressed, 188-193 µs not). ``toast_tuple_target = 8160`` keeps rows up to a page inline and uncompressed (4.1 kB
where they took 1.0 kB compressed); larger ones are still compressed. Rows already stored stay as they are until
rewritten.

``reporting_add`` now concatenates the non-zero sums and removes the zero ones by key (``jsonb - text[]``, which
returns its input untouched when no key is given) instead of ``jsonb_strip_nulls`` rebuilding the whole merged row
a second time: same values; no difference measured (within noise). The live upsert and a rebuild's merge write the
same expression inline (``facts.store.merged``), which saves the SQL function's own executor per row (a branch
row 44-62 -> 36-45 µs, a wide one 188-193 -> 140-168 µs); ``reporting_add`` stays for hand-made fixes and the
tests.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ADD_FUNCTION = """
CREATE OR REPLACE FUNCTION reporting_add(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (a || coalesce(jsonb_object_agg(k, s) FILTER (WHERE s <> 0), '{}'))
         - coalesce(array_agg(k) FILTER (WHERE s = 0), '{}')
  FROM (SELECT key AS k, coalesce(CAST(a ->> key AS bigint), 0) + CAST(value AS bigint) AS s
        FROM jsonb_each_text(b)) AS changed
$$
"""

OLD_ADD_FUNCTION = """
CREATE OR REPLACE FUNCTION reporting_add(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_strip_nulls(a || coalesce((
    SELECT jsonb_object_agg(key, nullif(coalesce(CAST(a ->> key AS bigint), 0) + CAST(value AS bigint), 0))
    FROM jsonb_each_text(b)), '{}'::jsonb))
$$
"""


def upgrade() -> None:
    op.execute("ALTER TABLE facts SET (toast_tuple_target = 8160)")
    op.execute(ADD_FUNCTION)


def downgrade() -> None:
    op.execute(OLD_ADD_FUNCTION)
    op.execute("ALTER TABLE facts RESET (toast_tuple_target)")
