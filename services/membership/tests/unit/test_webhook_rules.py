"""Webhook rules at their edges: the Standard Webhooks signature (the specification's own test vector), the
retry schedule, when an endpoint is disabled, which addresses are internal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from membership.webhooks import rules

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_the_signature_matches_the_standard_webhooks_reference_vector() -> None:
    signature = rules.sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}'
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_during_a_rotation_both_secrets_sign_and_after_the_overlap_only_the_new_one() -> None:
    assert rules.secrets_in_force("new", "old", T0 + timedelta(seconds=1), T0) == ["new", "old"]
    assert rules.secrets_in_force("new", "old", T0, T0) == ["new"]  # the overlap's end is exclusive
    assert rules.secrets_in_force("new", None, None, T0) == ["new"]
    header = rules.signature_header([rules.new_secret(), rules.new_secret()], "id", 1, b"{}")
    assert [part[:3] for part in header.split(" ")] == ["v1,", "v1,"]


def test_retries_double_from_the_base_up_to_the_cap() -> None:
    delays = [rules.retry_delay(n, base_seconds=30, cap_seconds=3600).total_seconds() for n in range(1, 9)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert rules.retry_delay(10_000, base_seconds=30, cap_seconds=3600) == timedelta(hours=1)


def test_an_endpoint_is_disabled_once_it_has_failed_exactly_as_long_as_allowed() -> None:
    day = 86400.0
    assert not rules.should_disable(None, T0, after_seconds=day)
    assert not rules.should_disable(T0 - timedelta(seconds=day - 1), T0, after_seconds=day)
    assert rules.should_disable(T0 - timedelta(seconds=day), T0, after_seconds=day)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "0.0.0.0",  # noqa: S104 - an address under test, not a bind
        "::ffff:10.0.0.1",
    ],
)
def test_internal_addresses_are_refused(address: str) -> None:
    assert rules.refused_address(address)


@pytest.mark.parametrize("address", ["203.113.131.1", "8.8.8.8", "2001:4860:4860::8888"])
def test_public_addresses_are_accepted(address: str) -> None:
    assert not rules.refused_address(address)
