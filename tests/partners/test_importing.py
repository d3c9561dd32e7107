"""OrganisationImport: formats, all-or-nothing, every bad row reported, updates by name + website."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from kyoso.core.imports import ImportRejected
from kyoso.partners.importing import OrganisationImport
from kyoso.partners.models import Organisation


@pytest.fixture(autouse=True)
def _english_messages():
    # These tests read the messages the CLI prints by default (English).
    with translation.override("en"):
        yield


HEADER = "name,kind,description,industries,technologies,website,country,founded,employees,stage,decision_lead_days,quality_approach\n"
GOOD = (
    HEADER
    + "株式会社ビジョンテック,startup,画像認識AIによる外観検査,製造業;AI,画像認識;深層学習,visiontech.example.jp,日本,2018,45,series_a,7,ship_and_iterate\n"
    + "DeepSight Inc.,startup,Computer vision for inspection,Manufacturing,computer vision,https://deepsight.example.com,US,2017-04-01,60,series_b,10,balanced\n"
    + "東都自動車,corporate,自動車メーカー,自動車,,https://toto.example.jp,日本,1937,70000,listed,120,verify_first\n"
)


def run(workspace, data: bytes, filename: str = "list.csv"):
    return OrganisationImport(workspace=workspace, data=data, filename=filename).run()


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_csv_without_bom(workspace):
    result = run(workspace, GOOD.encode())
    assert (result.created, result.updated) == (3, 0)
    vt = Organisation.objects.get(workspace=workspace, name="株式会社ビジョンテック")
    assert vt.industries == ["製造業", "AI"]
    assert vt.technologies == ["画像認識", "深層学習"]
    assert vt.website == "https://visiontech.example.jp"
    assert vt.decision_lead_days == 7 and vt.quality_approach == "ship_and_iterate"
    assert Organisation.objects.get(name="DeepSight Inc.").founded == 2017


def test_csv_with_bom_and_japanese_headers(workspace):
    data = "\ufeff名称,種別,業種,従業員数\nセンソリオ株式会社,スタートアップ,IoT;製造業,60\n".encode()
    result = run(workspace, data)
    assert result.created == 1
    org = Organisation.objects.get(name="センソリオ株式会社")
    assert org.kind == "startup" and org.employees == 60 and org.industries == ["IoT", "製造業"]


def test_shift_jis_csv_is_detected(workspace):
    data = "name,kind\n株式会社テスト,startup\n".encode("cp932")
    result = run(workspace, data)
    assert result.created == 1
    assert any("Shift_JIS" in note for note in result.notes)


def test_unreadable_encoding_names_the_file_problem(workspace):
    data = "name,kind\nÄrger GmbH,startup\n".encode("utf-16")
    with pytest.raises(ImportRejected) as exc:
        run(workspace, data)
    assert exc.value.errors[0].row == 0
    assert Organisation.objects.count() == 0


def test_xlsx(workspace):
    data = xlsx(
        [
            ["Name", "Kind", "Technologies", "Founded", "Employees"],
            ["ロジフロー株式会社", "startup", "AMR;倉庫管理", 2018, 55],
            ['=HYPERLINK("http://evil.example")', "startup", None, None, None],
        ]
    )
    result = run(workspace, data, "partners.xlsx")
    assert result.created == 2
    assert Organisation.objects.get(name="ロジフロー株式会社").technologies == ["AMR", "倉庫管理"]
    # A formula is kept as text, never evaluated.
    assert Organisation.objects.filter(name='=HYPERLINK("http://evil.example")').exists()


def test_every_bad_row_is_reported_and_nothing_written(workspace):
    data = (
        HEADER
        + "Good Co,startup,,,,,,,,,,\n"
        + ",startup,,,,,,,,,,\n"
        + "VC Co,vc,,,,,,,,,,\n"
        + "Many Co,startup,,,,,,2015/13/01,many,,,\n"
        + "Fast Co,startup,,,,not a url,,,,series_z,-3,yolo\n"
    ).encode()
    with pytest.raises(ImportRejected) as exc:
        run(workspace, data)
    found = {(e.row, e.column) for e in exc.value.errors}
    assert found == {
        (3, "name"),
        (4, "kind"),
        (5, "founded"),
        (5, "employees"),
        (6, "website"),
        (6, "stage"),
        (6, "decision_lead_days"),
        (6, "quality_approach"),
    }
    kind_error = next(e for e in exc.value.errors if e.column == "kind")
    assert (
        str(kind_error)
        == 'row 4, column kind: expected one of corporate, startup, university, public; got "vc"'
    )
    assert Organisation.objects.count() == 0


def test_missing_header(workspace):
    with pytest.raises(ImportRejected) as exc:
        run(workspace, "株式会社テスト,startup\n".encode())
    assert "header" in str(exc.value.errors[0])


def test_duplicate_rows_in_one_file(workspace):
    data = (HEADER + "A,startup,,,,a.example,,,,,,\n" + "A,startup,,,,https://a.example/,,,,,,\n").encode()
    with pytest.raises(ImportRejected) as exc:
        run(workspace, data)
    assert exc.value.errors[0].row == 3


def test_name_and_website_match_updates(workspace, other_workspace):
    run(workspace, GOOD.encode())
    run(other_workspace, GOOD.encode())
    again = (
        HEADER + "株式会社ビジョンテック,startup,新しい説明,,,https://www.visiontech.example.jp/,,,50,,5,\n"
    ).encode()
    result = run(workspace, again)
    assert (result.created, result.updated) == (0, 1)
    vt = Organisation.objects.get(workspace=workspace, name="株式会社ビジョンテック")
    assert vt.description == "新しい説明" and vt.employees == 50 and vt.decision_lead_days == 5
    assert vt.technologies == ["画像認識", "深層学習"]  # empty cells keep what is stored
    other = Organisation.objects.get(workspace=other_workspace, name="株式会社ビジョンテック")
    assert other.description == "画像認識AIによる外観検査"
    # Same name, different website: a new organisation.
    result = run(
        workspace, (HEADER + "株式会社ビジョンテック,startup,,,,https://other.example.jp,,,,,,\n").encode()
    )
    assert result.created == 1


def test_unknown_columns_are_ignored_and_named(workspace):
    result = run(workspace, "name,kind,担当者メモ\nA社,corporate,xyz\n".encode())
    assert result.created == 1
    assert any("担当者メモ" in note for note in result.notes)


def test_imported_rows_are_searchable(workspace):
    from kyoso.partners import search

    run(workspace, GOOD.encode())
    hits = search.search(workspace.pk, "画像認識", top=5)
    # the Japanese company by its own words, the American one through the term's translation
    top = {Organisation.objects.get(pk=hit.doc_id).name for hit in hits[:2]}
    assert top == {"株式会社ビジョンテック", "DeepSight Inc."}


def test_re_import_updates_every_row_across_batches(workspace, monkeypatch):
    from kyoso.partners import importing

    monkeypatch.setattr(importing, "BATCH", 7)
    monkeypatch.setattr(importing, "UPDATE_BATCH", 3)
    first = "".join(
        f"組織{i:02d},startup,説明{i},AI,画像認識,https://o{i}.example.jp,日本,2010,{i + 1},seed,5,\n"
        for i in range(20)
    )
    assert run(workspace, (HEADER + first).encode()).created == 20
    again = "".join(
        f"組織{i:02d},corporate,新しい説明{i},製造業;物流,LLM,https://o{i}.example.jp,US,2011,{i + 100},,9,balanced\n"
        for i in range(20)
    )
    result = run(workspace, (HEADER + again).encode(), filename="again.csv")
    assert (result.created, result.updated) == (0, 20)
    rows = Organisation.objects.filter(workspace=workspace).order_by("name")
    assert [(o.kind, o.description, o.employees, o.country) for o in rows] == [
        ("corporate", f"新しい説明{i}", i + 100, "US") for i in range(20)
    ]
    for o in rows:
        assert o.industries == ["製造業", "物流"] and o.technologies == ["LLM"]
        assert o.industry_keys == ";製造業;物流;"
        assert (o.stage, o.founded, o.decision_lead_days, o.quality_approach) == ("seed", 2011, 9, "balanced")
        assert o.source_detail == "again.csv"
    assert len({o.search_stamp for o in rows}) == 1


def broken_xlsx() -> bytes:
    """A workbook whose sheet XML breaks in row 3 (an undefined entity): openpyxl's read-only reader
    only meets it while iterating the rows, after load_workbook() succeeded."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx([["name", "kind"], ["株式会社テスト", "startup"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>",
                    b'<row r="3"><c r="A3" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData>',
                )
            target.writestr(item, data)
    return out.getvalue()


def test_a_sheet_that_breaks_while_reading_is_reported_naming_the_file(workspace):
    with pytest.raises(ImportRejected) as exc:
        run(workspace, broken_xlsx(), "orgs.xlsx")
    assert [e.row for e in exc.value.errors] == [0]
    assert "orgs.xlsx" in exc.value.errors[0].message and "orgs.xlsx" in exc.value.message
    assert Organisation.objects.count() == 0
