"""The import's columns in the OpenAPI document: a JSON row schema for JSON uploads, and the same columns as a
table (type, required, allowed values, example) for CSV and XLSX headers, both generated from ``ImportRow`` so the
documentation cannot drift from what the import reads."""

from __future__ import annotations

from typing import Any

from membership.imports.rows import CODE_COLUMNS, COLUMNS, ImportRow
from membership.imports.uploads import BODY

EXAMPLES: dict[str, Any] = {
    "external_id": "NV-00123",
    "full_name": "Hoàng Thị Lan",
    "gender": "female",
    "birth_date": "1985-03-12",
    "ethnicity": "Tày",
    "national_id": "008185000123",
    "positions": ["secretary", "committee_member"],
    "org_code": "TQ-SD-XL-01",
    "status": "official",
    "admission_date": "2010-05-19",
    "recognition_date": "2011-05-19",
    "phone": "0912000111",
    "general_education": "upper_secondary",
    "professional_level": "university",
    "political_theory": "intermediate",
    "occupation_group": "public_employee",
    "religion_group": "no_religion",
}
NOTES = (
    "Dates are ISO (2026-01-31) or Vietnamese (31/01/2026). `positions` is a list (JSON) or `;`-separated (CSV, "
    "XLSX). The branch is `org_id` or `org_code`. Values of `gender`, `status` and `ethnicity` written the HR "
    "system's way (`nữ`, `M`, `Chính thức`, ethnic codes) are accepted under a value mapping "
    "(`PUT /api/v1/import-mappings/{source_system}`), refused without one; so are the statistical codes "
    "(`general_education`, `professional_level`, `political_theory`, `occupation_group`, `religion_group`, the "
    "categories of the party's statistical forms), which set the member's category and record field when stated and "
    "leave the stored code alone when absent or empty. Status and branch of an existing member "
    "change only through their commands."
)


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Pydantic's ``$defs`` references resolved in place (the schema sits inside a request body)."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def row_schema() -> dict[str, Any]:
    schema = ImportRow.model_json_schema()
    row: dict[str, Any] = _inline(schema, schema.get("$defs", {}))
    for name, prop in row["properties"].items():
        if name in EXAMPLES:
            prop["examples"] = [EXAMPLES[name]]
    row["description"] = NOTES
    return row


def _kind(prop: dict[str, Any]) -> str:
    options = prop.get("anyOf", [prop])
    typed = next((o for o in options if o.get("type") != "null"), prop)
    if "enum" in typed:
        return "one of " + ", ".join(f"`{v}`" for v in typed["enum"])
    if typed.get("type") == "array":
        return "list of " + _kind(typed.get("items", {}))
    text = str(typed.get("format") or typed.get("type", "text"))
    if "pattern" in typed:
        text += " matching `{}`".format(typed["pattern"].replace("|", "\\|"))  # a table cell
    if "maxLength" in typed:
        text += f", at most {typed['maxLength']} characters"
    return text


def column_table(row: dict[str, Any]) -> str:
    required = set(row.get("required", []))
    lines = ["| column | required | type / allowed values | example |", "|---|---|---|---|"]
    for name in (*COLUMNS, "age_exception_decision", *CODE_COLUMNS):
        prop = row["properties"][name]
        example = (prop.get("examples") or [""])[0]
        example = ";".join(example) if isinstance(example, list) else example
        lines.append(f"| `{name}` | {'yes' if name in required else 'no'} | {_kind(prop)} | {example} |")
    return "\n".join(lines)


def member_import_body() -> dict[str, Any]:
    """``openapi_extra`` of the member import: the upload body with its columns documented."""
    row = row_schema()
    upload: dict[str, Any] = BODY["requestBody"]
    content: dict[str, Any] = {**upload["content"]}
    content["application/json"] = {"schema": {"type": "array", "items": row}}
    description = "One member per row; CSV and XLSX take these headers (in any order):\n\n" + column_table(row)
    return {"requestBody": {**upload, "content": content, "description": f"{description}\n\n{NOTES}"}}
