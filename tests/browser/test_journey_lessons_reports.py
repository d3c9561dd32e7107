"""C7 + C8 journey (capabilities in docs/product.md#capabilities): stop a project, write its retrospective tagged with causes, find it in the
library by search; open the reports and export them to Excel and PDF."""

from __future__ import annotations

import zipfile
from typing import Any

import pytest

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD
from kyoso.knowledge.models import Retrospective
from kyoso.projects.models import Project
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.browser.docshots import doc_shot

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = "工場CO2排出量の見える化"
HEADLINE = "現場データの取得許可が下りず、PoCに進めないまま中止"


def test_retrospective_library_and_report_exports(journey: Any) -> None:
    load_demo()
    project = Project.objects.get(title=PROJECT)
    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)

    # Stop the project from its overview: an owner's override of the gate, with its reason.
    page.goto(f"/projects/{project.pk}/")
    page.locator("details:has(form[action$='/stage/']) > summary").click()
    stage_form = page.locator("form[action$='/stage/']")
    stage_form.locator("select[name=stage]").select_option("stopped")
    stage_form.locator("textarea[name=reason]").fill("工場側のデータ提供の合意が得られなかったため")
    # the form posts through htmx: wait for its response ("networkidle" right after the click can
    # come before the request starts on a loaded machine)
    with page.expect_response(lambda r: r.url.endswith("/stage/") and r.request.method == "POST"):
        stage_form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    project.refresh_from_db()
    assert project.stage == "stopped"

    # It now waits for a retrospective.
    page.goto("/lessons/awaiting/")
    assert_accessible(page, "projects awaiting a retrospective")
    journey.shot(page, "awaiting")
    row = page.locator("main table tbody tr", has=page.get_by_role("link", name=PROJECT))
    row.get_by_role("link", name="振り返りを書く").click()
    page.wait_for_load_state("networkidle")
    form = page.locator("main form.form")
    form.locator("select[name=outcome]").select_option("stopped")
    form.get_by_label("教訓(一行で)").fill(HEADLINE)
    form.get_by_label("うまくいかなかったこと").fill(
        "目的は合意したが、工場の情報システム部門の承認を取らずに始めた。データ取得の許可に4か月かかった。"
    )
    form.locator("textarea[name=lessons]").fill(
        "探索段階で社内の関係部署(情報システム・工場長)の了承を取る。"
    )
    form.locator("select[name=cause_internal_structure]").select_option("3")
    form.locator("select[name=cause_purpose]").select_option("1")
    assert_accessible(page, "retrospective form")
    journey.shot(page, "retrospective-form")
    doc_shot(page, "lessons-retrospective-form", page.locator("main fieldset"))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    retro = Retrospective.objects.get(project=project)
    assert {(c.cause, c.weight) for c in retro.causes.all()} == {("internal_structure", 3), ("purpose", 1)}
    assert page.get_by_text(HEADLINE).first.is_visible()
    assert_accessible(page, "retrospective detail")
    journey.shot(page, "retrospective")

    # Find it in the library.
    page.goto("/lessons/")
    assert_accessible(page, "lessons library")
    search = page.locator("main form[role=search]")
    search.locator("input[name=q]").fill("データ取得 許可")
    search.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator("#library-results").get_by_text(HEADLINE).first.wait_for()
    assert_accessible(page, "library search results")
    journey.shot(page, "library-search")
    doc_shot(page, "lessons-library")

    # Reports, and their exports.
    page.goto("/reports/")
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "reports")
    journey.shot(page, "reports")
    doc_shot(page, "reports")
    with page.expect_download() as info:
        page.locator("main a[href$='/export/portfolio/xlsx/']").first.click()
    xlsx = info.value
    assert xlsx.suggested_filename.endswith(".xlsx")
    assert zipfile.is_zipfile(xlsx.path())
    with zipfile.ZipFile(xlsx.path()) as book:
        assert "xl/workbook.xml" in book.namelist()
    with page.expect_download() as info:
        page.locator("main a[href$='/export/portfolio/pdf/']").first.click()
    pdf = info.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as handle:  # noqa: PTH123
        assert handle.read(5) == b"%PDF-"
