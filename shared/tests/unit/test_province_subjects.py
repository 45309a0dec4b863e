"""The province tokens of published subjects, and the NATS configuration built from them (pure functions)."""

from __future__ import annotations

import pytest

from shared.events import NATIONAL, Envelope, province_of, province_tokens
from shared.natsaccounts import MissingPassword, Province, render_accounts, source_filters, user_permissions

MEMBER_REGISTERED = "vn.party.membership.member.registered.v1"


def envelope(orgpath: str | None, previous: str | None = None) -> Envelope:
    return Envelope(
        source="/t", type=MEMBER_REGISTERED, subject="m/1", data={}, orgpath=orgpath, previousorgpath=previous
    )


def test_the_subject_ends_with_the_province_the_path_starts_with() -> None:
    assert envelope("/p1/d1/b1/").nats_subject == "grassroots.membership.member.registered.p1"


def test_an_event_outside_every_province_is_national() -> None:
    assert province_of(None) == province_of("") == NATIONAL
    assert envelope(None).nats_subject == "grassroots.membership.member.registered.national"


def test_a_move_across_provinces_adds_the_province_left() -> None:
    assert province_tokens("/p2/d/b/", "/p1/d/b/") == ["p2", "p1"]
    assert envelope("/p2/d/b/", "/p1/d/b/").nats_subject.endswith(".registered.p2.p1")


def test_a_move_inside_a_province_adds_nothing() -> None:
    assert province_tokens("/p1/d2/", "/p1/d1/") == ["p1"]


def test_a_province_stream_takes_its_events_arriving_and_leaving() -> None:
    filters = [f.src for f in source_filters("meetings", "p1")]
    assert filters == ["grassroots.meetings.*.*.p1", "grassroots.meetings.*.*.p1.*", "grassroots.meetings.*.*.*.p1"]


def test_a_province_user_may_publish_to_no_event_subject_nor_create_anything() -> None:
    allowed = user_permissions(Province("p1", code="hn"))["publish"]["allow"]
    assert all(
        s.startswith(
            (
                "$JS.API.CONSUMER.MSG.NEXT.PROVINCE_p1.",
                "$JS.API.CONSUMER.INFO.PROVINCE_p1.",
                "$JS.API.STREAM.INFO.PROVINCE_p1",
                "$JS.API.STREAM.MSG.GET.PROVINCE_p1",
                "$JS.ACK.PROVINCE_p1.",
            )
        )
        for s in allowed
    )
    assert not any("CREATE" in s or "DELETE" in s or s.startswith("grassroots") for s in allowed)


def test_a_province_without_a_password_gets_no_user() -> None:
    with pytest.raises(MissingPassword, match="GRASSROOTS_NATS_PASSWORD_HN"):
        render_accounts([Province("p1", code="hn")], {})


def test_two_provinces_whose_codes_normalise_alike_are_refused() -> None:
    a, b = Province("p1", code="h.n"), Province("p2", code="h-n")
    with pytest.raises(ValueError, match="H_N"):
        render_accounts([a, b], {a.password_env: "x"})


def test_without_a_services_password_unauthenticated_clients_are_the_services() -> None:
    assert 'no_auth_user: "services"' in render_accounts([], {})
    assert "no_auth_user" not in render_accounts([], {}, services_password="s3cret")
