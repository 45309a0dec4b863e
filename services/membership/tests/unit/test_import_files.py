"""Reading uploaded files and neutralising exported cells: no database, milliseconds each."""

from __future__ import annotations

from pathlib import Path

import pytest

from membership.imports.exports import neutralise
from membership.imports.readers import BadFile, ImportFormat, Limits, read_rows
from membership.imports.rows import PROFILE_FIELDS, ImportRow, parse_row, profile_values

LIMITS = Limits(max_rows=10, max_uncompressed_bytes=10**8, max_compression_ratio=200)


Rows = list[dict[str, str | None]]


def rows(tmp_path: Path, content: str | bytes, fmt: ImportFormat, limits: Limits = LIMITS) -> Rows:
    path = tmp_path / "upload"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return list(read_rows(path, fmt, limits))


def test_a_json_array_is_read_one_object_at_a_time_across_chunk_boundaries(tmp_path: Path) -> None:
    name = "Đ" * 20000
    objects = ",\n".join(f'{{"external_id": "E-{i}", "full_name": "{name}"}}' for i in range(5))
    read = rows(tmp_path, f"  [ {objects} ]  ", ImportFormat.JSON)
    assert [r["external_id"] for r in read] == ["E-0", "E-1", "E-2", "E-3", "E-4"]


def test_json_lines_and_scalar_values_become_text(tmp_path: Path) -> None:
    read = rows(
        tmp_path,
        '{"national_id": 123, "positions": ["secretary", "committee_member"]}\n{"a": null}\n',
        ImportFormat.JSON,
    )
    assert read == [{"national_id": "123", "positions": "secretary;committee_member"}, {"a": None}]


@pytest.mark.parametrize("content", ['[{"a": 1}, {"a": ', '[{"a": 1}] trailing', "[1, 2]", '{"a": 1} [', ""])
def test_truncated_or_odd_json_is_refused(tmp_path: Path, content: str) -> None:
    if content == "":
        assert rows(tmp_path, content, ImportFormat.JSON) == []
        return
    with pytest.raises(BadFile):
        rows(tmp_path, content, ImportFormat.JSON)


def test_csv_pads_short_rows_skips_blank_ones_and_refuses_extra_cells(tmp_path: Path) -> None:
    read = rows(tmp_path, "\ufeffExternal_ID,Full_Name,Phone\nA,Bé\n,,\n", ImportFormat.CSV)
    assert read == [{"external_id": "A", "full_name": "Bé", "phone": None}]
    with pytest.raises(BadFile) as refused:
        rows(tmp_path, "a,b\n1,2,3\n", ImportFormat.CSV)
    assert refused.value.code == "import.too_many_cells"


def test_more_rows_than_the_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadFile) as refused:
        rows(tmp_path, "a\n" + "x\n" * 11, ImportFormat.CSV)
    assert refused.value.code == "import.too_many_rows"


def test_a_file_that_is_not_utf8_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(BadFile) as refused:
        rows(tmp_path, "a,b\nNguyễn,x\n".encode("cp1258", errors="replace") + b"\xff\xfe", ImportFormat.CSV)
    assert refused.value.code == "import.not_utf8"


def test_rows_accept_vietnamese_dates_and_restore_leading_zeros_of_numeric_ids() -> None:
    row = parse_row(
        1,
        {
            "external_id": "E",
            "full_name": "Lò Văn A",
            "gender": "male",
            "birth_date": "05/01/1990",
            "national_id": "1234567",
            "positions": "secretary; committee_member",
        },
        "en",
    )
    assert isinstance(row, ImportRow)
    assert row.birth_date.isoformat() == "1990-01-05"
    assert row.national_id == "000001234567"
    assert [p.value for p in row.positions] == ["secretary", "committee_member"]


def test_a_bad_row_reports_each_column_with_its_rule() -> None:
    problems = parse_row(
        7,
        {"external_id": "E", "full_name": "A", "gender": "x", "birth_date": "31/02/1990", "national_id": "12ab"},
        "vi",
    )
    assert isinstance(problems, list)
    assert {(p.row, p.column) for p in problems} == {
        (7, "full_name"),
        (7, "gender"),
        (7, "birth_date"),
        (7, "national_id"),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84912", "'+84912"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Nguyễn", "Nguyễn"),
        (None, None),
        (12, 12),
    ],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_csv_cells_are_stripped_composed_and_blank_is_none(tmp_path: Path) -> None:
    """CSV cells take ``cell_text``'s text path: a name typed decomposed (NFD) is read precomposed, as stored."""
    decomposed = "Nguye\u0302\u0303n Thi\u0323"
    read = rows(tmp_path, f"full_name,phone,email\n  {decomposed} , 0912 ,   \n", ImportFormat.CSV)
    assert read == [{"full_name": "Nguyễn Thị", "phone": "0912", "email": None}]


def test_profile_values_are_the_rows_dump_of_its_profile_columns_in_order() -> None:
    """The columns a member is created or compared with: ``model_dump``'s values and order, enums as values."""
    row = parse_row(
        1,
        {
            "external_id": "E",
            "full_name": "Lò Văn A",
            "gender": "female",
            "birth_date": "1990-01-05",
            "national_id": "123456789012",
            "religion": "Phật giáo",
            "positions": "secretary;committee_member",
            "org_code": "B1",
            "admission_date": "2015-03-02",
            "phone": "0912",
            "general_education": "primary",
        },
        "en",
    )
    assert isinstance(row, ImportRow)
    dumped = row.model_dump(include=set(PROFILE_FIELDS))
    dumped |= {"positions": ["secretary", "committee_member"], "gender": "female"}
    assert list(profile_values(row).items()) == list(dumped.items())
