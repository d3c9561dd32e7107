"""The API docs page works on a network that blocks every public CDN: all it needs is served by Kyoso."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_render_with_every_outside_request_blocked(journey: Any) -> None:
    page = journey.new_page(locale="en-US")
    own_host = urlparse(journey.base_url).hostname
    blocked: list[str] = []

    def only_this_site(route: Any) -> None:
        if urlparse(route.request.url).hostname == own_host:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_site)
    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 10
    assert page.get_by_text("Kyoso API").first.is_visible()
    journey.shot(page, "api-docs-offline")
    assert not blocked, f"the docs page asked for outside resources: {blocked}"
