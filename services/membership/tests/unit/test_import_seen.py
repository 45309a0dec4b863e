"""A run's accepted ids (``imports.seen``): the same answers in memory and once moved to SQLite, and a file's
duplicates refused in row order across chunks either way."""

from __future__ import annotations

from datetime import date

import pytest

from membership.imports import seen
from membership.imports.plan import ImportRun, _parse
from membership.imports.seen import EXTERNAL_ID, NATIONAL_ID, SeenIds
from shared.auth import NATIONAL, Principal, Role

ODD = ['HR-"1"', "HR-\\2", "Nguyễn-3", "HR-4 ", "[5]", "HR-6'"]


@pytest.mark.parametrize("in_memory", [2, 20_000])
def test_the_ids_added_before_are_found_and_no_others(monkeypatch: pytest.MonkeyPatch, in_memory: int) -> None:
    monkeypatch.setattr(seen, "IN_MEMORY", in_memory)
    ids = SeenIds()
    ids.add(EXTERNAL_ID, ODD[:3])
    ids.add(NATIONAL_ID, ["001090000001"])
    assert ids.among(EXTERNAL_ID, ODD) == set(ODD[:3])
    assert ids.among(NATIONAL_ID, ODD[:3]) == set()  # by kind
    assert ids.among(NATIONAL_ID, ["001090000001", "001090000002"]) == {"001090000001"}
    ids.add(EXTERNAL_ID, ODD[3:])
    ids.add(EXTERNAL_ID, ODD[:1])  # again: no error
    assert ids.among(EXTERNAL_ID, [*ODD, "HR-7"]) == set(ODD)
    assert (ids._db is not None) == (in_memory == 2)
    ids.close()
    assert ids.among(EXTERNAL_ID, ODD) == set()


def test_the_temporary_file_holds_no_id_in_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``IN_MEMORY`` the ids go to a file outside the database's protections: only keyed digests reach it,
    different in every run, and they still answer for their ids."""
    monkeypatch.setattr(seen, "IN_MEMORY", 2)
    national_ids = [f"0010900{n:05d}" for n in range(50)]
    runs = [SeenIds(), SeenIds()]
    for ids in runs:
        ids.add(NATIONAL_ID, national_ids)
        ids.add(EXTERNAL_ID, ODD)
    held = [{value for (value,) in ids._db.execute("SELECT id FROM seen")} for ids in runs if ids._db is not None]
    assert len(held) == 2
    assert all(len(values) == len(national_ids) + len(ODD) for values in held)
    assert not held[0] & (set(national_ids) | set(ODD))  # no id, only digests
    assert not held[0] & held[1]  # each run's own key: the same ids, other digests
    for ids in runs:
        assert ids.among(NATIONAL_ID, [*national_ids[:3], "0010900999999"]) == set(national_ids[:3])
        assert ids.among(EXTERNAL_ID, ODD) == set(ODD)
        ids.close()


def _row(n: int, external_id: str, national_id: str) -> tuple[int, dict[str, str | None]]:
    return n, {
        "external_id": external_id,
        "full_name": "Nguyễn Văn An",
        "gender": "male",
        "birth_date": "1990-05-15",
        "national_id": national_id,
        "org_code": "CB-1",
        "admission_date": "2015-03-02" if n != 5 else "1980-01-01",  # row 5: admitted before birth, refused
        "recognition_date": "2016-03-02" if n != 5 else None,
        "status": "official",
    }


@pytest.mark.parametrize("in_memory", [3, 20_000])
def test_duplicates_are_refused_across_chunks_in_row_order(monkeypatch: pytest.MonkeyPatch, in_memory: int) -> None:
    monkeypatch.setattr(seen, "IN_MEMORY", in_memory)
    run = ImportRun("job", "HR", Principal("t", NATIONAL, frozenset({Role.ADMIN})), False, "en", date(2026, 6, 30))
    chunks = [
        [_row(1, "A", "000000000001"), _row(2, "B", "000000000002"), _row(3, "A", "000000000003")],
        [_row(4, "C", "000000000002"), _row(5, "D", "000000000004"), _row(6, "D", "000000000004")],
        [_row(7, "B", "000000000009"), _row(8, "E", "000000000005"), _row(9, "F", "000000000005")],
    ]
    accepted = [n for chunk in chunks for n, _ in _parse(run, chunk)]
    assert accepted == [1, 2, 6, 8]  # row 5 failed its checks, so row 6 brings D first
    assert [(p["row"], p["rule"]) for p in run.report] == [
        (3, "import.duplicate_external_id"),
        (4, "import.duplicate_in_file"),
        (5, "import.dates_out_of_order"),
        (7, "import.duplicate_external_id"),
        (9, "import.duplicate_in_file"),
    ]
    assert run.rejected == 5
