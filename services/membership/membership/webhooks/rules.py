"""Pure rules of webhook delivery: the Standard Webhooks signature, the retry schedule, when a failing endpoint is
disabled, and which target addresses are refused. No I/O: times and settings are parameters."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from datetime import datetime, timedelta

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format prefix of Standard Webhooks secrets, not a secret


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64 (the form every verifier accepts)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` keyed by the secret's decoded bytes (the specification's
    scheme, so the receiver verifies with any Standard Webhooks library)."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signature_header(secrets_in_force: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    """One signature per secret in force, space-separated: during a rotation the receiver may hold either."""
    return " ".join(sign(s, message_id, timestamp, body) for s in secrets_in_force)


def secrets_in_force(secret: str, previous: str | None, previous_until: datetime | None, now: datetime) -> list[str]:
    """The current secret, and the previous one until its overlap ends."""
    if previous is not None and previous_until is not None and now < previous_until:
        return [secret, previous]
    return [secret]


def retry_delay(failures: int, *, base_seconds: float, cap_seconds: float) -> timedelta:
    """Exponential backoff after the ``failures``-th consecutive failure: base, 2×base, 4×base… up to the cap
    (with the defaults 30 s doubling to 6 h, attempts go on for days until the endpoint is disabled)."""
    exponent = max(0, min(failures - 1, 40))
    return timedelta(seconds=min(base_seconds * 2**exponent, cap_seconds))


def should_disable(failing_since: datetime | None, now: datetime, *, after_seconds: float) -> bool:
    """An endpoint failing without a single success for ``after_seconds`` is disabled (its owner re-enables it)."""
    return failing_since is not None and (now - failing_since).total_seconds() >= after_seconds


def refused_address(address: str) -> bool:
    """Loopback, private, link-local, multicast, reserved or unspecified: an internal target, not a receiver on the
    internet (a webhook must not become a way to reach the cluster's own services)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )
