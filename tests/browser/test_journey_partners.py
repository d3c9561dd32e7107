"""C2 journey (capabilities in docs/product.md#capabilities): import organisations (a bad file first), search in Japanese and English,
answer a checklist question, open a need's fit ranking and one fit's reasons."""

from __future__ import annotations

from typing import Any

import pytest

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD
from kyoso.partners.models import Need, Organisation
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.browser.docshots import doc_shot

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "name,kind,description,industries,technologies,website,country,founded,employees,stage,decision_lead_days,quality_approach\n"
BAD_CSV = (
    HEADER
    + "株式会社ルミナスビジョン,startup,画像認識による不良品検出,製造業,画像認識,luminous.example.jp,日本,2019,30,series_a,7,ship_and_iterate\n"
    + ",startup,名称のない行,,,,,,,,,\n"
    + "ベンチャーキャピタルX,vc,種別が不正,,,,,,,,,\n"
    + "株式会社ファスト,startup,,,,not a url,,2015/13/01,many,series_z,-3,yolo\n"
)
GOOD_CSV = (
    HEADER
    + "株式会社ルミナスビジョン,startup,画像認識による不良品検出と外観検査の自動化,製造業;AI,画像認識;深層学習,luminous.example.jp,日本,2019,30,series_a,7,ship_and_iterate\n"
    + "Northwind Robotics,startup,Image recognition for warehouse picking robots,Logistics,computer vision;robotics,https://northwind.example.com,US,2016,80,series_b,14,balanced\n"
)


def _upload(page: Any, name: str, content: str) -> None:
    page.goto("/partners/import/")
    page.get_by_label("CSVまたはExcelファイル").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}]
    )
    page.get_by_role("button", name="ファイルを確認").click()
    page.wait_for_load_state("networkidle")


def test_import_search_checklist_and_fit(journey: Any) -> None:
    load_demo()
    before = Organisation.objects.count()
    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)

    page.goto("/partners/")
    assert_accessible(page, "partner directory")
    journey.shot(page, "directory")

    page.goto("/partners/import/")
    assert_accessible(page, "import page")
    journey.shot(page, "import-form")

    # A file with bad rows: every problem is listed by row and column, nothing is written.
    _upload(page, "bad.csv", BAD_CSV)
    errors = page.get_by_role("table", name="行ごとの問題")
    assert errors.is_visible()
    text = errors.inner_text()
    for row in ("3", "4", "5"):
        assert row in text
    assert "kind" in text and "website" in text and "founded" in text
    assert page.get_by_role("alert").first.is_visible()
    assert Organisation.objects.count() == before
    assert_accessible(page, "import error report")
    journey.shot(page, "import-errors")
    doc_shot(page, "partners-import-errors")

    # The corrected file: a preview, then the import.
    _upload(page, "partners.csv", GOOD_CSV)
    assert page.get_by_text("株式会社ルミナスビジョン").first.is_visible()
    assert_accessible(page, "import preview")
    journey.shot(page, "import-preview")
    page.get_by_role("button", name="インポートを実行").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="ディレクトリを開く").wait_for()
    assert Organisation.objects.count() == before + 2
    journey.shot(page, "import-done")

    # Search in Japanese, then in English.
    page.goto("/partners/search/")
    page.locator("main form[role=search]").get_by_label("検索", exact=False).last.fill("画像認識")
    page.locator("main form[role=search]").get_by_role("button", name="検索").click()
    page.wait_for_load_state("networkidle")
    results = page.locator("ol.results > li")
    assert results.count() > 0
    assert page.get_by_role("link", name="株式会社ルミナスビジョン").is_visible()
    assert_accessible(page, "search results (ja)")
    journey.shot(page, "search-ja")
    doc_shot(page, "partners-search")

    # specific enough that the demo's many image-recognition organisations do not push the
    # Japanese-described one off the first page
    page.locator("main form[role=search]").get_by_label("検索", exact=False).last.fill(
        "image recognition for defect detection"
    )
    page.locator("main form[role=search]").get_by_role("button", name="検索").click()
    page.wait_for_load_state("networkidle")
    assert results.count() > 0
    assert page.get_by_role("link", name="Northwind Robotics").is_visible()
    # Cross-language: the Japanese-described organisation is found by the English words too.
    assert page.get_by_role("link", name="株式会社ルミナスビジョン").is_visible()
    journey.shot(page, "search-en")

    # Open an organisation and answer one checklist question.
    page.get_by_role("link", name="株式会社ルミナスビジョン").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="株式会社ルミナスビジョン").is_visible()
    assert_accessible(page, "organisation detail")
    row = page.locator("#checklist tbody tr").first
    row.get_by_label("はい").check()
    row.get_by_role("textbox").first.fill("IR資料と面談で確認済み")
    row.get_by_role("button", name="保存").click()
    page.locator("#checklist tbody tr").first.get_by_text("保存しました").wait_for()
    organisation = Organisation.objects.get(name="株式会社ルミナスビジョン")
    assert organisation.checklist_answers.filter(answer="yes").exists()
    journey.shot(page, "checklist-answered")
    doc_shot(page, "partners-checklist", page.locator("#checklist"))

    # A need's ranking of candidates by fit, then one fit's reasons.
    need = Need.objects.get(title="画像認識AIによる外観検査の自動化")
    page.goto(f"/partners/needs/{need.pk}/")
    ranking = page.get_by_role("heading", name="適合度順の候補")
    assert ranking.is_visible()
    assert_accessible(page, "need detail with fit ranking")
    journey.shot(page, "need-fit-ranking")
    doc_shot(page, "partners-fit-ranking")
    page.locator("td.num a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("/ 100").is_visible()
    assert_accessible(page, "fit detail")
    journey.shot(page, "fit-detail")
    doc_shot(page, "partners-fit-detail")
