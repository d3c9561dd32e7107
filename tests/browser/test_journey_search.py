"""The top-bar search: the owner finds an organisation by its exact name and a project by its
title, grouped by kind; the partner user finds only the project shared with them."""

from __future__ import annotations

from typing import Any

import pytest

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

ORGANISATION = "株式会社ビジョンテック"
SHARED = "画像認識AIによる外観検査の共同開発"
INTERNAL = "物流倉庫の需要予測による在庫最適化"


def search(page: Any, words: str) -> None:
    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill(words)
    box.press("Enter")
    page.wait_for_load_state("networkidle")


def group(page: Any, kind: str) -> Any:
    return page.locator(f"section.search-group[data-kind={kind}]")


def test_the_owner_finds_an_organisation_and_a_project_grouped_by_kind(journey: Any) -> None:
    load_demo()
    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)

    search(page, ORGANISATION)
    assert "/search/" in page.url
    organisations = group(page, "organisations")
    assert organisations.locator("li a").first.inner_text() == ORGANISATION
    assert organisations.get_by_role("link", name="組織をすべて表示").count() == 1
    journey.shot(page, "organisation-by-name")
    organisations.locator("li a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().startswith(ORGANISATION)

    search(page, "外観検査")
    projects = group(page, "projects")
    assert projects.locator("li a").first.inner_text() == SHARED
    assert "件" in projects.locator("h2").inner_text()
    journey.shot(page, "project-by-title")
    assert_accessible(page, "global search")

    # English finds records written with it (websites, English descriptions); the kind's own
    # search page takes the words on with the bilingual index
    search(page, "vision")
    organisations = group(page, "organisations")
    assert organisations.locator("li a").count() >= 1
    assert (
        organisations.get_by_role("link", name="組織をすべて表示").get_attribute("href")
        == "/partners/search/?q=vision"
    )


def test_the_partner_user_finds_only_the_shared_project(journey: Any) -> None:
    load_demo()
    page = journey.new_page()
    log_in(page, DEMO_PARTNER_EMAIL, DEMO_PASSWORD)

    search(page, "共同開発")
    kinds = page.locator("section.search-group").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds[0] == "projects" and not {"organisations", "needs", "events"} & set(kinds)
    assert group(page, "projects").locator("li a").all_inner_texts() == [SHARED]
    journey.shot(page, "partner-search")
    group(page, "projects").locator("li a").first.click()
    page.wait_for_load_state("networkidle")
    assert SHARED in page.content()

    search(page, INTERNAL)
    assert page.locator("section.search-group").count() == 0
    search(page, ORGANISATION)
    assert page.locator("section.search-group").count() == 0
