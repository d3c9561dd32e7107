"""Looking for a person everywhere a user can read: pages, downloads, the JSON API and search.

`find_everywhere(client, needles)` crawls every page reachable from "/" (as test_demo_crawl does,
but following downloads too: CSV, ICS, JSON, and PDF whose text is caught as ReportLab receives
it), every GET route of the API's OpenAPI document with the demo's ids filled in (as the
scoping walk enumerates URL patterns), and the top-bar and API searches for each needle.
It returns {needle: [where it was found]}.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, urldefrag, urlparse

from django.test import Client
from django.utils.html import escape
from reportlab import platypus

HREF = re.compile(r'(?:href|src|action)="([^"#][^"]*)"')
SKIP = ("/accounts/logout/", "/static/", "/api/v1/docs", "/accounts/profile/erase/")
MAX_PAGES = 700
PATH_PARAM = re.compile(r"\{(\w+)\}")


@contextmanager
def pdf_text() -> Iterator[list[str]]:
    """Every text handed to ReportLab's Paragraph and Table while the block runs."""
    captured: list[str] = []
    paragraph_init = platypus.Paragraph.__init__
    table_init = platypus.Table.__init__

    def paragraph(self: Any, text: Any, *args: Any, **kwargs: Any) -> None:
        captured.append(str(text))
        paragraph_init(self, text, *args, **kwargs)

    def table(self: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        captured.append(repr(data))
        table_init(self, data, *args, **kwargs)

    platypus.Paragraph.__init__ = paragraph  # type: ignore[method-assign]
    platypus.Table.__init__ = table  # type: ignore[method-assign]
    try:
        yield captured
    finally:
        platypus.Paragraph.__init__ = paragraph_init  # type: ignore[method-assign]
        platypus.Table.__init__ = table_init  # type: ignore[method-assign]


def _hits(text: str, needles: list[str], where: str, found: dict[str, list[str]]) -> None:
    lowered = text.lower()
    for needle in needles:
        if needle.lower() in lowered:
            found.setdefault(needle, []).append(where)


def _decode(response: Any) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    text = body.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        try:  # JSON may escape Japanese as \uXXXX
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def crawl_pages(client: Client, needles: list[str], found: dict[str, list[str]], start: str = "/") -> int:
    seen: set[str] = set()
    queue = deque([start])
    with pdf_text() as pdf:
        while queue and len(seen) < MAX_PAGES:
            url = queue.popleft()
            if url in seen or url.startswith(SKIP):
                continue
            seen.add(url)
            before = len(pdf)
            response = client.get(url)
            _hits("\n".join(pdf[before:]), needles, f"PDF {url}", found)
            if response.status_code in (301, 302):
                target = urlparse(response["Location"])
                if target.netloc in ("", "testserver"):
                    queue.append(target.path + (f"?{target.query}" if target.query else ""))
                continue
            if response.status_code != 200:
                continue
            content_type = response.get("Content-Type", "")
            if "pdf" in content_type or "zip" in content_type or "spreadsheet" in content_type:
                continue
            text = _decode(response)
            _hits(text, needles, url, found)
            if not content_type.startswith("text/html"):
                continue
            for href in HREF.findall(text):
                href = urldefrag(href.replace("&amp;", "&"))[0]
                parsed = urlparse(href)
                if parsed.scheme or parsed.netloc or not href.startswith("/"):
                    continue
                queue.append(href)
    return len(seen)


def api_get_urls(client: Client, values: dict[str, list[Any]]) -> list[str]:
    """Every GET path of the OpenAPI document, with each {param} filled from `values`."""
    spec = client.get("/api/v1/openapi.json").json()
    urls: list[str] = []
    for path, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        params = PATH_PARAM.findall(path)
        if any(p not in values for p in params):
            continue
        combos: list[dict[str, Any]] = [{}]
        for param in params:
            combos = [{**c, param: v} for c in combos for v in values[param][:3]]
        for combo in combos:
            url = path
            for param, value in combo.items():
                url = url.replace("{" + param + "}", quote(str(value)))
            urls.append(url)
    return urls


def crawl_api(
    client: Client, needles: list[str], found: dict[str, list[str]], values: dict[str, list[Any]]
) -> int:
    count = 0
    for url in api_get_urls(client, values):
        response = client.get(url, {"limit": 200})
        count += 1
        if response.status_code == 200:
            _hits(_decode(response), needles, f"API {url}", found)
    return count


def search_everywhere(client: Client, needles: list[str], found: dict[str, list[str]]) -> None:
    """The top-bar search page and the API search, for each needle; the query's own echo left out."""
    for needle in needles:
        shown = escape(needle)
        response = client.get("/search/", {"q": needle})
        if response.status_code == 200:
            text = (
                _decode(response)
                .replace(f'value="{shown}"', "")
                .replace(f"“{shown}”", "")
                .replace(f"「{shown}」", "")
            )
            _hits(text, [needle], "search /search/", found)
        response = client.get("/api/v1/search", {"q": needle})
        if response.status_code == 200:
            data = response.json()
            data.pop("query", None)
            data.pop("q", None)
            _hits(json.dumps(data, ensure_ascii=False), [needle], "search /api/v1/search", found)


def find_everywhere(
    client: Client, needles: list[str], api_values: dict[str, list[Any]]
) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    pages = crawl_pages(client, needles, found)
    assert pages > 20, f"the crawl reached only {pages} pages"
    crawl_api(client, needles, found, api_values)
    search_everywhere(client, needles, found)
    return found
