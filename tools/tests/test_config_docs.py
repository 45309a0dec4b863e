"""docs/configuration.md is generated from the settings classes and must not drift from them."""

from __future__ import annotations

import difflib

import pytest

from grassroots_cli import configdocs


def test_configuration_reference_is_up_to_date() -> None:
    expected = configdocs.render()
    current = configdocs.DOC_PATH.read_text(encoding="utf-8") if configdocs.DOC_PATH.exists() else ""
    if current != expected:
        diff = "".join(
            difflib.unified_diff(
                current.splitlines(True),
                expected.splitlines(True),
                "docs/configuration.md (checked in)",
                "render() (from the code)",
                n=1,
            )
        )
        pytest.fail("docs/configuration.md is stale; run `python -m grassroots_cli.configdocs --write`\n" + diff[:4000])


@pytest.mark.parametrize("service", configdocs.SERVICES)
def test_every_setting_of_every_service_is_documented(service: str) -> None:
    cls = configdocs.settings_class(service)
    prefix = configdocs.env_prefix(cls)
    assert prefix == f"{service.upper()}_"
    text = configdocs.render()
    section = text.split(f"## {service}\n", 1)[1].split("\n## ", 1)[0]
    for name, field in cls.model_fields.items():
        row = next((line for line in section.splitlines() if line.startswith(f"| `{prefix}{name.upper()}`")), None)
        assert row is not None, f"{prefix}{name.upper()} missing from the {service} table"
        assert f"`{prefix.lower()}{name}`" in row, "the secret file name is the lower-case variable"
        assert field.description, f"{service}: field {name} has no description for the reference"


def test_defaults_and_constraints_are_rendered_from_the_fields() -> None:
    text = configdocs.render()
    assert (
        "| `MEMBERSHIP_STREAM_DUPLICATE_WINDOW_SECONDS` | `membership_stream_duplicate_window_seconds` | `int` "
        "| `300` | ≥ 120 |" in text
    )
    assert "`[0.5, 2.0, 5.0, 15.0, 30.0, 60.0]`" in text  # default_factory values are shown
    assert "| `REPORTING_JWT_SECRET` 🔒 |" in text  # SecretStr is flagged as a credential
    assert "| `MEETINGS_DATABASE_URL` 🔒 |" in text


def test_type_names_are_short_and_stable() -> None:
    assert configdocs.type_name(int) == "int"
    assert configdocs.type_name(list[float]) == "list[float]"
    assert configdocs.type_name(str | None) == "str | None"
