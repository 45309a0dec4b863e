"""The AsyncAPI document is generated from the event models and must be committed up to date."""

from __future__ import annotations

import json

from grassroots_cli.asyncapi import document, published_events, render
from grassroots_cli.stack import ROOT


def test_the_committed_asyncapi_document_matches_the_event_models() -> None:
    committed = (ROOT / "docs" / "asyncapi.json").read_text(encoding="utf-8")
    assert committed == render(), "docs/asyncapi.json is stale: run ./grassroots asyncapi"


def test_every_registered_event_has_a_channel_and_a_message() -> None:
    doc = document()
    addresses = {c["address"] for c in doc["channels"].values()}
    names = {m["name"] for m in doc["components"]["messages"].values()}
    for event_type, model in published_events().items():
        assert f"{model.spec.subject}.{{province}}" in addresses
        assert event_type in names
    json.dumps(doc)
