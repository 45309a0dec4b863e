"""Every import column is documented in the OpenAPI document: the JSON row schema names each with its type and
the required ones, and the CSV/XLSX description lists each header (generated from the row the import reads)."""

from __future__ import annotations

from membership.app import create_app
from membership.imports.rows import CODE_COLUMNS, COLUMNS, REQUIRED_COLUMNS
from membership.settings import Settings
from shared.testing.harness import TEST_SECRET


def test_the_import_body_documents_every_column_for_json_csv_and_xlsx() -> None:
    document = create_app(Settings(jwt_secret=TEST_SECRET)).openapi()
    body = document["paths"]["/api/v1/imports"]["post"]["requestBody"]
    row = body["content"]["application/json"]["schema"]["items"]
    assert set(row["properties"]) == {*COLUMNS, "age_exception_decision", *CODE_COLUMNS}
    assert set(row["required"]) == REQUIRED_COLUMNS
    assert row["properties"]["gender"]["enum"] == ["male", "female", "other"]  # allowed values, inlined
    assert "$ref" not in str(row)
    assert row["properties"]["religion_group"]["anyOf"][0]["enum"][0] == "no_religion"  # the forms' codes
    for column in (*COLUMNS, "age_exception_decision", *CODE_COLUMNS):
        assert f"| `{column}` |" in body["description"], column
    assert {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} <= set(body["content"])
