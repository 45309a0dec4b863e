"""How membership's member events place a member on a branch roster, and how the roster log becomes
non-overlapping intervals whatever order the events arrived in."""

from __future__ import annotations

from datetime import UTC, date, datetime

from meetings.attendance.rules import RosterInterval, RosterStatus, roster_at
from meetings.consumers import MemberData, roster_placement, roster_since
from meetings.roster.models import RosterChange
from meetings.roster.queries import intervals_in

HOME, HOST = "home", "host"


def data(status: str, org_id: str = HOME, **extra: object) -> MemberData:
    return MemberData.model_validate(
        {"member_id": "m", "org_id": org_id, "status": status, "effective_date": "2025-01-01", **extra}
    )


def change(day: date, status: RosterStatus, org_id: str = HOME, second: int = 0, member: str = "m") -> RosterChange:
    return RosterChange(
        member_id=member,
        org_id=org_id,
        roster_status=status.value,
        member_status="x",
        change="x",
        effective_date=day,
        event_id="e",
        event_time=datetime(2025, 1, 1, 0, 0, second, tzinfo=UTC),
    )


def test_official_and_probationary_members_are_expected_and_exempt_ones_are_not() -> None:
    assert roster_placement("registered", data("official")) == (HOME, RosterStatus.ACTIVE)
    assert roster_placement("admitted", data("probationary")) == (HOME, RosterStatus.ACTIVE)
    assert roster_placement("exempted", data("exempt")) == (HOME, RosterStatus.EXEMPT)


def test_a_temporary_transfer_keeps_the_member_away_on_the_home_roster_and_a_permanent_one_ends_it() -> None:
    temporary = data("temporarily_away", transfer_kind="temporary", to_org_id=HOST)
    assert roster_placement("transferred_out", temporary) == (HOME, RosterStatus.TEMPORARILY_AWAY)
    permanent = data("transfer_pending", transfer_kind="permanent", to_org_id=HOST)
    assert roster_placement("transferred_out", permanent) == (HOME, RosterStatus.LEFT)
    moved_already = data("transfer_pending", org_id=HOST, previous_org_id=HOME, transfer_kind="permanent")
    assert roster_placement("transferred_out", moved_already) == (HOME, RosterStatus.LEFT)
    assert roster_placement("transferred_in", data("official", org_id=HOST)) == (HOST, RosterStatus.ACTIVE)


def test_leaving_the_party_in_any_way_ends_the_roster_interval() -> None:
    for verb, status in [
        ("removed", "removed"),
        ("resigned", "resigned"),
        ("expelled", "expelled"),
        ("died", "deceased"),
    ]:
        assert roster_placement(verb, data(status))[1] is RosterStatus.LEFT


def test_intervals_chain_without_gaps_and_a_same_day_change_replaces_the_earlier_one_in_any_arrival_order() -> None:
    history = {
        "m": [
            change(date(2025, 9, 1), RosterStatus.ACTIVE),
            change(date(2025, 3, 1), RosterStatus.EXEMPT, second=2),
            change(date(2025, 1, 1), RosterStatus.ACTIVE),
            change(date(2025, 3, 1), RosterStatus.ACTIVE, second=1),
        ]
    }
    assert intervals_in(history, HOME) == [
        RosterInterval("m", RosterStatus.ACTIVE, date(2025, 1, 1), date(2025, 3, 1)),
        RosterInterval("m", RosterStatus.EXEMPT, date(2025, 3, 1), date(2025, 9, 1)),
        RosterInterval("m", RosterStatus.ACTIVE, date(2025, 9, 1), None),
    ]


def test_a_member_who_moved_branch_or_left_is_on_no_roster_after_the_day() -> None:
    history = {
        "m": [
            change(date(2025, 1, 1), RosterStatus.ACTIVE),
            change(date(2025, 6, 1), RosterStatus.ACTIVE, org_id=HOST),
        ],
        "n": [
            change(date(2025, 1, 1), RosterStatus.ACTIVE, member="n"),
            change(date(2025, 4, 1), RosterStatus.LEFT, member="n"),
        ],
    }
    home = intervals_in(history, HOME)
    assert roster_at(home, date(2025, 3, 31)).expected == {"m", "n"}
    assert roster_at(home, date(2025, 4, 1)).expected == {"m"}
    assert roster_at(home, date(2025, 6, 1)).expected == frozenset()
    assert roster_at(intervals_in(history, HOST), date(2025, 6, 1)).expected == {"m"}


def test_an_imported_member_is_on_the_roster_since_joining_the_party_not_since_the_import() -> None:
    imported = data("official", admission_date="2010-03-02", recognition_date="2011-03-02")
    assert roster_since("registered", imported) == date(2010, 3, 2)
    recognised_only = data("official", recognition_date="2012-05-01")
    assert roster_since("registered", recognised_only) == date(2012, 5, 1)
    admitted_after_registration = data("probationary", admission_date="2025-06-01")
    assert roster_since("registered", admitted_after_registration) == date(2025, 1, 1)
    assert roster_since("recognised", imported) == date(2025, 1, 1)  # other changes date from their own event
