"""Every HTML response carries the Content-Security-Policy, and no template needs an exception.

The crawl logs into the demo as its owner and its partner user and follows every link; a walk over
the URL patterns covers what anonymous visitors reach (and the 404s). The template scan keeps inline
scripts and handlers from coming back (a nonce'd <script> is the only inline script allowed).
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD

pytestmark = pytest.mark.django_db

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
HREF = re.compile(r'href="([^"#][^"]*)"')
SKIP = ("/accounts/logout/", "/static/", "/media/")
SRC = Path(__file__).resolve().parents[2] / "src" / "kyoso"


def _policy(response) -> dict[str, str]:
    header = response.get("Content-Security-Policy", "")
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def assert_strict_policy(url: str, response) -> None:
    policy = _policy(response)
    assert policy, f"{url} ({response.status_code}) has no Content-Security-Policy"
    for directive, value in REQUIRED.items():
        assert policy.get(directive, "").startswith(value), f"{url}: {directive} is {policy.get(directive)!r}"
    script = policy["script-src"]
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, f"{url}: {script}"


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _crawl(client: Client, start: str = "/", limit: int = 300) -> int:
    seen: set[str] = set()
    queue = deque([start])
    pages = 0
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            target = urlparse(response["Location"])
            if target.netloc in ("", "testserver"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
            continue
        if not _is_html(response):
            continue
        assert_strict_policy(url, response)
        pages += 1
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if href.startswith("/") and not href.startswith("//"):
                queue.append(href)
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("email", [DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL])
def test_every_page_of_the_demo_carries_the_policy(email: str) -> None:
    load_demo()
    client = Client()
    assert client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD}).status_code == 302
    assert _crawl(client) > 5


def _patterns(resolver: URLResolver | None = None, namespace: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _patterns(entry, f"{namespace}:{ns}" if namespace and ns else (ns or namespace))
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _sample_url(name: str, pattern: URLPattern) -> str | None:
    kwargs = {
        p: (1 if type(c).__name__ == "IntConverter" else "walk-1")
        for p, c in pattern.pattern.converters.items()
    }
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:
        return None


@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_every_url_pattern_answers_with_the_policy(who, owner, login) -> None:
    client = login(owner) if who == "owner" else Client()
    checked = 0
    for name, pattern in _patterns():
        url = _sample_url(name, pattern)
        if url is None or url.startswith(("/api/", "/accounts/logout/")):
            continue
        response = client.get(url)
        if _is_html(response):
            assert_strict_policy(url, response)
            checked += 1
    assert checked > 20


def test_the_api_docs_page_runs_under_the_site_wide_policy() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert_strict_policy("/api/v1/docs", response)
    policy = _policy(response)
    assert "cdn.jsdelivr.net" not in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_the_api_docs_page_loads_only_same_origin_assets() -> None:
    html = Client().get("/api/v1/docs").content.decode()
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/") and not asset.startswith("//"), asset
        assert Client().get(asset).status_code == 200, asset
    assert "http://" not in html and "https://" not in html


INLINE = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
        "inline <script>",
    ),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\bhx-on", re.I), "hx-on (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_needs_inline_script() -> None:
    found = []
    for template in SRC.glob("*/templates/**/*.html"):
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                found.append(f"{template.relative_to(SRC)}: {what}: {match.group(0)!r}")
    assert not found, "\n".join(found)
