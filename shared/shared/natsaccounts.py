"""Provincial event accounts on NATS: each province's user reads its province's events and nothing else.

The design (argued in ``docs/integration.md``, "Reading events from NATS"):
- every published subject ends with the province's id (``shared.events.province_tokens``), plus the province a
  change moved its subject out of, so NATS can tell provinces apart (it routes and restricts by subject only);
- each province has a stream ``PROVINCE_<id>`` *sourced* from the three service streams through subject
  filters: it holds that province's events and nothing else, in each service stream's order, and keeps no
  subjects of its own, so nobody can publish into it;
- each province's NATS user may only pull from, look at and acknowledge the durable consumers of its own
  stream, read its messages by sequence, and receive on its own inbox prefix. It may create no consumer: a
  consumer's body can name a push ``deliver_subject``, which the server publishes to on the creator's behalf
  without checking the creator's permissions — a reader could make JetStream publish onto event subjects. The
  durable consumers are created by the operator (``grassroots nats-accounts --apply``).

Everything here is data (the server configuration's text, stream and consumer configurations); the command in
``grassroots_cli.natsaccounts`` reads the provinces from membership's tree and applies it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nats.js import JetStreamContext
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    DeliverPolicy,
    DiscardPolicy,
    RetentionPolicy,
    StorageType,
    StreamConfig,
    StreamSource,
    SubjectTransform,
)

from shared.bus import ensure_stream_config
from shared.events import SUBJECT_PREFIX, stream_name

SOURCE_SERVICES = ("membership", "meetings", "inspection")
SERVICES_USER = "services"
SERVICES_PASSWORD_ENV = "GRASSROOTS_NATS_SERVICES_PASSWORD"  # noqa: S105 - a variable name
PASSWORD_ENV_PREFIX = "GRASSROOTS_NATS_PASSWORD_"  # noqa: S105 - a variable name
DEFAULT_CONSUMERS = ("events",)


@dataclass(frozen=True)
class Province:
    """A province of the organisation tree, as the NATS configuration names it."""

    id: str
    code: str | None = None
    name: str = ""

    @property
    def key(self) -> str:
        """``HN`` for code ``hn`` (the id when there is no code): the user, inbox and password variable use it."""
        return re.sub(r"[^A-Za-z0-9]", "_", self.code or self.id).upper()

    @property
    def user(self) -> str:
        return f"province_{self.key.lower()}"

    @property
    def stream(self) -> str:
        """Named by the id, which never changes (a code may)."""
        return f"PROVINCE_{self.id}"

    @property
    def inbox_prefix(self) -> str:
        """The only subjects the user may subscribe to: its clients pass it as their inbox prefix."""
        return f"_INBOX_{self.key}"

    @property
    def password_env(self) -> str:
        return PASSWORD_ENV_PREFIX + self.key


def source_filters(service: str, province_id: str) -> list[SubjectTransform]:
    """The subjects of ``service``'s stream that belong to the province: its own events (5 tokens), events that
    moved something into it from another province (6th token) and out of it (6th token = the province)."""
    base = f"{SUBJECT_PREFIX}.{service}"
    w = [f"{{{{wildcard({i})}}}}" for i in range(1, 4)]  # {{wildcard(n)}}: keep the subject unchanged
    pairs = [
        (f"{base}.*.*.{province_id}", f"{base}.{w[0]}.{w[1]}.{province_id}"),
        (f"{base}.*.*.{province_id}.*", f"{base}.{w[0]}.{w[1]}.{province_id}.{w[2]}"),
        (f"{base}.*.*.*.{province_id}", f"{base}.{w[0]}.{w[1]}.{w[2]}.{province_id}"),
    ]
    return [SubjectTransform(src=src, dest=dest) for src, dest in pairs]


def province_stream_config(province: Province, *, replicas: int = 1) -> StreamConfig:
    """One source per service stream (several filters of one source keep that stream's order; three sources of
    one stream would interleave arbitrarily), no subjects of its own, deletion and purging refused."""
    return StreamConfig(
        name=province.stream,
        description=f"Events of {province.name or province.id} (sourced from the service streams)",
        sources=[
            StreamSource(name=stream_name(service), subject_transforms=source_filters(service, province.id))
            for service in SOURCE_SERVICES
        ],
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        discard=DiscardPolicy.OLD,
        num_replicas=replicas,
        max_age=0,
        deny_delete=True,
        deny_purge=True,
    )


def consumer_config(name: str) -> ConsumerConfig:
    """A durable pull consumer from the stream's beginning; the province acknowledges what it has stored."""
    return ConsumerConfig(
        durable_name=name,
        deliver_policy=DeliverPolicy.ALL,
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=60,
        max_ack_pending=1000,
    )


def user_permissions(province: Province) -> dict[str, Any]:
    """Allow-lists only: anything not named is refused, including every event subject and all stream admin."""
    stream = province.stream
    return {
        "publish": {
            "allow": [
                f"$JS.API.CONSUMER.MSG.NEXT.{stream}.*",
                f"$JS.API.CONSUMER.INFO.{stream}.*",
                f"$JS.API.STREAM.INFO.{stream}",
                f"$JS.API.STREAM.MSG.GET.{stream}",
                f"$JS.ACK.{stream}.>",
            ]
        },
        "subscribe": {"allow": [f"{province.inbox_prefix}.>"]},
    }


class MissingPassword(ValueError):
    """A province has no password in the environment: it gets no user (never a user without a password)."""


def render_accounts(
    provinces: Sequence[Province], passwords: Mapping[str, str], *, services_password: str | None = None
) -> str:
    """The nats-server configuration include: the services' user and one read-only user per province, all in the
    global account that holds the streams. ``passwords`` maps each province's ``password_env`` to its password; a
    province without one raises ``MissingPassword``. Without ``services_password`` a client that presents no
    credentials is the services' user (``no_auth_user``): only for a server reachable from the services alone."""
    keys = [p.key for p in provinces]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"provinces share a NATS key: {', '.join(duplicates)}")
    services: dict[str, Any] = {"user": SERVICES_USER}
    if services_password:
        services["password"] = services_password
    users = [services]
    for province in provinces:
        password = passwords.get(province.password_env)
        if not password:
            raise MissingPassword(province.password_env)
        users.append({"user": province.user, "password": password, "permissions": user_permissions(province)})
    lines = [
        "# Generated by `grassroots nats-accounts` from the organisation tree: do not edit (re-run it, then reload",
        "# nats-server). Holds passwords: keep it readable by nats-server only.",
        "# Users of the server's global account, where the streams have always lived: declaring an account instead",
        "# would move the services into an empty one and leave every existing stream behind.",
        "authorization " + _block({"users": users}, 0),
    ]
    if not services_password:
        lines.append(f"no_auth_user: {json.dumps(SERVICES_USER)}")
    return "\n".join(lines) + "\n"


def _block(value: Any, depth: int) -> str:
    """NATS configuration syntax (JSON-like, one key per line; strings quoted as JSON)."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{inner}{k}: {_block(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        items = [f"{inner}{_block(v, depth + 1)}" for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


async def ensure_province_streams(
    js: JetStreamContext,
    provinces: Iterable[Province],
    *,
    consumers: Sequence[str] = DEFAULT_CONSUMERS,
    replicas: int = 1,
) -> list[str]:
    """Create or update each province's stream and durable consumers (idempotent); returns the stream names."""
    names = []
    for province in provinces:
        await ensure_stream_config(js, province_stream_config(province, replicas=replicas))
        for consumer in consumers:
            await js.add_consumer(province.stream, consumer_config(consumer))
        names.append(province.stream)
    return names
