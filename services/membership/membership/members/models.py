"""Members: the table, its history, and the API schemas."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from membership.base import Base
from membership.members.rules import ExemptionScope, MemberStatus, RemovalReason, TransferKind
from shared.columns import Created, Updated, Versioned


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


class Position(StrEnum):
    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    COMMITTEE_MEMBER = "committee_member"


class Member(Versioned, Created, Updated, Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("source_system", "external_id", name="uq_members_external_ref"),
        Index("ix_members_org_status", "org_id", "status"),
        Index(
            "ix_members_search_name_trgm",
            "search_name",
            postgresql_using="gin",
            postgresql_ops={"search_name": "gin_trgm_ops"},
        ),
        Index("ix_members_org_name_id", "org_id", "search_name", "id"),
        # The default list order: a large subtree's first page walks this index instead of sorting the subtree.
        Index("ix_members_search_name_id", "search_name", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    search_name: Mapped[str] = mapped_column(String(200), comment="unidecode(full_name).lower(), for search")
    gender: Mapped[str] = mapped_column(String(10))
    birth_date: Mapped[date] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(60))
    religion: Mapped[str | None] = mapped_column(String(60))
    national_id: Mapped[str] = mapped_column(String(12), unique=True)
    party_card_number: Mapped[str | None] = mapped_column(String(30))
    hometown: Mapped[str | None] = mapped_column(String(300))
    education: Mapped[str | None] = mapped_column(String(200))
    occupation: Mapped[str | None] = mapped_column(String(200))
    positions: Mapped[list[str]] = mapped_column(JSONB, default=list)
    admission_date: Mapped[date | None] = mapped_column(Date)
    recognition_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(30))
    previous_status: Mapped[str | None] = mapped_column(String(30))
    source_system: Mapped[str | None] = mapped_column(String(60))
    external_id: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    flags: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    categories: Mapped[dict[str, str]] = mapped_column(
        JSONB,
        default=dict,
        server_default=text("'{}'::jsonb"),
        comment="The record's statistical codes (education, qualification, theory, occupation, religion), published",
    )
    ceremony_date: Mapped[date | None] = mapped_column(Date, comment="Start of probation (admission ceremony)")
    transfer_kind: Mapped[str | None] = mapped_column(String(20))
    transfer_to_org_id: Mapped[str | None] = mapped_column(
        String(36), index=True, comment="Receiving branch of a pending transfer"
    )
    transfer_issued_on: Mapped[date | None] = mapped_column(Date, comment="Date of the transfer letter")
    host_org_id: Mapped[str | None] = mapped_column(
        String(36), index=True, comment="Host branch while on a temporary transfer"
    )
    temporary_ends_on: Mapped[date | None] = mapped_column(Date)
    host_accepted_on: Mapped[date | None] = mapped_column(
        Date, comment="The host branch accepted the temporary transfer: the member is in its roster from here"
    )
    exemption_scope: Mapped[str | None] = mapped_column(String(10), comment="reduce or exempt (Charter Điều 7)")
    left_on: Mapped[date | None] = mapped_column(Date, comment="When the member left the party (readmission)")
    left_reason: Mapped[str | None] = mapped_column(
        String(30), comment="Why: the removal reason, resigned, expelled or deceased (readmission's exclusions)"
    )


class MemberChange(Base):
    """Every change of a member with its effective date and actor: the basis of reading a member 'as of' a date."""

    __tablename__ = "member_changes"
    __table_args__ = (Index("ix_member_changes_member", "member_id", "effective_date", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(36))
    change: Mapped[str] = mapped_column(String(60))
    effective_date: Mapped[date] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(200))
    request_id: Mapped[str | None] = mapped_column(String(100))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONB, comment="The member's state after the change")
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


ETHNIC_MAJORITY = "Kinh"


class MemberCreate(BaseModel):
    """An existing member entered into the system (new members come through the admission pipeline)."""

    model_config = ConfigDict(extra="forbid")

    full_name: str = Field(min_length=2, max_length=200)
    gender: Gender
    birth_date: date
    ethnicity: str = Field(ETHNIC_MAJORITY, min_length=1, max_length=60)
    religion: str | None = Field(None, max_length=60)
    national_id: str = Field(pattern=r"^\d{12}$", description="Căn cước công dân: 12 digits, unique.")
    party_card_number: str | None = Field(None, max_length=30)
    hometown: str | None = Field(None, max_length=300)
    education: str | None = Field(None, max_length=200)
    occupation: str | None = Field(None, max_length=200)
    positions: list[Position] = Field(default_factory=list)
    org_id: str = Field(description="The branch the member belongs to.")
    status: str = Field("official", pattern=r"^(probationary|official|exempt)$")
    admission_date: date | None = Field(None, description="The admission decision's date (party age counts from it).")
    ceremony_date: date | None = Field(None, description="The admission ceremony: probation starts here.")
    recognition_date: date | None = None
    source_system: str | None = Field(None, max_length=60)
    external_id: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    effective_date: date


class PersonOut(BaseModel):
    """Who a member or a candidate is and where they belong, as every view of either starts."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    org_id: str
    full_name: str
    gender: Gender
    birth_date: date
    ethnicity: str


class MemberOut(PersonOut):
    religion: str | None
    national_id: str | None = Field(description="Masked for roles that do not need it.")
    party_card_number: str | None
    hometown: str | None
    education: str | None
    occupation: str | None
    positions: list[str]
    admission_date: date | None
    recognition_date: date | None
    status: MemberStatus
    source_system: str | None
    external_id: str | None
    phone: str | None
    email: str | None
    address: str | None
    flags: dict[str, Any] = Field(description="e.g. `review_for_removal` set from meetings' absence alerts.")
    ceremony_date: date | None = None
    transfer_kind: TransferKind | None = None
    transfer_to_org_id: str | None = None
    transfer_issued_on: date | None = None
    host_org_id: str | None = None
    temporary_ends_on: date | None = None
    host_accepted_on: date | None = None
    exemption_scope: str | None = None
    left_on: date | None = None
    left_reason: str | None = None
    version: int


class MemberPatch(BaseModel):
    """Profile fields; status and branch change only through their commands."""

    model_config = ConfigDict(extra="forbid")

    full_name: str | None = Field(None, min_length=2, max_length=200)
    gender: Gender | None = None
    birth_date: date | None = None
    ethnicity: str | None = Field(None, min_length=1, max_length=60)
    religion: str | None = Field(None, max_length=60)
    national_id: str | None = Field(None, pattern=r"^\d{12}$")
    party_card_number: str | None = Field(None, max_length=30)
    hometown: str | None = Field(None, max_length=300)
    education: str | None = Field(None, max_length=200)
    occupation: str | None = Field(None, max_length=200)
    positions: list[Position] | None = None
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    effective_date: date


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid")

    effective_date: date = Field(description="The domain date of the change (the decision's date).")
    note: str | None = Field(None, max_length=2000)


class Recognise(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vote_date: date = Field(description="The branch's recognition vote; recognition dates from probation's end.")
    override_reason: str | None = Field(None, max_length=2000, description="Why a late vote is recorded.")
    note: str | None = Field(None, max_length=2000)
    votes_for: int | None = Field(None, ge=0, description="Official members in favour: two thirds are needed.")
    votes_against: int = Field(0, ge=0)
    official_members: int | None = Field(None, ge=1, description="Defaults to the branch's official members.")
    decision_number: str | None = Field(None, max_length=60, description="The committee's recognition decision.")
    decision_date: date | None = None
    decision_org: str | None = Field(None, max_length=300)


class Exempt(Command):
    scope: ExemptionScope = Field(
        ExemptionScope.EXEMPT, description="Reduce (giảm) or exempt from (miễn) party work and meetings."
    )


class HostAccept(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org_id: str = Field(description="The host branch accepting the member on a temporary transfer.")
    accepted_on: date = Field(description="The day the member presented the letter and the host accepted them.")
    override_reason: str | None = Field(None, max_length=2000, description="Why a letter presented late is accepted.")
    note: str | None = Field(None, max_length=2000)


class Remove(Command):
    reason: RemovalReason
    months_in_year: int = Field(0, ge=0, le=12, description="Months missed in the year (absence/dues reasons).")


class TransferOut(Command):
    transfer_kind: TransferKind
    to_org_id: str | None = Field(None, description="Receiving branch when it is in this system.")
    to_description: str | None = Field(None, max_length=300, description="Receiving unit outside the system.")
    ends_on: date | None = Field(None, description="End of a temporary transfer.")
    for_study: bool = False


class TransferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org_id: str = Field(description="The receiving branch confirming the member.")
    presented_on: date = Field(description="The day the member presented the transfer letter.")
    override_reason: str | None = Field(None, max_length=2000)
    note: str | None = Field(None, max_length=2000)


class HistoryItem(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    change: str = Field(
        description="What changed: registered, updated, recognised, transferred_out, … or flag_cleared:<flag>."
    )
    effective_date: date
    actor: str
    request_id: str | None
    snapshot: dict[str, Any]
    note: str | None
    recorded_at: datetime


class MemberAsOf(BaseModel):
    """The member as recorded on ``as_of`` (from the history of changes)."""

    member_id: str
    as_of: date
    change: str
    effective_date: date
    org_id: str
    status: MemberStatus
    full_name: str
    positions: list[str]
    admission_date: date | None
    recognition_date: date | None


class Headcount(BaseModel):
    org_id: str
    counted: int = Field(description="Members counted in the subtree's headcount.")
    by_status: dict[str, int]
    temporary_guests: int = Field(
        description="Members hosted on a temporary transfer once the host accepted them (not counted here)."
    )
