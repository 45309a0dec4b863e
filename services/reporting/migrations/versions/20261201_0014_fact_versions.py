"""fact_versions: a number per (organisation, family) that changes with every committed change to its facts

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 14:40:00

Why: a report's figures are kept per process (``reports.queries.figures_for``) and must never be served after a
change to the fact rows they were made of. They were checked by a fingerprint of those rows (``ctid`` and
``xmin`` of each row version), which read every month of the period's year and every roll-up before it: ~184
row versions per organisation, ~13,800 for a district's breakdown, on every read. Now each statement that
inserts, updates or deletes fact rows gives every (organisation, family) it touched a new value of one sequence,
in the same transaction (statement triggers with transition tables, so no write path can forget it: live
upserts, a rebuild's merge, moves, merges, hand-made fixes); a ``TRUNCATE`` gives every row a new value. A
sequence's values are never handed out twice, so an (organisation, family) holds the same version only while
its rows are unchanged: a read checks one to three small rows per organisation. The ``@y`` roll-ups share their
family's row (they are written in the same statements). Rows are never deleted: an organisation without one
has never had a fact row since this migration (it fills the table from the facts there are).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BUMP = """
CREATE FUNCTION reporting_fact_versions_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v bigint := nextval('fact_version_seq');
BEGIN
  INSERT INTO fact_versions AS f (org_id, family, version)
  SELECT DISTINCT org_id, split_part(family, '@', 1), v FROM ({rows}) AS changed ORDER BY 1, 2
  ON CONFLICT (org_id, family) DO UPDATE SET version = excluded.version;
  RETURN NULL;
END $$
"""
# rows, per trigger: what the statement inserted, deleted, or both sides of what it updated (keys in key order,
# so concurrent writers lock version rows in the order they lock fact rows)
_TRIGGERS = {
    "inserted": ("INSERT", "NEW TABLE AS new_rows", "SELECT org_id, family FROM new_rows"),
    "deleted": ("DELETE", "OLD TABLE AS old_rows", "SELECT org_id, family FROM old_rows"),
    "updated": (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT org_id, family FROM old_rows UNION ALL SELECT org_id, family FROM new_rows",
    ),
}


def upgrade() -> None:
    op.execute("CREATE SEQUENCE fact_version_seq")
    op.execute(
        "CREATE TABLE fact_versions (org_id varchar(36) NOT NULL, family varchar(20) NOT NULL, "
        "version bigint NOT NULL, PRIMARY KEY (org_id, family)) WITH (fillfactor = 50)"  # room for HOT updates
    )
    for name, (event, referencing, rows) in _TRIGGERS.items():
        op.execute(_BUMP.format(name=name, rows=rows))
        op.execute(
            f"CREATE TRIGGER fact_versions_{name} AFTER {event} ON facts REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION reporting_fact_versions_{name}()"
        )
    op.execute(
        "CREATE FUNCTION reporting_fact_versions_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN UPDATE fact_versions SET version = nextval('fact_version_seq'); RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER fact_versions_truncated AFTER TRUNCATE ON facts "
        "FOR EACH STATEMENT EXECUTE FUNCTION reporting_fact_versions_truncated()"
    )
    # the facts there are (the triggers above already hold facts' lock against concurrent writers)
    op.execute(
        "INSERT INTO fact_versions (org_id, family, version) SELECT org_id, family, nextval('fact_version_seq') "
        "FROM (SELECT DISTINCT org_id, split_part(family, '@', 1) AS family FROM facts) AS d"
    )
    op.execute("ANALYZE fact_versions")  # read at once by every report


def downgrade() -> None:
    for name in (*_TRIGGERS, "truncated"):
        op.execute(f"DROP TRIGGER fact_versions_{name} ON facts")
        op.execute(f"DROP FUNCTION reporting_fact_versions_{name}()")
    op.execute("DROP TABLE fact_versions")
    op.execute("DROP SEQUENCE fact_version_seq")
