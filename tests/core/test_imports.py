"""kyoso.core.imports: what the partners and events imports share."""

from __future__ import annotations

import pytest
from django.utils import translation

from kyoso.api.core import import_error_detail
from kyoso.core.errors import DomainError
from kyoso.core.imports import ImportRejected, RowError, UnreadableFile, csv_rows, decode_text, is_blank


def test_row_error_text_names_row_and_column():
    with translation.override("en"):
        assert str(RowError(3, "kind", "expected startup")) == "row 3, column kind: expected startup"
        assert str(RowError(4, "", "duplicate")) == "row 4: duplicate"
        assert str(RowError(0, "", "the file is empty")) == "the file is empty"
    with translation.override("ja"):
        assert str(RowError(3, "kind", "x")) == "3行目、列 kind: x"
    assert RowError(3, "kind", "x").as_dict() == {"row": 3, "column": "kind", "message": "x"}


def test_import_rejected_is_a_domain_error_with_a_report():
    errors = [RowError(2, "name", "required"), RowError(5, "", "duplicate")]
    with translation.override("en"):
        named = ImportRejected(errors, "list.csv")
        assert isinstance(named, DomainError) and named.field == "file" and named.errors == errors
        assert named.message == "list.csv: 2 problem(s) found, nothing was imported."
        assert named.report().splitlines() == [
            named.message,
            "list.csv: row 2, column name: required",
            "list.csv: row 5: duplicate",
        ]
        anonymous = ImportRejected(iter(errors))
        assert anonymous.errors == errors
        assert anonymous.message == "Nothing was imported: fix these problems and try again."
        assert anonymous.report().splitlines()[1] == "row 2, column name: required"


def test_api_detail_has_one_entry_per_row_error():
    exc = ImportRejected(
        [RowError(0, "", "empty"), RowError(3, "kind", "bad"), RowError(4, "", "dup")], "a.csv"
    )
    detail = import_error_detail(exc)
    assert [d["loc"] for d in detail] == [["body", "file"], ["body", "file", 3, "kind"], ["body", "file", 4]]
    assert {d["type"] for d in detail} == {"import_error"}
    assert detail[1]["msg"] == str(exc.errors[1])


def test_decode_text_utf8_bom_shift_jis_and_other():
    assert decode_text("名称\n".encode()) == ("名称\n", [])
    assert decode_text(b"\xef\xbb\xbf" + "名称\n".encode()) == ("名称\n", [])
    text, notes = decode_text("名称,種別\n".encode("cp932"))
    assert text == "名称,種別\n" and len(notes) == 1 and "Shift_JIS" in notes[0]
    with pytest.raises(UnreadableFile) as exc:
        decode_text("name\ncafé naïve\n".encode("latin-1"))
    assert "UTF-8" in str(exc.value)


def test_csv_rows_numbers_rows_as_a_spreadsheet():
    rows = list(csv_rows('\ufeffa,b\n\n"x\ny",2\n3,4\n'))
    assert rows == [(1, ["a", "b"]), (2, []), (3, ["x\ny", "2"]), (4, ["3", "4"])]
    assert is_blank([]) and is_blank(["", " ", None]) and not is_blank(["", "x"])
    with pytest.raises(UnreadableFile):
        list(csv_rows("a\x00b\n"))
