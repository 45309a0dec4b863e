"""The outbox stores every event's envelope as the same JSON value it always did.

``UnitOfWork.publish`` writes the envelope's JSON text itself (the payload by pydantic's serializer, the envelope's
fields around it by orjson), and the outbox insert binds it as text cast to ``jsonb``; before, it built an
``Envelope``, the row held its ``model_dump(mode="json")`` and SQLAlchemy's JSON type ran ``json.dumps`` on it.
The relay publishes PostgreSQL's text of the stored value (``shared.outbox``), so what must not change is that
value: for every registered event type of every service, with sample payloads built from its schema (dates,
date-times with and without an offset or microseconds, enums, nested models, optional fields set and left out,
non-ASCII and escapes, in the payload and in the envelope's own fields), the text is ``json.dumps``'s of the
``Envelope`` that ``publish`` built before, with the same id and time, byte for byte, and the value PostgreSQL
stores is the one it stores for the old text, on each of the insert's paths (several events in one statement, one
event on the driver, one event beside a multi-row insert)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

import pytest
from sqlalchemy import Text, bindparam, cast, select, text
from sqlalchemy.dialects.postgresql import JSONB

from grassroots_cli.asyncapi import load_all_events
from shared.db import Context, UnitOfWork
from shared.events import REGISTRY, Envelope, EventPayload, EventSpec, utc_text
from shared.schema import audit_log, outbox
from shared.testing.harness import ServiceFactory

load_all_events()

WORDS = 'Nguyễn Thị Ánh "trích" \\ tab\t \x01 dòng\n sep\u2028 🎉'
TIMES = ("2026-03-04T05:06:07.123456+07:00", "2026-03-04T05:06:07Z", "2026-03-04T05:06:07.5-02:30")


def _sample(schema: dict[str, Any], defs: dict[str, Any], full: bool, n: int) -> Any:
    """A JSON value ``schema`` accepts: every optional field set when ``full``, left null otherwise."""
    if "$ref" in schema:
        return _sample(defs[schema["$ref"].split("/")[-1]], defs, full, n)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][n % len(schema["enum"])]
    options = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if options:
        kinds = [o for o in options if o.get("type") != "null"]
        if not full and len(kinds) < len(options):
            return None
        if {"number", "string"} <= {o.get("type") for o in kinds}:  # a Decimal: its text or a number
            return ["12.50", 7.25, "0.125"][n % 3]
        return _sample(kinds[n % len(kinds)], defs, full, n)
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        value = {
            name: _sample(sub, defs, full, n + i)
            for i, (name, sub) in enumerate(properties.items())
            if full or name in schema.get("required", ())
        }
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            value[f"clé {n}"] = _sample(extra, defs, full, n)
        return value
    if kind == "array":
        return [_sample(schema.get("items", {}), defs, full, n + i) for i in range(2)]
    if kind == "string":
        return {"date": "2026-02-1" + str(n % 9 + 1), "date-time": TIMES[n % len(TIMES)]}.get(
            schema.get("format", ""), f"{WORDS} {n}"
        )
    if kind == "integer":
        return 2**40 + n
    if kind == "number":
        return [12.5, 3, 0.25][n % 3]
    if kind == "boolean":
        return n % 2 == 0
    return {"any": [WORDS, n, None]}


def _payloads() -> Iterator[EventPayload]:
    assert len(REGISTRY) > 40  # every service's events are loaded
    for event_type, model in sorted(REGISTRY.items()):
        schema = model.model_json_schema()
        for full in (True, False):
            for n in range(3):
                yield model.model_validate(_sample(schema, schema.get("$defs", {}), full, n))
        assert event_type


PAYLOADS = list(_payloads())


def _old_json(envelope: Envelope) -> str:
    """What the outbox was given before: ``json.dumps`` (SQLAlchemy's JSON type) of ``model_dump``."""
    return json.dumps(envelope.model_dump(mode="json", exclude_none=True))


def _publish(uow: UnitOfWork, payload: EventPayload, n: int) -> tuple[dict[str, Any], Envelope]:
    """The outbox row ``publish`` gives, and the ``Envelope`` it built before (the same values, id and time)."""
    province = f"p-{n % 4}"
    subject, aggregate_id = f"thing/{n}", f"thing:{n % 7}"
    orgpath = f"/{province}/c-{n}/" if n % 5 else None
    previous = f"/p-9/c-{n}/" if n % 3 == 0 else (orgpath if n % 11 == 1 else None)
    row = uow.publish(payload, subject=subject, aggregate_id=aggregate_id, orgpath=orgpath, previous_orgpath=previous)
    stored = json.loads(row["envelope"])
    envelope = Envelope(
        id=stored["id"],
        time=stored["time"],
        source=f"/grassroots/{uow.service}",
        type=payload.spec.type,
        subject=subject,
        data=payload.model_dump(mode="json"),
        actor=uow.context.actor,
        orgpath=orgpath,
        previousorgpath=previous if previous != orgpath else None,
        traceparent=uow.context.traceparent,
        requestid=uow.context.request_id,
        aggregateid=aggregate_id,
    )
    return row, envelope


CONTEXTS = [
    Context(actor="thử", request_id="r-1", traceparent="00-ab-cd-01"),
    Context(actor=WORDS, request_id=None, traceparent=None),
]


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_event_s_envelope_text_is_json_dumps_of_the_envelope_it_made_before(context: Context) -> None:
    uow = UnitOfWork(None, "membership", context)  # type: ignore[arg-type]
    for n, payload in enumerate(PAYLOADS):
        row, envelope = _publish(uow, payload, n)
        compact = json.dumps(
            envelope.model_dump(mode="json", exclude_none=True), ensure_ascii=False, separators=(",", ":")
        )
        assert row["envelope"] == compact
        assert (row["event_id"], row["event_type"], row["nats_subject"]) == (
            envelope.id,
            envelope.type,
            envelope.nats_subject,
        )
        assert row["aggregate_id"] == f"thing:{n % 7}"
    assert len(uow.events) == len(PAYLOADS)


def test_an_envelope_s_time_is_written_as_pydantic_writes_it() -> None:
    for moment in (
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2026, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 59, 59, 500000, tzinfo=UTC),
        datetime(2026, 1, 1, 7, tzinfo=timezone(timedelta(hours=7))),
    ):
        envelope = Envelope(source="/s", type="t.x", subject="s", data={}, time=moment)
        assert json.loads(envelope.model_dump_json())["time"] == utc_text(moment)


class ProbeSpelled(EventPayload):
    """A test-only event carrying values whose JSON spelling differs between serializers (not registered)."""

    spec: ClassVar[EventSpec] = EventSpec("membership", "probe", "spelled", 1, "test probe")
    value: Any


SPELLED = [1e-07, [0.5, 2.25e-05, 1e16, 1.0], 123456789012345678901234567890, -(2**63), "\u00e9 \u2028 \\u00e9"]


@pytest.mark.parametrize("path", ["many in one statement", "one on the driver", "one beside many rows"])
async def test_postgresql_stores_each_envelope_as_it_stored_the_old_json(services: ServiceFactory, path: str) -> None:
    payloads: list[EventPayload] = [*PAYLOADS, *(ProbeSpelled(value=v) for v in SPELLED)]
    async with services.run("membership", run_background_workers=False) as m:
        envelopes: list[Envelope] = []
        context = Context(actor="thử", request_id="r-1", traceparent="00-ab-cd-01")
        if path == "many in one statement":
            async with m.db.uow(context) as uow:
                envelopes = [_publish(uow, payload, n)[1] for n, payload in enumerate(payloads)]
                await uow.commit()
        else:
            for n, payload in enumerate(payloads):
                async with m.db.uow(context) as uow:
                    envelopes.append(_publish(uow, payload, n)[1])
                    if path == "one beside many rows":
                        for i in range(2):
                            await uow.audit("probe.spelled", "probe", f"{n}-{i}", after={"n": n})
                    await uow.commit()
        async with m.db.engine.connect() as conn:
            stored = (
                await conn.execute(select(outbox.c.event_id, cast(outbox.c.envelope, Text)).order_by(outbox.c.seq))
            ).all()
            old = [
                (
                    await conn.execute(select(cast(cast(bindparam("j", _old_json(e), type_=Text()), JSONB), Text)))
                ).scalar()
                for e in envelopes
            ]
            if path == "one beside many rows":
                assert (await conn.execute(select(text("count(*)")).select_from(audit_log))).scalar() == 2 * len(
                    payloads
                )
        assert [event_id for event_id, _ in stored] == [e.id for e in envelopes]
        assert [envelope for _, envelope in stored] == old
