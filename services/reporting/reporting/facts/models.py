"""The materialised store: monthly deltas per organisation and metric, and the last known facts that let a
change subtract an old contribution before adding the new one."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, SmallInteger, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from reporting.base import Base
from shared.meeting_targets import TargetPercentColumns


class Fact(Base):
    """The changes of one organisation (its whole subtree) in one month: ``{metric: delta}``, one row per family
    of metrics (``membership``, ``meetings``, ``inspection``: the stream whose consumer writes them).

    Logically a narrow table ``(org_id, month, metric, value)``; stored one row per organisation, month and
    family because each event touches several metrics at every ancestor, and one upsert per row instead of per
    metric cuts the rows written per event several-fold (see the README).
    A flow's value for a period is the sum of its months; a stock's value at a period's end is the sum of
    every month up to it. Each event adds to its organisation and to every ancestor.
    """

    __tablename__ = "facts"
    __table_args__ = ({"postgresql_with": {"fillfactor": 70}},)  # room for HOT updates of hot months

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True, comment="First day of the month.")
    family: Mapped[str] = mapped_column(
        String(20), primary_key=True, comment="The stream whose consumer writes these metrics."
    )
    deltas: Mapped[dict[str, int]] = mapped_column(JSONB, comment="metric -> change in the month")


class FactVersion(Base):
    """A number that changes with every committed change to an organisation's fact rows of one family (its ``@y``
    roll-ups included): set from ``fact_version_seq`` by statement triggers on ``facts`` (migration 0014), in the
    transaction of the change, so a read knows a figure it keeps is still current by reading these rows alone."""

    __tablename__ = "fact_versions"

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    family: Mapped[str] = mapped_column(String(20), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


class MemberFact(Base):
    """The member's last known reported attributes, to move them between counts on the next change."""

    __tablename__ = "member_facts"

    member_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(30))
    standing: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[str] = mapped_column(String(20))
    minority: Mapped[bool] = mapped_column(Boolean)
    birth_date: Mapped[date] = mapped_column(Date)
    guest: Mapped[bool] = mapped_column(
        Boolean, default=False, comment="A host's record of a temporary member: never counted."
    )
    version: Mapped[int | None] = mapped_column(
        BigInteger, comment="The member's version last applied (contract 2); stocks move only from a newer one."
    )
    traits: Mapped[str] = mapped_column(
        String(400), default="", server_default="", comment="The member's categories: dimension=code, space-separated."
    )
    admitted_org: Mapped[str | None] = mapped_column(
        String(36), comment="Where the member was admitted: the admission's detail counts there."
    )
    admitted_on: Mapped[date | None] = mapped_column(Date, comment="The admission decision's day.")


class Coverage(Base):
    """How far back an organisation's figures are known: a period ending before ``data_as_of`` (the earliest
    date an import declared its data true as of) or, failing that, before ``earliest`` (the first month any fact
    reaches) answers "no data" rather than zeros."""

    __tablename__ = "coverage"

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    earliest: Mapped[date] = mapped_column(Date, comment="First month of the earliest fact counted here.")
    data_as_of: Mapped[date | None] = mapped_column(Date, comment="Earliest data_as_of declared by an import.")


class EntityContribution(Base):
    """What one replaceable thing (a held meeting, an evaluation, a discipline, a grade) contributed, so a
    correction or a later decision replaces it instead of adding to it."""

    __tablename__ = "entity_contributions"

    entity_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    on_date: Mapped[date] = mapped_column(Date)
    deltas: Mapped[dict[str, int]] = mapped_column(JSONB)


class Progress(Base):
    """Per consumer, the time of the last event applied (shown as ``last_event_at`` in every report)."""

    __tablename__ = "progress"

    consumer: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_event_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class TreeVersion(Base):
    """One row counting changes of the tree copy, so processes know when their cached placements are stale."""

    __tablename__ = "tree_version"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class MeetingTargets(TargetPercentColumns, Base):
    """An organisation's own meeting targets for a year, as meetings publishes them (``targets.set``); they apply
    to every organisation below it that sets none of its own, as in meetings' compliance."""

    __tablename__ = "meeting_targets"

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, comment="The targets' version in meetings (newer replaces).")


class OrgTarget(Base):
    """A target an organisation set itself for a year (e.g. admissions, from membership's ``target.set``).
    Not rolled up: each organisation's target is its own."""

    __tablename__ = "org_targets"

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    figure: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
