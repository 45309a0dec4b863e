"""Members by the forms' categories: stocks per category moved like gender (old out, new in, only from a newer
version), admissions broken down by the new member's categories and age on the decision's day, removals of
probationary members, and the codes reporting does not know counted as not stated."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest

from reporting.facts.rules import admission_age_band
from reporting.facts.store import Attribution, Batch, pack, unpack
from reporting.ingest.membership import MEMBER_FLOWS, member_effects
from reporting.ingest.views import MemberView

T = "vn.party.membership"
A = "branch-a"
CODES = {"occupation": "farmer", "religion": "buddhism", "general_education": "upper_secondary"}


def view(version: int, status: str, on: str, **extra: Any) -> MemberView:
    return MemberView.model_validate(
        {
            "member_id": "m1",
            "org_id": A,
            "status": status,
            "gender": "female",
            "birth_date": "1996-06-15",
            "ethnic_minority": True,
            "ethnicity": "Tày",
            "effective_date": on,
            "version": version,
            **extra,
        }
    )


def apply(batch: Batch, *events: tuple[str, MemberView]) -> list[Attribution]:
    out: list[Attribution] = []
    for kind, event in events:
        out += member_effects(batch, event, MEMBER_FLOWS[f"{T}.{kind}.v1"])
    return out


def summed(attributions: list[Attribution], prefix: str) -> dict[str, int]:
    total: Counter[str] = Counter()
    for a in attributions:
        for metric, value in a.contribution.items():
            if metric.startswith(prefix):
                total[metric] += a.sign * value
    return {k: v for k, v in total.items() if v}


def fresh() -> Batch:
    batch = Batch()
    batch.members["m1"] = None
    return batch


def test_a_member_counts_in_each_stated_category_and_moves_when_the_record_changes() -> None:
    batch = fresh()
    out = apply(batch, ("member.registered", view(1, "official", "2026-01-05", **CODES)))
    assert summed(out, "c.") == {
        "c.eg.tay": 1,
        "c.oc.farmer": 1,
        "c.rl.buddhism": 1,
        "c.ge.upper_secondary": 1,
    }
    changed = {**CODES, "occupation": "retired", "religion": None}
    out += apply(batch, ("member.record_updated", view(2, "official", "2026-03-01", **changed)))
    out += apply(batch, ("member.record_updated", view(1, "official", "2026-01-05", **CODES)))  # stale: ignored
    assert summed(out, "c.") == {
        "c.eg.tay": 1,
        "c.oc.retired": 1,
        "c.ge.upper_secondary": 1,
    }
    assert batch.members["m1"] is not None
    assert unpack(pack(batch.members["m1"].traits)) == batch.members["m1"].traits


def test_codes_reporting_does_not_know_count_as_not_stated_and_the_ethnic_name_is_folded() -> None:
    event = view(1, "official", "2026-01-05", occupation="Làm ruộng", ethnicity="H'Mông", ethnic_group=None)
    out = apply(fresh(), ("member.registered", event))
    assert summed(out, "c.") == {"c.eg.hmong": 1}
    coded = view(1, "official", "2026-01-05", ethnicity="whatever", ethnic_group="dao")
    assert summed(apply(fresh(), ("member.registered", coded)), "c.") == {"c.eg.dao": 1}


def admitted_on(attributions: list[Attribution]) -> dict[date, dict[str, int]]:
    """The admission flows and their detail, summed per day (a replaced detail nets out)."""
    out: dict[date, Counter[str]] = {}
    for a in attributions:
        for metric, value in a.contribution.items():
            if metric.startswith(("members.admitted", "a.")):
                out.setdefault(a.on, Counter())[metric] += a.sign * value
    return {day: {k: v for k, v in c.items() if v} for day, c in out.items()}


def test_an_admission_counts_by_gender_minority_age_on_the_decision_day_and_categories() -> None:
    event = view(1, "probationary", "2026-07-01", decision_date="2026-06-14", admission_date="2026-06-14", **CODES)
    assert admitted_on(apply(fresh(), ("member.admitted", event))) == {
        date(2026, 6, 14): {
            "members.admitted": 1,
            "a.g.female": 1,
            "a.mi": 1,
            "a.age.18_30": 1,  # 29 the day before the 30th birthday
            "a.eg.tay": 1,
            "a.oc.farmer": 1,
            "a.rl.buddhism": 1,
            "a.ge.upper_secondary": 1,
        }
    }


def test_the_record_filled_after_the_admission_restates_its_detail_in_any_order() -> None:
    """The record is filled after the ceremony: the admission of June counts the member by the codes known now,
    whichever of the two events a replica applies first."""
    admitted = view(1, "probationary", "2026-07-01", decision_date="2026-06-14", admission_date="2026-06-14")
    recorded = view(2, "probationary", "2026-09-01", admission_date="2026-06-14", **CODES)
    in_order = admitted_on(apply(fresh(), ("member.admitted", admitted), ("member.record_updated", recorded)))
    reversed_ = admitted_on(apply(fresh(), ("member.record_updated", recorded), ("member.admitted", admitted)))
    assert in_order == reversed_
    assert set(in_order) == {date(2026, 6, 14)}
    assert in_order[date(2026, 6, 14)]["a.oc.farmer"] == 1
    assert in_order[date(2026, 6, 14)]["members.admitted"] == 1


def test_a_registered_member_counts_its_admission_broken_down_in_the_admissions_period() -> None:
    event = view(
        1, "official", "2026-11-20", admission_date="1990-01-10", recognition_date="1991-01-10", **CODES
    ).model_copy(update={"birth_date": date(1966, 6, 15)})
    detail = admitted_on(apply(fresh(), ("member.registered", event)))[date(1990, 1, 10)]
    assert detail["members.admitted"] == 1
    assert detail["a.oc.farmer"] == 1
    assert detail["a.age.18_30"] == 1  # 23 on 10 Jan 1990 (born 15 Jun 1966)


@pytest.mark.parametrize(
    ("birth", "on", "band"),
    [
        (date(1996, 6, 15), date(2026, 6, 14), "18_30"),
        (date(1996, 6, 15), date(2027, 6, 14), "18_30"),
        (date(1996, 6, 15), date(2027, 6, 15), "31_35"),
        (date(1966, 1, 1), date(2026, 12, 31), "56_60"),
        (date(1965, 12, 31), date(2026, 12, 31), "over_60"),
        (date(1985, 3, 1), date(2026, 3, 1), "41_45"),
    ],
)
def test_admission_age_bands_are_ages_on_the_decision_day(birth: date, on: date, band: str) -> None:
    assert admission_age_band(birth, on) == band


def test_removing_a_probationary_member_counts_among_the_probationary_removed() -> None:
    batch = fresh()
    apply(batch, ("member.registered", view(1, "probationary", "2026-01-05")))
    out = apply(batch, ("member.removed", view(2, "removed", "2026-04-01", previous_status="probationary")))
    assert summed(out, "members.removed") == {"members.removed": 1, "members.removed.probationary": 1}
    official = fresh()
    apply(official, ("member.registered", view(1, "official", "2026-01-05")))
    out = apply(official, ("member.removed", view(2, "removed", "2026-04-01", previous_status="official")))
    assert summed(out, "members.removed") == {"members.removed": 1}
