"""The statistical forms as data: every title, group, row and column has its Vietnamese and English words (no code
shown to a reader), keys are unique, each form cites its regulation and says what is not verified; filling a form
from hand-made totals gives the hand-computed cells (shares, ratios, not stated, openings, unknown periods)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from reporting.forms.catalogue import BODY, FORMS, MOVEMENT
from reporting.forms.model import Form, Reading, Words, fill
from reporting.reports.figures import Totals
from shared.calendar import Period

CODE = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")


def words_of(form: Form) -> list[tuple[str, Words]]:
    out = [("title", form.title), *((f"column {c.key}", c.label) for c in form.columns)]
    for group in form.groups:
        out.append((f"group {group.key}", group.label))
        out += [(f"row {group.key}.{row.key}", row.label) for row in group.rows]
    return out


@pytest.mark.parametrize("code", list(FORMS))
def test_every_label_reads_in_vietnamese_and_english(code: str) -> None:
    untranslated = [
        where
        for where, words in words_of(FORMS[code])
        if set(words) != {"vi", "en"}
        or not words["vi"].strip()
        or not words["en"].strip()
        or CODE.fullmatch(words["vi"])
    ]
    assert not untranslated, f"{code}: {untranslated}"


@pytest.mark.parametrize("code", list(FORMS))
def test_keys_are_unique_and_the_source_is_cited(code: str) -> None:
    form = FORMS[code]
    assert len({g.key for g in form.groups}) == len(form.groups)
    for group in form.groups:
        assert len({r.key for r in group.rows}) == len(group.rows)
    assert "11-HD/BTCTW" in form.source.regulation
    assert not form.source.verified
    assert form.source.note
    assert form.base in {r.key for r in form.rows()}


def reading(period: Period, stocks: dict[str, int], flows: dict[str, int], opening: dict[str, int] | None) -> Reading:
    before = Totals(stocks=opening) if opening is not None else None
    return Reading(period, Totals(flows=flows, stocks=stocks), before)


def cells(form: Form, readings: dict[str, Reading]) -> dict[str, dict[str, object]]:
    return {f"{g.key}.{r.key}": r.values for g in fill(form, readings) for r in g.rows}


def test_the_movement_form_compares_this_period_with_the_same_period_last_year() -> None:
    year = Period.whole_year(2026)
    current = reading(
        year,
        {"members.total": 103},
        {"members.admitted": 6, "members.died": 2, "members.removed": 1, "members.removed.probationary": 1},
        {"members.total": 100},
    )
    last = reading(Period.whole_year(2025), {"members.total": 100}, {"members.admitted": 4}, None)
    got = cells(MOVEMENT, {"current": current, "previous_year": last})
    assert got["opening.opening"] == {"current": 100, "previous_year": None, "ratio": None}
    assert got["increase.admitted"] == {"current": 6, "previous_year": 4, "ratio": Decimal("150.00")}
    assert got["decrease.died"] == {"current": 2, "previous_year": 0, "ratio": None}
    assert got["decrease.removed_probationary"]["current"] == 1
    assert got["closing.closing"] == {"current": 103, "previous_year": 100, "ratio": Decimal("103.00")}


def test_the_body_form_shares_and_counts_the_not_stated() -> None:
    end = Period.whole_year(2026)
    stocks = {
        "members.total": 8,
        "members.gender.female": 3,
        "c.oc.farmer": 5,
        "c.oc.retired": 1,
        "yob.1990": 6,  # 36 in 2026
        "yob.1950": 2,  # 76
    }
    got = cells(BODY, {"current": reading(end, stocks, {}, None)})
    assert got["total.total"] == {"current": 8, "share": Decimal("100.00")}
    assert got["total.female"] == {"current": 3, "share": Decimal("37.50")}
    assert got["occupation.farmer"] == {"current": 5, "share": Decimal("62.50")}
    assert got["occupation.not_stated"] == {"current": 2, "share": Decimal("25.00")}
    assert got["age.age_30_40"]["current"] == 6
    assert got["age.age_over_60"]["current"] == 2
    assert "religion.not_stated" not in got  # religion is on the ethnic group and religion form


def test_a_period_without_data_is_null_not_zero() -> None:
    got = cells(BODY, {"current": Reading(Period.month(2020, 1), None)})
    assert got["total.total"] == {"current": None, "share": None}
