"""The events membership publishes (stream MEMBERSHIP, subjects ``grassroots.membership.>``).

Every payload names the organisation it happened at (``org_id``) and its ``effective_date`` (the domain date,
which may differ from the commit time), so consumers can attribute it to the right node and period. Additive
changes only; a breaking change is a new version published beside this one.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from shared.events import EventPayload, event_type
from shared.member_categories import GeneralEducation, Occupation, PoliticalTheory, ProfessionalLevel, Religion

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
    unit_type: str | None = Field(
        None, description="A grassroots organisation's unit type (shared.org_unit_types), when stated."
    )


@event_type(SERVICE, "org", "unit_type_set")
class OrgUnitTypeSet(EventPayload):
    """A grassroots organisation's unit type (xã, doanh nghiệp, …: shared.org_unit_types) was set or changed."""

    org_id: str
    unit_type: str
    previous_unit_type: str | None = None
    effective_date: date = Field(description="The date the type holds from.")


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
    admission_date: date | None = Field(None, description="The admission decision's date (party age counts from it).")
    positions: list[str] = Field(default_factory=list, description="Posts held in the branch (secretary, …).")
    version: int | None = Field(
        None,
        description="The member row's version after this change, monotonic per member: a consumer keeping stocks "
        "applies a member's state only from a version newer than the one it applied (flows count once per event).",
    )
    recognition_date: date | None = Field(
        None, description="The date the member became official (end of probation), when official."
    )
    ethnic_group: str | None = Field(
        None, description="The ethnic group's code (`shared.ethnic_groups`: `kinh`, `tay`, … or `other`)."
    )
    general_education: GeneralEducation | None = Field(None, description="The record's general education code.")
    professional_level: ProfessionalLevel | None = Field(None, description="The record's qualification code.")
    political_theory: PoliticalTheory | None = Field(None, description="The record's political theory code.")
    occupation: Occupation | None = Field(None, description="The record's occupation code (never its free text).")
    religion: Religion | None = Field(None, description="The record's religion code (never its free text).")


@event_type(SERVICE, "member", "registered")
class MemberRegistered(MemberFacts):
    """An existing member was entered into the system (directly or by import), not newly admitted.

    The member's history is read from its dates: probationary from ``admission_date``, official from
    ``recognition_date``, at ``org_id``; ``effective_date`` is the registration's date."""

    effective_date: date
    data_as_of: date | None = Field(
        None, description="The date an import declares its data true as of (None for an API registration)."
    )


class MemberChanged(MemberFacts):
    """Base of every member status event: the member's facts after the change, and what they were before, so a
    consumer can move the member between counts without keeping state of its own."""

    previous_status: str | None = None
    previous_org_id: str | None = None
    effective_date: date


@event_type(SERVICE, "member", "admitted")
class MemberAdmitted(MemberChanged):
    """A candidate was admitted (ceremony held): a new probationary member."""

    decision_number: str
    decision_date: date


@event_type(SERVICE, "member", "recognised")
class MemberRecognised(MemberChanged):
    """A probationary member was recognised as an official member (dated at the end of probation)."""

    vote_date: date | None = Field(None, description="The branch's recognition vote (two thirds of official members).")
    votes_for: int | None = None
    official_members: int | None = None
    decision_number: str | None = Field(None, description="The competent committee's recognition decision.")
    decision_date: date | None = None


@event_type(SERVICE, "member", "removed")
class MemberRemoved(MemberChanged):
    """A member was removed from the rolls (xóa tên), e.g. not recognised or missing meetings/dues."""

    reason: str


@event_type(SERVICE, "member", "exempted")
class MemberExempted(MemberChanged):
    """A member's party work and meetings were reduced or lifted (Charter Điều 7: "giảm, miễn")."""

    scope: str = Field("exempt", description="reduce (giảm) or exempt (miễn).")


@event_type(SERVICE, "member", "exemption_ended")
class MemberExemptionEnded(MemberChanged):
    """A member's exemption ended; they are expected at meetings again."""


@event_type(SERVICE, "member", "transferred_out")
class MemberTransferredOut(MemberChanged):
    """A member left a branch on transfer (permanent, temporary or internal); ``to_org_id`` when known here."""

    transfer_kind: str
    to_org_id: str | None = None
    to_description: str | None = None


@event_type(SERVICE, "member", "transferred_in")
class MemberTransferredIn(MemberChanged):
    """A member was received by a branch (permanent or internal), or returned from a temporary transfer."""

    transfer_kind: str
    from_org_id: str | None = None


@event_type(SERVICE, "member", "resigned")
class MemberResigned(MemberChanged):
    """A member left the party at their own request."""


@event_type(SERVICE, "member", "expelled")
class MemberExpelled(MemberChanged):
    """Inspection's expulsion was applied to the member."""

    discipline_id: str


@event_type(SERVICE, "member", "restored")
class MemberRestored(MemberChanged):
    """An expulsion was annulled (or reduced) on appeal: the member is back in their previous status."""

    discipline_id: str


@event_type(SERVICE, "member", "died")
class MemberDied(MemberChanged):
    """A member died."""


@event_type(SERVICE, "member", "updated")
class MemberUpdated(MemberChanged):
    """A member's profile changed (name, positions, ethnicity …); status and branch unchanged."""

    changed_fields: list[str] = Field(default_factory=list)


# ---- members: flags -------------------------------------------------------------------------------------------


@event_type(SERVICE, "member", "flagged_for_review")
class MemberFlaggedForReview(EventPayload):
    """A member was flagged "to review for removal" (meetings reported repeated absence); nothing is removed."""

    member_id: str
    org_id: str
    flag: str
    reason: str
    source_event_id: str | None = None
    effective_date: date


# ---- the admission pipeline -------------------------------------------------------------------------------------


class CandidateFacts(EventPayload):
    """A candidate at a branch (no national ID: events are widely readable)."""

    candidate_id: str
    org_id: str
    stage: str
    gender: str
    birth_date: date
    ethnicity: str
    ethnic_minority: bool
    effective_date: date


@event_type(SERVICE, "candidate", "introduced")
class CandidateIntroduced(CandidateFacts):
    """A mass organisation introduced an outstanding candidate to a branch."""

    introduced_by: str
    readmission: bool = False
    exit_reason: str | None = Field(None, description="For a readmission: why they left (point 3.5.2's categories).")


@event_type(SERVICE, "candidate", "class_completed")
class CandidateClassCompleted(CandidateFacts):
    """The candidate completed the party-awareness class (certificate date)."""

    certificate_date: date


@event_type(SERVICE, "candidate", "introducers_assigned")
class CandidateIntroducersAssigned(CandidateFacts):
    """Two official members (or one beside the Youth Union's or trade union's grassroots committee) were assigned
    to introduce the candidate."""

    introducer_ids: list[str]
    introducing_organisation: str | None = Field(None, description="youth_union or trade_union, when one introduces.")


@event_type(SERVICE, "candidate", "progress_noted")
class CandidateProgressNoted(CandidateFacts):
    """The branch recorded its monthly or quarterly follow-up of the candidate."""

    period: str


@event_type(SERVICE, "candidate", "branch_voted")
class CandidateBranchVoted(CandidateFacts):
    """The branch voted to propose admission (at least two thirds of its official members in favour)."""

    votes_for: int
    votes_against: int
    official_members: int


@event_type(SERVICE, "candidate", "decided")
class CandidateDecided(CandidateFacts):
    """The competent committee issued the admission decision."""

    decision_number: str
    decision_date: date
    decision_org: str
    overridden_rules: list[str] = Field(default_factory=list)


@event_type(SERVICE, "candidate", "withdrawn")
class CandidateWithdrawn(CandidateFacts):
    """The candidate left the pipeline before the ceremony."""

    reason: str


# ---- calendar and targets ---------------------------------------------------------------------------------------


@event_type(SERVICE, "holiday", "set")
class HolidaySet(EventPayload):
    """A day was set as a public holiday or as a swapped working weekend in the working-day calendar."""

    day: date
    kind: str
    name: str
    org_id: str | None = Field(None, description="None: the national calendar.")
    effective_date: date


@event_type(SERVICE, "holiday", "removed")
class HolidayRemoved(EventPayload):
    """A day was removed from the working-day calendar's exceptions."""

    day: date
    org_id: str | None = None
    effective_date: date


@event_type(SERVICE, "target", "set")
class TargetSet(EventPayload):
    """An organisation's admission target for a year was set or changed."""

    org_id: str
    year: int
    target: int
    previous_target: int | None = None
    effective_date: date


@event_type(SERVICE, "candidate", "committee_reviewed")
class CandidateCommitteeReviewed(CandidateFacts):
    """The grassroots committee agreed with a branch's resolution to admit (two thirds of its committee members);
    only for a branch under a grassroots committee, between the branch vote and the decision."""

    review_date: date
    votes_for: int
    votes_against: int
    committee_members: int


@event_type(SERVICE, "member", "host_accepted")
class MemberHostAccepted(MemberChanged):
    """The host branch accepted a member on a temporary transfer: from ``effective_date`` the member is a guest in
    its roster (still counted at home). Status and home branch are unchanged."""

    host_org_id: str


@event_type(SERVICE, "member", "badge_awarded")
class MemberBadgeAwarded(MemberChanged):
    """A party badge was awarded (recorded in the member's record): ``milestone`` years of party age, on
    ``effective_date`` (the award date), ``kind`` regular, illness (early) or posthumous. Status unchanged."""

    milestone: int
    kind: str
    party_age_months: int
    decision_number: str | None = None


@event_type(SERVICE, "member", "record_updated")
class MemberRecordUpdated(MemberChanged):
    """The member's record (hồ sơ đảng viên) changed: ``sections`` names which (education, family, work_history,
    supplements, card, attachments …) and never their content, which stays in membership. Status unchanged."""

    sections: list[str] = Field(default_factory=list)


# ---- party dues -------------------------------------------------------------------------------------------------


@event_type(SERVICE, "dues", "collected")
class DuesCollected(EventPayload):
    """A member's dues for ``month`` were collected by their branch (``amount_paid`` may be 0 when excused)."""

    member_id: str
    org_id: str
    month: date = Field(description="The first day of the month the dues are for.")
    category: str
    amount_due: int
    amount_paid: int
    excused: bool = False
    effective_date: date


@event_type(SERVICE, "dues", "remitted")
class DuesRemitted(EventPayload):
    """One level's month: what it ``received`` (its own ``collected`` plus its units' remittances), ``retained``
    and ``remitted`` to ``parent_id``; at a branch, ``arrears_members`` owe three or more months of the year."""

    org_id: str
    parent_id: str | None = None
    month: date
    collected: int
    received: int
    retained: int
    remitted: int
    arrears_members: int = 0
    effective_date: date
