"""Eligibility rules of admission: who may be admitted and on whose introduction (the votes are in ``votes``,
a readmission's conditions in ``readmission``).

Every function takes the dates and the policy values it applies (``AdmissionPolicies.at(vote_date)``) and
raises ``RuleViolation`` naming the rule and the values that broke it. None of these rules is overridable:
they are conditions of the Party Charter, and exceptions (a candidate over 60, say) are decided above the
grassroots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from membership.orgs.rules import OrgKind
from shared.calendar import add_months, full_months_between
from shared.dateorder import check_order
from shared.errors import RuleViolation


def age_in_months(birth: date, on: date) -> int:
    """Age in full months, as the party counts it ("tính theo tháng"); born 29 Feb, a year ends 28 Feb."""
    return full_months_between(birth, on)


@dataclass(frozen=True)
class AgeException:
    """The recorded decision admitting an applicant over 60: its number, date and issuing committee (a committee
    directly under the Central Committee, e.g. a provincial standing committee)."""

    decision_number: str
    decision_date: date
    issuing_committee: str
    issuing_org_id: str | None = None


def check_age_exception_issuer(issuer_kind: str | None) -> None:
    """The over-60 decision comes from a committee directly under the Central Committee: in this tree, a
    province-level organisation (``issuer_kind`` None: the issuer is named only, not found in the tree)."""
    if issuer_kind != OrgKind.PROVINCE.value:
        raise RuleViolation("admission.age_exception_issuer", field="age_exception", kind=issuer_kind or "unknown")


def check_age(
    birth: date, vote_date: date, *, min_months: int, max_months: int, exception: AgeException | None = None
) -> int:
    """From full 18 to full 60 years at the branch vote, both inclusive (point 1.1 of the implementing
    regulations); returns months. "Đủ 60 tuổi" admits a candidate of exactly 720 months and refuses one of 721,
    unless a committee directly under the Central Committee decided to admit them (``exception``). Nothing
    admits a candidate under 18 (Điều lệ Đảng Điều 1.2).
    """
    age = age_in_months(birth, vote_date)
    over_with_decision = age > max_months and exception is not None
    if not (min_months <= age <= max_months or over_with_decision):
        raise RuleViolation(
            "admission.age_range",
            field="birth_date",
            overridable=False,
            age_months=age,
            min_months=min_months,
            max_months=max_months,
            vote_date=vote_date.isoformat(),
        )
    return age


def check_certificate(certificate_date: date, vote_date: date, *, validity_months: int) -> None:
    """The party-awareness class certificate must precede the vote and be at most ``validity_months`` old."""
    check_order(
        "admission.certificate_after_vote",
        field="certificate_date",
        certificate_date=certificate_date,
        vote_date=vote_date,
    )
    expires_on = add_months(certificate_date, validity_months)
    if vote_date > expires_on:
        raise RuleViolation(
            "admission.certificate_expired",
            field="certificate_date",
            overridable=False,
            certificate_date=certificate_date.isoformat(),
            vote_date=vote_date.isoformat(),
            validity_months=validity_months,
            expired_on=expires_on.isoformat(),
        )


@dataclass(frozen=True)
class Introducer:
    """An introducing member (đảng viên giới thiệu) as the branch knows them on the day of the check."""

    person_id: str
    is_official: bool
    worked_together_since: date


def check_introducers(
    candidate_id: str,
    introducers: Sequence[Introducer],
    on: date,
    *,
    required: int,
    min_months_together: int,
) -> None:
    """Two distinct official members, other than the candidate, who worked with them at least 12 months.

    The introducer vouches for the candidate's record and conduct (Điều lệ Đảng art. 4), which needs a year of
    working together and the full rights of an official member.
    """
    if len(introducers) != required:
        raise RuleViolation(
            "admission.introducer_count", field="introducers", count=len(introducers), required=required
        )
    seen: set[str] = set()
    for introducer in introducers:
        if introducer.person_id == candidate_id:
            raise RuleViolation("admission.introducer_is_candidate", field="introducers", person_id=candidate_id)
        if introducer.person_id in seen:
            raise RuleViolation(
                "admission.introducers_not_distinct", field="introducers", person_id=introducer.person_id
            )
        seen.add(introducer.person_id)
        _check_introducer(introducer, on, min_months_together)


class IntroducingOrganisation(StrEnum):
    """A mass organisation's grassroots committee that introduces beside one official member (Điều 4.1)."""

    YOUTH_UNION = "youth_union"  # Ban Chấp hành Đoàn cơ sở: for an applicant of Youth Union age
    TRADE_UNION = "trade_union"  # Ban Chấp hành công đoàn cơ sở: for an applicant who is a trade union member


def members_introducing(organisation: IntroducingOrganisation | None, *, required: int) -> int:
    """How many official members must introduce: all ``required``, or one less beside an organisation."""
    return required if organisation is None else required - 1


def check_introducing_organisation(
    organisation: IntroducingOrganisation, birth: date, on: date, *, youth_max_age_years: int
) -> None:
    """The Youth Union introduces only an applicant of Youth Union age (up to 30 — Điều lệ Đoàn Điều 1)."""
    years = age_in_months(birth, on) // 12
    if organisation is IntroducingOrganisation.YOUTH_UNION and years > youth_max_age_years:
        raise RuleViolation(
            "admission.youth_union_age",
            field="organisation",
            age_years=years,
            max_years=youth_max_age_years,
            on=on.isoformat(),
        )


def _check_introducer(introducer: Introducer, on: date, min_months_together: int) -> None:
    if not introducer.is_official:
        raise RuleViolation("admission.introducer_not_official", field="introducers", person_id=introducer.person_id)
    months = full_months_between(introducer.worked_together_since, on)
    if months < min_months_together:
        raise RuleViolation(
            "admission.introducer_worked_together",
            field="introducers",
            person_id=introducer.person_id,
            months=months,
            min_months=min_months_together,
        )
