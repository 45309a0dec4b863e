"""A member's dated history and order independence: stocks follow the newest version, whatever order a member's
events arrive in (two replicas, redeliveries), and a member first seen late counts from its admission decision."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.facts.rules import MemberState, history_of, is_stale, member_contribution
from reporting.facts.store import Attribution, Batch
from reporting.ingest.membership import CROSSING, MEMBER_FLOWS, member_effects
from reporting.ingest.views import MemberView

T = "vn.party.membership"
A, B = "branch-a", "branch-b"


def view(version: int | None, org: str, status: str, on: str, **extra: Any) -> MemberView:
    return MemberView.model_validate(
        {
            "member_id": "m1",
            "org_id": org,
            "status": status,
            "gender": "female",
            "birth_date": "1950-01-01",
            "ethnic_minority": True,
            "effective_date": on,
            "version": version,
            "admission_date": "1975-04-30",
            "recognition_date": "1976-04-30",
            **extra,
        }
    )


# One member's life as membership publishes it: (event type, payload), versions 1..6.
LIFE = [
    ("member.registered", view(1, A, "official", "2026-01-05")),
    ("member.transferred_out", view(2, A, "transfer_pending", "2026-02-01", previous_status="official")),
    ("member.transferred_in", view(3, B, "official", "2026-02-20", previous_org_id=A, transfer_kind="permanent")),
    ("member.exempted", view(4, B, "exempt", "2026-03-01", previous_status="official")),
    ("member.updated", view(5, B, "exempt", "2026-04-01")),
    ("member.exemption_ended", view(6, B, "official", "2026-05-01", previous_status="exempt")),
]


def apply(events: list[tuple[str, MemberView]]) -> list[Attribution]:
    batch = Batch()
    batch.members["m1"] = None
    out: list[Attribution] = []
    for kind, event in events:
        out += member_effects(batch, event, MEMBER_FLOWS[f"{T}.{kind}.v1"])
    return out


def stocks(attributions: list[Attribution], until: date = date(2100, 1, 1)) -> dict[tuple[str, str], int]:
    total: Counter[tuple[str, str]] = Counter()
    for a in attributions:
        if a.on <= until:
            for metric, value in a.contribution.items():
                if not metric.startswith("members.") or metric.split(".")[1] in FLOW_NAMES:
                    continue
                total[(a.org_id, metric)] += a.sign * value
    return {k: v for k, v in total.items() if v}


FLOW_NAMES = {flow.split(".")[1] for flow in [*MEMBER_FLOWS.values(), *CROSSING.values()] if flow}


def truth() -> dict[tuple[str, str], int]:
    final = MemberState(B, "official", "official", "female", True, date(1950, 1, 1))
    return {(B, k): v for k, v in member_contribution(final).items() if k.startswith("members.")}


@settings(max_examples=200, deadline=None)
@given(st.permutations(LIFE), st.lists(st.integers(0, len(LIFE) - 1), max_size=4))
def test_any_order_with_redeliveries_ends_at_the_newest_state(order: list[Any], again: list[int]) -> None:
    """Replicas and ``nak(delay)`` redeliveries reorder a member's events; stale ones move no stock."""
    events = list(order) + [LIFE[i] for i in again]
    assert stocks(apply(events)) == truth()


@given(st.permutations(LIFE))
def test_each_event_counts_its_flow_once_in_any_order(order: list[Any]) -> None:
    flows = Counter(
        metric
        for a in apply(list(order))
        for metric in a.contribution
        if metric.split(".")[1] in FLOW_NAMES and metric.count(".") == 1
    )
    assert flows["members.transferred_out"] == flows["members.transferred_in"] == flows["members.exempted"] == 1
    assert flows["members.registered"] == 1


def test_events_without_a_version_keep_the_last_applied_state() -> None:
    """Events published before contract 2 carry no version: applied in arrival order, as before."""
    first = view(None, A, "official", "2026-01-05")
    later = view(None, A, "exempt", "2026-03-01", previous_status="official")
    assert stocks(apply([("member.registered", first), ("member.exempted", later)]))[(A, "members.status.exempt")] == 1
    assert not is_stale(None, MemberState(A, "official", "official", "male", False, date(1990, 1, 1), version=7))
    assert is_stale(7, MemberState(A, "official", "official", "male", False, date(1990, 1, 1), version=7))
    assert not is_stale(8, MemberState(A, "official", "official", "male", False, date(1990, 1, 1), version=7))
    assert not is_stale(1, None)


def test_an_imported_member_counts_from_its_admission_decision_and_recognition() -> None:
    """Imported in 2026 with an admission of 1975 and a recognition of 1976: probationary in 1975, official after."""
    out = apply([("member.registered", view(1, A, "official", "2026-11-20"))])
    assert stocks(out, date(1974, 12, 31)) == {}
    assert stocks(out, date(1975, 12, 31))[(A, "members.status.probationary")] == 1
    in_1976 = stocks(out, date(1976, 12, 31))
    assert (in_1976[(A, "members.total")], in_1976[(A, "members.status.official")]) == (1, 1)
    assert (A, "members.status.probationary") not in in_1976
    admitted = [a for a in out if "members.admitted" in a.contribution]
    recognised = [a for a in out if "members.recognised" in a.contribution]
    assert [a.on for a in admitted] == [date(1975, 4, 30)]
    assert [a.on for a in recognised] == [date(1976, 4, 30)]


def test_data_as_of_dates_the_reported_state() -> None:
    out = apply(
        [("member.registered", view(1, A, "exempt", "2026-11-20", data_as_of="2025-12-31", recognition_date=None))]
    )
    assert stocks(out, date(2025, 12, 31))[(A, "members.status.exempt")] == 1
    assert stocks(out, date(1976, 4, 30))[(A, "members.status.official")] == 1  # probation of 12 months assumed


def test_an_admission_counts_in_the_period_of_its_decision() -> None:
    event = view(1, A, "probationary", "2026-02-10", decision_date="2026-01-28", admission_date="2026-01-28")
    out = apply([("member.admitted", event)])
    assert [a.on for a in out if "members.admitted" in a.contribution] == [date(2026, 1, 28)]
    assert stocks(out, date(2026, 1, 31))[(A, "members.status.probationary")] == 1


def test_history_of_a_probationary_member_and_of_dates_after_registration() -> None:
    member = MemberState(A, "probationary", "probationary", "male", False, date(2000, 1, 1))
    steps = history_of(member, date(2026, 3, 1), date(2025, 9, 1), None)
    assert [(d, s.status) for d, s in steps] == [(date(2025, 9, 1), "probationary"), (date(2026, 3, 1), "probationary")]
    assert history_of(member, date(2026, 3, 1), date(2026, 3, 1), None) == [(date(2026, 3, 1), member)]
    guest = MemberState(A, "official", None, "male", False, date(2000, 1, 1), guest=True)
    assert history_of(guest, date(2026, 3, 1), date(1990, 1, 1), date(1991, 1, 1)) == [(date(2026, 3, 1), guest)]
