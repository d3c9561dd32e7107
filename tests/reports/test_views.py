"""Report pages, sponsor view, exports (Excel reopened, PDF checked), audit, access and query bounds."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from kyoso.accounts.models import AuditAction, AuditEvent
from kyoso.projects.models import Project
from kyoso.reports import exports, sections
from kyoso.reports.selectors import ReportFilters
from tests.reports.conftest import make_project

pytestmark = pytest.mark.django_db

KEYS = ["pipeline", "time", "risk", "sponsors", "events", "lessons"]


def test_every_report_page_renders_a_chart_and_its_table(portfolio, owner, login) -> None:
    client = login(owner)
    assert client.get("/reports/").status_code == 200
    for key in KEYS:
        response = client.get(f"/reports/{key}/")
        assert response.status_code == 200, key
        page = response.content.decode()
        assert "<table" in page, key
    pipeline = client.get("/reports/pipeline/").content.decode()
    assert "<svg" in pipeline and "75%" in pipeline and "75.0%" not in pipeline
    partial = client.get("/reports/time/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith("<section") and "PoC超過の案件" in partial


def test_filters_narrow_the_report(portfolio, owner, login) -> None:
    page = login(owner).get("/reports/time/", {"business_unit": "物流本部"}).content.decode()
    assert "ゲート超過の案件" in page and "PoC超過の案件" not in page


def test_executive_lands_on_their_sponsor_view(portfolio, executive, login) -> None:
    client = login(executive)
    assert "/reports/sponsors/me/" in client.get("/").content.decode()
    response = client.get("/reports/sponsors/me/")
    assert response["Location"] == f"/reports/sponsors/{executive.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "ゲート超過の案件" in page and "PoC超過の案件" in page
    assert "1,500万円" in page  # the sponsor budget, as money in Japanese


def test_sponsor_of_another_workspace_is_404(portfolio, owner, outsider, executive, login) -> None:
    assert login(owner).get(f"/reports/sponsors/{outsider.pk}/").status_code == 404
    assert login(outsider).get(f"/reports/sponsors/{executive.pk}/").status_code == 404
    assert login(outsider).get(f"/reports/sponsors/{executive.pk}/export/pdf/").status_code == 404


def test_outsider_sees_none_of_the_workspace(portfolio, outsider, login) -> None:
    client = login(outsider)
    for key in KEYS:
        assert "PoC超過の案件" not in client.get(f"/reports/{key}/").content.decode()
    wb = load_workbook(io.BytesIO(client.get("/reports/export/portfolio/xlsx/").content))
    assert not any(
        "PoC超過の案件" in str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
    )


def test_viewer_can_read_reports(portfolio, viewer, login) -> None:
    assert login(viewer).get("/reports/pipeline/").status_code == 200


def test_excel_export_reopens_with_real_numbers_and_is_audited(portfolio, owner, login) -> None:
    response = login(owner).get("/reports/export/pipeline/xlsx/")
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb[wb.sheetnames[1]]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[2]][:2] == ["探索", 4]
    assert ws["E2"].value == 0.75 and ws["E2"].number_format == "0.0%"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.model == "reports.pipeline" and event.changes["format"] == "xlsx"


def test_cells_that_look_like_formulas_stay_text(workspace, owner, login) -> None:
    make_project(
        workspace, owner, '=HYPERLINK("http://evil")', [("exploration", 10, None)], sponsor_user=owner
    )
    response = login(owner).get("/reports/export/sponsors/xlsx/")
    wb = load_workbook(io.BytesIO(response.content))
    response = login(owner).get(f"/reports/sponsors/{owner.pk}/export/xlsx/")
    wb = load_workbook(io.BytesIO(response.content))
    cells = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value and str(c.value).startswith("=")
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_pdf_export_is_a_multi_section_pdf_with_the_japanese_font(portfolio, owner, login) -> None:
    response = login(owner).get("/reports/export/portfolio/pdf/")
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", content)) >= 1
    # scripts/setup installs IPAex Gothic, which is embedded; without it the CID font is referenced.
    assert b"IPAexGothic" in content or b"HeiseiKakuGo-W5" in content
    if b"IPAexGothic" in content:
        assert b"/FontFile2" in content  # the subset is embedded, not just named
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, model="reports.portfolio").exists()


def test_every_report_exports_in_both_formats(portfolio, owner, login) -> None:
    client = login(owner)
    for key in [*KEYS, "portfolio"]:
        assert client.get(f"/reports/export/{key}/xlsx/").content[:2] == b"PK", key
        assert client.get(f"/reports/export/{key}/pdf/").content[:4] == b"%PDF", key
    assert client.get("/reports/export/pipeline/docx/").status_code == 404
    assert client.get("/reports/export/nothing/pdf/").status_code == 404


def test_pdf_renders_all_sections_from_python(portfolio) -> None:
    src = sections.Sources(
        Project.objects.all(), None, None, sections._model("knowledge", "RetrospectiveCause").objects.all()
    )
    parts = [sections.build(k, src, ReportFilters()) for k in KEYS]
    import datetime as dt

    meta = exports.Meta(
        "報告書",
        "テスト",
        "作成者",
        dt.datetime(2025, 1, 1),
        "",
        {
            "workspace": "ワークスペース",
            "author": "作成者",
            "date": "日付",
            "filters": "条件",
            "none": "なし",
            "page": "%(n)s ページ",
            "summary": "概要",
        },
    )
    assert exports.to_pdf(parts, meta).startswith(b"%PDF")


def _grow(workspace, owner, n: int) -> None:
    for i in range(n):
        make_project(
            workspace,
            owner,
            f"案件{i}",
            [("exploration", 40, 30), ("poc", 30, None)],
            sponsor_user=owner,
            budget_jpy=1_000_000,
            poc_planned_end=None,
        )


@pytest.mark.parametrize("n", [2, 30])
def test_report_pages_issue_bounded_queries(
    workspace, owner, login, n, django_assert_max_num_queries
) -> None:
    _grow(workspace, owner, n)
    client = login(owner)
    for key in KEYS:
        with django_assert_max_num_queries(25):
            assert client.get(f"/reports/{key}/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/reports/sponsors/{owner.pk}/").status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get("/reports/export/portfolio/xlsx/").status_code == 200


def test_report_numbers_carry_their_units_and_money_reads_as_on_project_pages(
    portfolio, owner, login
) -> None:
    """The walk: sponsor bars read 「238」 with no unit, the table ¥238,000,000 beside 3,000万円 on the
    project pages, the stage-time bars 「100」 without 日."""
    client = login(owner)
    sponsors = client.get("/reports/sponsors/").content.decode()
    chart = re.search(r"<svg.*?</svg>", sponsors, re.S).group(0)
    assert re.search(r">[\d,]+万円<", chart) and "百万円" not in sponsors
    assert re.search(r">[\d,]+万円<", re.search(r"<table.*?</table>", sponsors, re.S).group(0))
    assert "¥" not in sponsors
    time_chart = re.search(r"<svg.*?</svg>", client.get("/reports/time/").content.decode(), re.S).group(0)
    labels = re.findall(r'font-size="11">([^<]+)<', time_chart)
    assert labels and all(label.endswith("日") or label == "—" for label in labels), labels
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    english = client.get("/reports/sponsors/").content.decode()
    assert re.search(r">¥[\d,]+,000<", english)
    assert re.search(r'font-size="11">\d+ days?<', client.get("/reports/time/").content.decode())
