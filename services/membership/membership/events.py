"""The events membership publishes (stream MEMBERSHIP, subjects ``grassroots.membership.>``).

Every payload names the organisation it happened at (``org_id``) and its ``effective_date`` (the domain date,
which may differ from the commit time), so consumers can attribute it to the right node and period. Additive
changes only; a breaking change is a new version published beside this one.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from shared.events import EventPayload, event_type

SERVICE = "membership"


@event_type(SERVICE, "org", "created")
class OrgCreated(EventPayload):
    """An organisation was established in the tree."""

    org_id: str
    parent_id: str | None
    kind: str
    name: str
    code: str | None = None
    effective_date: date


@event_type(SERVICE, "org", "renamed")
class OrgRenamed(EventPayload):
    """An organisation changed its name."""

    org_id: str
    name: str
    previous_name: str
    effective_date: date


@event_type(SERVICE, "org", "moved")
class OrgMoved(EventPayload):
    """An organisation (with its whole subtree) was placed under another parent."""

    org_id: str
    old_parent_id: str | None
    new_parent_id: str
    effective_date: date


@event_type(SERVICE, "org", "merged")
class OrgMerged(EventPayload):
    """An organisation was merged into another of the same kind: its children and members now belong there."""

    org_id: str
    into_id: str
    moved_children: list[str] = Field(default_factory=list)
    moved_members: int = 0
    effective_date: date


@event_type(SERVICE, "org", "dissolved")
class OrgDissolved(EventPayload):
    """An organisation was dissolved (by restructuring, or as a discipline measure)."""

    org_id: str
    reason: str
    decision_ref: str | None = None
    effective_date: date


@event_type(SERVICE, "org", "restored")
class OrgRestored(EventPayload):
    """A dissolution was annulled (on appeal): the organisation is active again."""

    org_id: str
    effective_date: date


class MemberFacts(EventPayload):
    """The attributes of a member that reports aggregate (never the national ID or contact details)."""

    member_id: str
    org_id: str
    status: str
    gender: str
    birth_date: date
    ethnicity: str
    ethnic_minority: bool
    admission_date: date | None = None


@event_type(SERVICE, "member", "registered")
class MemberRegistered(MemberFacts):
    """An existing member was entered into the system (directly or by import), not newly admitted."""

    effective_date: date
