"""Branded 400/403/404/500 and CSRF-failure pages, with DEBUG off, in the visitor's language."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.core.error_urlconf"),
]


@pytest.fixture(autouse=True)
def _production(settings) -> None:
    settings.DEBUG = False


def _client(language: str = "ja") -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["kyoso_language"] = language
    return client


def test_404_in_the_layout_in_japanese_with_a_way_home() -> None:
    response = _client().get("/no/such/page/", HTTP_REFERER="http://testserver/help/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ja">' in html and 'class="topbar"' in html and 'class="footer"' in html
    assert "ページが見つかりません" in html
    assert 'href="/"' in html and "ホームへ" in html
    assert 'href="http://testserver/help/"' in html and "前のページに戻る" in html


def test_404_in_english_for_an_english_visitor() -> None:
    html = _client("en").get("/no/such/page/").content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html and "Go to the home page" in html


def test_404_of_a_logged_in_user_shows_their_menu(login, owner) -> None:
    client = login(owner)
    client.raise_request_exception = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert 'class="mainnav"' in response.content.decode()


@pytest.mark.urls("kyoso.urls")
def test_an_unknown_api_path_answers_json_404_and_other_paths_the_page(login, owner) -> None:
    for client in (_client(), login(owner)):
        client.raise_request_exception = False
        for path in ("/api/v1/privacy/export", "/api/v1/no/such/thing/", "/api/v1/"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert response["Content-Type"] == "application/json", path
            assert response.json() == {"detail": "Not found."}, path
        page = client.get("/no/such/page/")
        assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
        assert client.get("/api/v1x/").status_code == 404
        assert client.get("/api/v1x/")["Content-Type"].startswith("text/html")


def test_back_link_only_to_this_site() -> None:
    html = _client().get("/no/such/page/", HTTP_REFERER="https://evil.example/phish").content.decode()
    assert "evil.example" not in html
    assert "前のページに戻る" not in html


def test_400_page() -> None:
    response = _client("en").get("/test-errors/bad/")
    assert response.status_code == 400
    assert "The request could not be understood" in response.content.decode()


def test_403_page() -> None:
    response = _client().get("/test-errors/denied/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "このページを表示する権限がありません" in html and 'class="topbar"' in html


def test_csrf_failure_page_says_what_to_do() -> None:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["kyoso_language"] = "en"
    response = client.post("/test-errors/post/", {"name": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "The form has expired" in html and "reload the page" in html
    assert 'class="topbar"' in html


def test_csrf_failure_page_in_japanese() -> None:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    html = client.post("/test-errors/post/").content.decode()
    assert "フォームの有効期限が切れました" in html


def test_500_page_is_the_standalone_layout_in_the_visitors_language() -> None:
    response = _client("en").get("/test-errors/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="en">' in html and 'class="topbar"' in html and "kyoso.css" in html
    assert "Something went wrong on our side" in html and 'href="/"' in html
    ja = _client().get("/test-errors/boom/").content.decode()
    assert "問題が発生しました" in ja


def test_500_page_needs_no_database(django_assert_num_queries) -> None:
    from django.test import RequestFactory

    from kyoso.core.error_views import server_error

    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500


def _broken_context_processor(request):
    raise RuntimeError("the context processor is broken")


BROKEN = "tests.core.test_error_pages._broken_context_processor"


def test_500_page_renders_when_the_context_processors_fail(settings) -> None:
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {"context_processors": [BROKEN]}},
    ]
    response = _client("en").get("/test-errors/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_404_falls_back_to_the_standalone_page_when_the_layout_fails(settings) -> None:
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {"context_processors": [BROKEN]}},
    ]
    response = _client("en").get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="topbar"' in html
