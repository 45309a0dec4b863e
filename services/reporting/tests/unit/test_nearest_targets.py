"""The meeting targets a summary checks: the nearest organisation on the path that set some, as written."""

from decimal import Decimal

from reporting.reports.queries import nearest_targets


def test_the_nearest_organisation_that_set_targets_wins_and_nulls_take_the_default() -> None:
    rows = {
        "province": {"attendance_percent": "90.00", "materials_percent": "100.00"},
        "district": {"attendance_percent": "92.50", "materials_percent": None, "resolutions_percent": "33.33"},
    }
    assert nearest_targets(["province", "district", "branch"], rows) == {
        "attendance_percent": Decimal("92.5"),
        "resolutions_percent": Decimal("33.33"),
    }
    assert str(nearest_targets(["province"], rows)["materials_percent"]) == "100"


def test_no_targets_on_the_path_is_none() -> None:
    assert nearest_targets(["province", "district"], {"elsewhere": {"attendance_percent": "90.00"}}) == {}
