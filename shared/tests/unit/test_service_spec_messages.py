"""A service's messages are registered by the platform from its spec, not by importing modules for effect."""

from pathlib import Path

from shared.app import ServiceSpec, create_service_app
from shared.i18n import has_message, translate
from shared.settings import ServiceSettings

CATALOGUE = {"spec_test.rule": {"vi": "Quy tắc {n} bị vi phạm.", "en": "Rule {n} is broken."}}


def test_building_the_app_registers_the_catalogues_of_its_spec() -> None:
    assert not has_message("spec_test.rule")
    spec = ServiceSpec(
        name="spec-test",
        title="spec test",
        description="",
        settings=ServiceSettings(jwt_secret="unit-test-secret-0123456789-abcdefghijkl"),  # type: ignore[call-arg]
        service_dir=Path("."),
        messages=[CATALOGUE],
    )
    create_service_app(spec)
    assert translate("spec_test.rule", "en", n=3) == "Rule 3 is broken."
