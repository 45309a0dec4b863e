"""Vietnamese throughout: no code a user can see reaches them untranslated. Every enum value of the four API
documents has a Vietnamese word (the glossary), no Vietnamese message of any catalogue spells a code, and a
sample of rendered problems (each message with each of its coded placeholders set to every value the API
documents for a field of that name) reads in Vietnamese."""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Iterator
from functools import cache
from typing import Any

from shared import i18n

SERVICES = ("membership", "meetings", "inspection", "reporting")
CODE = re.compile(r"(?<![\w./{-])[a-z]+(?:_[a-z0-9]+)+(?![\w}])")  # snake_case: a code, never Vietnamese
# Names a user types as they are: columns of the import file and fields of a request the message points at.
FIELD_NAMES = {
    "age_exception",
    "age_exception_decision",
    "data_as_of",
    "external_id",
    "issuing_org_id",
    "org_code",
    "org_id",
    "readmission_consent",
    "record_cleared_on",
    "to_description",
}
NOT_WORDS = {"csv", "json", "xlsx", "pdf", "true", "asc", "desc"}  # file formats, a header's flag, a sort direction


@cache
def documents() -> dict[str, dict[str, Any]]:
    """Each service's OpenAPI document (building the apps also registers every service's messages)."""
    return {s: importlib.import_module(f"{s}.app").create_app().openapi() for s in SERVICES}


def _enums(node: Any, schemas: dict[str, Any], name: str = "") -> Iterator[tuple[str, str]]:
    """(field or parameter name, value) of every string enum in a document, named where it is used."""
    if isinstance(node, dict):
        if "$ref" in node:  # an enum component, named by the field that uses it (objects are walked on their own)
            values = schemas[node["$ref"].rsplit("/", 1)[1]].get("enum") or []
            yield from ((name, v) for v in values if isinstance(v, str))
            return
        if isinstance(node.get("enum"), list):
            yield from ((name, v) for v in node["enum"] if isinstance(v, str))
        if node.get("in") in {"query", "path", "header"} and "schema" in node:
            yield from _enums(node["schema"], schemas, node.get("name", name))
            return
        for key, value in node.items():
            inner = name if key in {"items", "anyOf", "oneOf", "allOf", "schema", "additionalProperties"} else key
            if key == "properties":
                for prop, schema in value.items():
                    yield from _enums(schema, schemas, prop)
            elif key not in {"schemas", "examples", "example", "default", "required"}:
                yield from _enums(value, schemas, inner)
    elif isinstance(node, list):
        for item in node:
            yield from _enums(item, schemas, name)


@cache
def enum_values() -> dict[str, set[str]]:
    by_name: dict[str, set[str]] = {}
    for document in documents().values():
        schemas = document["components"]["schemas"]
        for name, value in [*_enums(document, schemas), *_enums(schemas, schemas)]:
            if name != "sort" and value not in NOT_WORDS:
                by_name.setdefault(name, set()).add(value)
    return by_name


def test_every_code_in_the_api_documents_has_a_vietnamese_word() -> None:
    values = {v for vs in enum_values().values() for v in vs}
    assert len(values) > 80  # organisation kinds, statuses, stages, marks, grades, measures, outcomes…
    untranslated = sorted(v for v in values if i18n.term(v, "vi") == v)
    assert not untranslated, f"codes without a Vietnamese word in shared/glossary.py: {untranslated}"


def test_no_vietnamese_message_spells_a_code() -> None:
    documents()
    catalogue = i18n._catalogue
    assert len(catalogue) > 300
    found = {}
    for code, texts in catalogue.items():
        text = re.sub(r"\{[^}]*\}", "", texts["vi"])
        codes = [c for c in CODE.findall(text) if c not in FIELD_NAMES]
        if codes:
            found[code] = codes
    assert not found, f"Vietnamese messages that spell codes: {found}"


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _values_for(placeholder: str, coded: dict[str, set[str]]) -> set[str]:
    """The documented values of the fields a placeholder stands for: ``kind`` and ``parent_kind`` take the
    values of every ``kind`` field, ``from_state`` those of ``stage``…"""
    name = {"from_state": "stage", "to_state": "stage"}.get(placeholder, placeholder)
    return {v for field, vs in coded.items() if name == field or name.endswith(f"_{field}") for v in vs}


def test_rendered_problems_name_every_coded_value_in_vietnamese() -> None:
    coded = enum_values()
    rendered = 0
    bad = []
    for code, texts in i18n._catalogue.items():
        names = _placeholders(texts["vi"])
        for name in names:
            for value in sorted(_values_for(name, coded)):
                params = {n: "7" for n in names} | {name: value}
                text = i18n.translate(code, "vi", **params)
                rendered += 1
                if any(c not in FIELD_NAMES for c in CODE.findall(text)) or value in re.findall(r"[\w-]+", text):
                    bad.append((code, name, value, text))
    assert rendered > 100
    assert not bad, f"rendered problems with an untranslated code: {bad[:10]}"


def test_the_dashboard_labels_every_figure_that_has_a_target() -> None:
    """A verdict row reads "Buổi gửi tài liệu trước", never "meetings_materials_share"."""
    from datetime import date
    from pathlib import Path

    from reporting.reports.policies import targets_at

    texts = (Path(__file__).parents[2] / "services/reporting/reporting/dashboard/static/texts.js").read_text()
    figures = texts[texts.index("FIGURES = {") : texts.index("};", texts.index("FIGURES = {"))]
    labelled = set(re.findall(r"(\w+): \['", figures))
    shown = {*targets_at(date(2026, 12, 31)), "admissions_year_to_date"}
    assert not shown - labelled, f"figures with a target but no label in texts.js: {sorted(shown - labelled)}"
