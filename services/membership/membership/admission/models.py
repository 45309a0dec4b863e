"""Candidates for admission: the table and the API schemas of each pipeline step."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from membership.admission.deadlines import DeadlineKind
from membership.admission.pipeline import AdmissionStage
from membership.admission.readmission import ExitReason
from membership.admission.rules import IntroducingOrganisation
from membership.base import Base
from membership.members.models import ETHNIC_MAJORITY, Gender, PersonOut
from shared.columns import Created, Updated, Versioned


class Candidate(Versioned, Created, Updated, Base):
    """One person on the way to admission (quần chúng ưu tú), from introduction to the ceremony."""

    __tablename__ = "candidates"
    __table_args__ = (Index("ix_candidates_org_stage", "org_id", "stage"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36), comment="The branch considering the candidate")
    full_name: Mapped[str] = mapped_column(String(200))
    search_name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str] = mapped_column(String(10))
    birth_date: Mapped[date] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(60))
    national_id: Mapped[str] = mapped_column(String(12), index=True)
    introduced_by: Mapped[str] = mapped_column(String(200), comment="The mass organisation introducing them")
    introduced_on: Mapped[date] = mapped_column(Date)
    left_party_on: Mapped[date | None] = mapped_column(Date, comment="A former member: when they left")
    stage: Mapped[str] = mapped_column(String(30))
    certificate_date: Mapped[date | None] = mapped_column(Date)
    introducers: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    introducing_organisation: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, comment="The Youth Union's or trade union's grassroots committee introducing beside one member"
    )
    notes: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    vote_date: Mapped[date | None] = mapped_column(Date)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    official_members: Mapped[int | None] = mapped_column(Integer)
    review_date: Mapped[date | None] = mapped_column(Date, comment="The grassroots committee's review")
    review_votes_for: Mapped[int | None] = mapped_column(Integer)
    review_votes_against: Mapped[int | None] = mapped_column(Integer)
    review_committee_members: Mapped[int | None] = mapped_column(Integer)
    age_exception: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, comment="The decision admitting a candidate over 60 (number, date, issuing committee)"
    )
    readmission: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, comment="Why they left, record cleared on, the provincial standing committee's consent"
    )
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[date | None] = mapped_column(Date)
    decision_org: Mapped[str | None] = mapped_column(String(300))
    ceremony_date: Mapped[date | None] = mapped_column(Date)
    member_id: Mapped[str | None] = mapped_column(String(36))
    overrides: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)


class Introduce(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org_id: str = Field(description="The branch that will consider the candidate.")
    full_name: str = Field(min_length=2, max_length=200)
    gender: Gender
    birth_date: date
    ethnicity: str = Field(ETHNIC_MAJORITY, min_length=1, max_length=60)
    national_id: str = Field(pattern=r"^\d{12}$")
    introduced_by: str = Field(min_length=2, max_length=200, examples=["Đoàn Thanh niên xã Xuân Lôi"])
    introduced_on: date
    left_party_on: date | None = Field(None, description="For readmission: when they left the party.")
    exit_reason: ExitReason | None = Field(
        None, description="For readmission: why they left (defaults from the member record: resigned, removed …)."
    )
    record_cleared_on: date | None = Field(
        None, description="For readmission after a less serious conviction: when the criminal record was cleared."
    )


class ClassCompleted(BaseModel):
    model_config = ConfigDict(extra="forbid")

    certificate_date: date


class IntroducerIn(BaseModel):
    member_id: str
    worked_together_since: date


class IntroducingOrganisationIn(BaseModel):
    """The grassroots committee of the Youth Union (applicants of Youth Union age) or of the trade union."""

    model_config = ConfigDict(extra="forbid")

    kind: IntroducingOrganisation
    name: str = Field(min_length=2, max_length=200, examples=["Ban Chấp hành Đoàn xã Xuân Lôi"])


class AssignIntroducers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    introducers: list[IntroducerIn] = Field(description="Two official members, or one beside `organisation`.")
    assigned_on: date
    organisation: IntroducingOrganisationIn | None = Field(
        None, description="Introduces beside one official member (Điều lệ Đảng Điều 4.1)."
    )


class ProgressNote(BaseModel):
    model_config = ConfigDict(extra="forbid")

    noted_on: date
    period: str = Field(
        pattern=r"^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$",
        examples=["2026-03", "2026-Q1"],
        description="The month or quarter the note covers.",
    )
    text: str = Field(min_length=1, max_length=4000)


class AgeExceptionIn(BaseModel):
    """The decision of a committee directly under the Central Committee admitting an applicant over 60."""

    model_config = ConfigDict(extra="forbid")

    decision_number: str = Field(min_length=1, max_length=60)
    decision_date: date
    issuing_committee: str = Field(min_length=2, max_length=300, examples=["Ban Thường vụ Tỉnh ủy Tuyên Quang"])
    issuing_org_id: str | None = Field(
        None, description="The issuing committee in the tree, when it is there: a province-level organisation."
    )


class BranchVoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vote_date: date
    votes_for: int = Field(ge=0)
    votes_against: int = Field(ge=0)
    official_members: int | None = Field(None, ge=1, description="Defaults to the branch's official members.")
    age_exception: AgeExceptionIn | None = Field(None, description="Required for an applicant over 60.")


class CommitteeReviewIn(BaseModel):
    """The grassroots committee's review of the branch resolution (a branch under a grassroots committee)."""

    model_config = ConfigDict(extra="forbid")

    review_date: date
    votes_for: int = Field(ge=0, description="Committee members (cấp ủy viên) in favour.")
    votes_against: int = Field(0, ge=0)
    committee_members: int = Field(ge=1, description="All members of the grassroots committee, present or not.")


class ConsentIn(BaseModel):
    """The provincial standing committee's written consent to a readmission."""

    model_config = ConfigDict(extra="forbid")

    number: str = Field(min_length=1, max_length=60)
    date: date
    committee: str = Field(min_length=2, max_length=300, examples=["Ban Thường vụ Tỉnh ủy Tuyên Quang"])


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision_number: str = Field(min_length=1, max_length=60)
    decision_date: date
    decision_org: str = Field(min_length=2, max_length=300, description="The issuing organisation.")
    override_reason: str | None = Field(None, max_length=2000, description="Why a late decision is recorded.")
    readmission_consent: ConsentIn | None = Field(None, description="Required to readmit a former member.")


class CeremonyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ceremony_date: date
    override_reason: str | None = Field(None, max_length=2000, description="Why a late ceremony is recorded.")
    party_card_number: str | None = Field(None, max_length=30)


class Withdraw(BaseModel):
    model_config = ConfigDict(extra="forbid")

    effective_date: date
    reason: str = Field(min_length=2, max_length=2000)


class CeremonyOut(BaseModel):
    candidate: CandidateOut
    member_id: str


class CandidateOut(PersonOut):
    national_id: str | None
    introduced_by: str
    introduced_on: date
    left_party_on: date | None
    stage: AdmissionStage
    certificate_date: date | None
    introducers: list[dict[str, Any]]
    introducing_organisation: dict[str, Any] | None = None
    notes: list[dict[str, Any]]
    vote_date: date | None
    votes_for: int | None
    votes_against: int | None
    official_members: int | None
    review_date: date | None = None
    review_votes_for: int | None = None
    review_votes_against: int | None = None
    review_committee_members: int | None = None
    age_exception: dict[str, Any] | None = None
    readmission: dict[str, Any] | None = None
    decision_number: str | None
    decision_date: date | None
    decision_org: str | None
    ceremony_date: date | None
    member_id: str | None
    overrides: list[dict[str, Any]]
    version: int


CeremonyOut.model_rebuild()


class DeadlineOut(BaseModel):
    kind: DeadlineKind
    due_on: date
    overdue: bool
    subject_type: Literal["candidate", "member"]
    subject_id: str
    org_id: str
    full_name: str
