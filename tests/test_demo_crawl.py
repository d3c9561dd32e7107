"""What an outside check does to the demo: log in through the form, follow every link, expect Japanese."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.test import Client

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HREF = re.compile(r'href="([^"#][^"]*)"')
MAX_PAGES = 400
# Links that end the session or download files rather than pages.
# The API's Swagger page is a third-party tool, not a Kyoso page.
SKIP = ("/accounts/logout/", "/static/", "/media/", "/api/")


def _crawl(client: Client, start: str = "/") -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code in (301, 302):
            target = response["Location"]
            if urlparse(target).netloc in ("", "testserver"):
                queue.append(
                    urlparse(target).path + (f"?{urlparse(target).query}" if urlparse(target).query else "")
                )
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = response.content.decode()
        assert '<html lang="ja">' in page, f"{url} is not marked Japanese"
        for href in HREF.findall(page):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parsed = urlparse(href)
            if parsed.scheme or parsed.netloc or not href.startswith("/"):
                continue
            queue.append(href)
    return seen


@pytest.mark.parametrize("email", [DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL])
def test_every_page_reachable_from_the_demo_works_in_japanese(email: str) -> None:
    load_demo()
    client = Client()
    response = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, "demo login failed"
    seen = _crawl(client)
    errors = {url: status for url, status in seen.items() if status >= 500}
    assert not errors, errors
    assert len(seen) > 1
