"""Error pages in the browser: a missing page, a page the user may not open and an expired form
show the site's layout (menu, search, language) with a message in the user's language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kyoso.accounts.models import Role, Workspace
from tests.conftest import PASSWORD, add_member, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# Words a Japanese page may show in Latin letters: the product's name, the language switch's own
# label (written in the language it switches to) and abbreviations Japanese business text uses.
LATIN_ALLOWED = {"Kyoso", "English", "PoC", "KPI", "OI"}

EXPECTED = {
    "ja": {
        404: "ページが見つかりません",
        403: "このページを表示する権限がありません",
        "csrf": "フォームの有効期限が切れました",
        "home": "ホームへ移動",
    },
    "en": {
        404: "Page not found",
        403: "You do not have access to this page",
        "csrf": "The form has expired",
        "home": "Go to the home page",
    },
}


def _log_in(page: Any, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def _check_layout(page: Any, language: str, status: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("nav.mainnav a").count() >= 3, "the menu is missing"
    assert page.get_by_role("search").count() >= 1
    body = page.locator("section.error-page")
    assert body.locator("h1").inner_text() == EXPECTED[language][status]
    assert body.get_by_role("link", name=re.compile(EXPECTED[language]["home"])).count() == 1
    if language == "ja":
        text = page.locator("body").inner_text()
        latin = {w for w in re.findall(r"[A-Za-z]{2,}", text)} - LATIN_ALLOWED
        assert not latin, f"English on the Japanese {status} page: {sorted(latin)}"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_missing_forbidden_and_expired_form_pages(journey: Any, language: str) -> None:
    workspace = Workspace.objects.create(name="テスト株式会社 OI推進室", slug="errors-ws")
    viewer = make_user("viewer@example.com", "閲覧者", language=language)
    add_member(workspace, viewer, Role.VIEWER)
    member = make_user("member@example.com", "メンバー", language=language)
    add_member(workspace, member, Role.MEMBER)

    page = journey.new_page(locale="ja-JP" if language == "ja" else "en-US")
    _log_in(page, viewer.email)

    response = page.goto("/projects/999999/")
    assert response.status == 404
    _check_layout(page, language, 404)
    journey.shot(page, f"404-{language}")

    # a viewer may read the workspace but not its audit log
    response = page.goto("/accounts/workspace/audit/")
    assert response.status == 403
    _check_layout(page, language, 403)
    journey.shot(page, f"403-{language}")

    # an expired form: the token in the page no longer matches the browser's
    other = journey.new_page(locale="ja-JP" if language == "ja" else "en-US")
    _log_in(other, member.email)
    other.goto("/projects/new/")
    form = other.locator("form", has=other.locator("input[name=title]"))
    form.locator("input[name=title]").fill("期限切れのフォーム")
    form.locator("input[name=csrfmiddlewaretoken]").evaluate("e => { e.value = 'x'.repeat(64) }")
    with other.expect_response(lambda r: r.request.method == "POST") as posted:
        form.locator("button[type=submit]").last.click()
    assert posted.value.status == 403
    other.wait_for_load_state("networkidle")
    _check_layout(other, language, "csrf")
    journey.shot(other, f"csrf-{language}")
