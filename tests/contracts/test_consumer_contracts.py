"""Each consumer's own view of a payload is compatible with the schema its producer registers.

Services never import each other, so a consumer parses an event with its own tolerant model of the fields it
needs (``reporting/ingest/views.py``, ``membership/consumers.py``, meetings' and inspection's consumers). This
test (which may import every service) finds, for every handler of every service's ``consumers()``, the models
it validates ``envelope.data`` with, and checks each against the producer's registered event model:

- every field the view requires exists in the producer's payload;
- every field both name carries a type the view accepts (an int where a float is read is fine; a string
  where a date is read, a null where null is refused, a value outside the view's enum are not).

A producer change that drops or retypes a field a consumer needs fails here, before any event is lost in
production; the last tests show it with deliberately broken producers.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

from grassroots_cli.asyncapi import load_all_events
from shared.events import REGISTRY

SERVICES = ("membership", "meetings", "inspection", "reporting")


@dataclass(frozen=True)
class Use:
    consumer: str
    event_type: str
    view: type[BaseModel]

    @property
    def id(self) -> str:
        return f"{self.consumer}:{self.event_type.removeprefix('vn.party.')}:{self.view.__name__}"


def _views_read_by(handler: Callable[..., Any], depth: int = 0) -> set[type[BaseModel]]:
    """The models ``handler`` (or a helper of its module it calls) validates a payload with."""
    function = inspect.unwrap(handler)
    # A handler made by a factory (``facts.store.counted(view, flows)``) names its view as a closure variable.
    names = {**function.__globals__, **inspect.getclosurevars(function).nonlocals}
    found: set[type[BaseModel]] = set()
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(function)))):
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        if isinstance(called, ast.Attribute) and called.attr == "model_validate" and isinstance(called.value, ast.Name):
            model = names.get(called.value.id)
            if isinstance(model, type) and issubclass(model, BaseModel):
                found.add(model)
        elif depth < 2 and isinstance(called, ast.Name):
            helper = names.get(called.id)
            if inspect.isfunction(helper) and helper.__module__ == function.__module__:
                found |= _views_read_by(helper, depth + 1)
    return found


def _uses() -> Iterator[Use]:
    for service in SERVICES:
        for consumer in importlib.import_module(f"{service}.consumers").consumers():
            for event_type, handler in sorted(consumer.handlers.items()):
                views = _views_read_by(handler)
                assert views, f"{consumer.name} handles {event_type} without a view this test can find"
                for view in sorted(views, key=lambda v: v.__name__):
                    yield Use(consumer.name, event_type, view)


load_all_events()
USES = list(_uses())


# ---- schema comparison ----------------------------------------------------------------------------------------


def _types(schema: dict[str, Any], defs: dict[str, Any]) -> set[str]:
    """The JSON values a schema describes, coarsely: ``integer``, ``string:date``, ``enum:x``, ``null``…"""
    if "$ref" in schema:
        return _types(defs[schema["$ref"].rsplit("/", 1)[1]], defs)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return set().union(*(_types(s, defs) for s in schema[key]))
    if "const" in schema:
        return {f"enum:{schema['const']}"}
    if "enum" in schema:
        return {f"enum:{value}" for value in schema["enum"]}
    kinds = schema.get("type")
    if kinds is None:
        return {"any"}
    fmt = schema.get("format")
    return {
        f"string:{fmt}" if kind == "string" and fmt else kind
        for kind in (kinds if isinstance(kinds, list) else [kinds])
    }


def _accepts(view: set[str], sent: str) -> bool:
    if "any" in view or sent in view:
        return True
    if sent == "integer":
        return "number" in view
    if sent.startswith(("string:", "enum:")):
        return "string" in view
    return False


def incompatibilities(producer: type[BaseModel], view: type[BaseModel]) -> list[str]:
    """Why ``view`` cannot read every payload ``producer`` may publish (empty when it can)."""
    sent = producer.model_json_schema(mode="serialization")
    read = view.model_json_schema(mode="validation")
    sent_fields, sent_defs = sent.get("properties", {}), sent.get("$defs", {})
    read_fields, read_defs = read.get("properties", {}), read.get("$defs", {})
    problems = [
        f"{name}: required by the view, absent from the producer"
        for name in read.get("required", [])
        if name not in sent_fields
    ]
    for name, schema in read_fields.items():
        if name not in sent_fields:
            continue
        accepted = _types(schema, read_defs)
        refused = sorted(t for t in _types(sent_fields[name], sent_defs) if not _accepts(accepted, t))
        if refused:
            problems.append(f"{name}: the producer may send {refused}, the view reads {sorted(accepted)}")
    return problems


# ---- the contracts --------------------------------------------------------------------------------------------


def test_the_scan_finds_every_consumer_view() -> None:
    views = {use.view.__name__ for use in USES}
    assert {"MemberView", "MeetingHeldView", "DisciplineView", "MemberData", "OrgCreatedView", "OrgMergedView"} <= views
    assert {use.consumer.split("-")[0] for use in USES} == set(SERVICES)


@pytest.mark.parametrize("use", USES, ids=[u.id for u in USES])
def test_the_consumer_view_reads_what_the_producer_registers(use: Use) -> None:
    producer = REGISTRY.get(use.event_type)
    assert producer is not None, f"{use.consumer} consumes {use.event_type}, which no service registers"
    assert incompatibilities(producer, use.view) == []


# ---- the check fails when a producer breaks a consumer --------------------------------------------------------


class Reader(BaseModel):
    member_id: str
    birth_date: date
    status: str
    version: int | None = None
    score: float = 0


class Producer(BaseModel):
    member_id: str
    birth_date: date
    status: str
    version: int | None = None
    score: int = 0
    note: str = ""


class ProducerWithoutBirthDate(BaseModel):
    member_id: str
    status: str


class ProducerWithRetypedStatus(BaseModel):
    member_id: str
    birth_date: str
    status: int


class Required(BaseModel):
    member_id: str
    version: int


def test_a_compatible_producer_passes_even_with_extra_fields_and_an_int_read_as_float() -> None:
    assert incompatibilities(Producer, Reader) == []


def test_a_producer_that_drops_a_field_the_consumer_needs_fails() -> None:
    assert incompatibilities(ProducerWithoutBirthDate, Reader) == [
        "birth_date: required by the view, absent from the producer"
    ]


def test_a_producer_that_retypes_fields_the_consumer_reads_fails() -> None:
    problems = incompatibilities(ProducerWithRetypedStatus, Reader)
    assert [p.split(":")[0] for p in problems] == ["birth_date", "status"]


def test_a_producer_that_may_send_null_where_the_consumer_needs_a_value_fails() -> None:
    assert incompatibilities(Producer, Required) == [
        "version: the producer may send ['null'], the view reads ['integer']"
    ]


def test_a_real_producer_broken_on_purpose_fails_against_its_real_consumer() -> None:
    """Reporting's view of member events against membership's payload with ``gender`` dropped."""
    use = next(u for u in USES if u.view.__name__ == "MemberView")
    producer = REGISTRY[use.event_type]
    fields = {name: (f.annotation, f) for name, f in producer.model_fields.items() if name != "gender"}
    from pydantic import create_model

    broken = create_model("BrokenMemberFacts", **fields)  # type: ignore[call-overload]
    assert "gender: required by the view, absent from the producer" in incompatibilities(broken, use.view)
