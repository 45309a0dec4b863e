"""The AsyncAPI 3.0 document of every event, generated from the payload models registered by each service."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from shared.events import REGISTRY, Envelope

SERVICES = ("membership", "meetings", "inspection", "reporting")


def load_all_events() -> None:
    for service in SERVICES:
        try:
            importlib.import_module(f"{service}.events")
        except ModuleNotFoundError as exc:  # a service that publishes nothing has no events module
            if exc.name != f"{service}.events":
                raise


def published_events() -> dict[str, type]:
    """The events the services declare in their ``events`` modules (test-only probes are left out)."""
    load_all_events()
    return {t: m for t, m in REGISTRY.items() if m.__module__.startswith(f"{m.spec.service}.")}


def _name(event_type: str) -> str:
    return "".join(part.capitalize() for part in event_type.split(".")[2:])


def _message(event_type: str, name: str, summary: str | None) -> dict[str, Any]:
    """The message of one event type: the CloudEvents envelope with this type and its data schema."""
    return {
        "name": event_type,
        "title": summary or event_type,
        "contentType": "application/cloudevents+json",
        "headers": {
            "type": "object",
            "properties": {"Nats-Msg-Id": {"type": "string", "description": "= the event id"}},
        },
        "payload": {
            "allOf": [
                {"$ref": "#/components/schemas/CloudEventEnvelope"},
                {
                    "type": "object",
                    "required": ["type", "data"],
                    "properties": {
                        "type": {"const": event_type},
                        "data": {"$ref": f"#/components/schemas/{name}Data"},
                    },
                },
            ]
        },
    }


PROVINCE_PARAMETER = (
    "The id of the province the event belongs to (the first id of its orgpath), or 'national' for an event "
    "outside every province."
)
PROVINCE_NOTE = (
    "A change that moved its subject out of another province (a transfer, an organisation moved) adds that "
    "province's id as a sixth token: <address>.<province left>. Each province's NATS user reads a stream of "
    "its own events only (docs/integration.md, 'Reading events from NATS')."
)


def document() -> dict[str, Any]:
    events = published_events()
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    envelope = Envelope.model_json_schema()
    envelope["properties"].pop("data", None)
    schemas: dict[str, Any] = {"CloudEventEnvelope": envelope}
    for event_type in sorted(events):
        model: Any = events[event_type]
        spec = model.spec
        name = _name(event_type)
        payload = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(payload.pop("$defs", {}))
        schemas[name + "Data"] = payload
        messages[name] = _message(event_type, name, spec.summary)
        channel = spec.subject.replace(".", "_")
        channels[channel] = {
            "address": spec.subject + ".{province}",
            "description": f"Stream {spec.service.upper()}. " + PROVINCE_NOTE,
            "parameters": {"province": {"description": PROVINCE_PARAMETER}},
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        operations[f"publish{name}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel}"},
            "summary": spec.summary,
            "messages": [{"$ref": f"#/channels/{channel}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Grassroots events",
            "version": "1.0.0",
            "description": "Every event the Grassroots services publish on NATS JetStream, as CloudEvents "
            "1.0 structured JSON with the extensions actor, orgpath, previousorgpath (where a moved member or "
            "organisation came from), traceparent, requestid.",
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {"nats": {"host": "localhost:4222", "protocol": "nats"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write(path: Path) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path
