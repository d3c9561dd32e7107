"""Playwright driving Debian's Chromium (/usr/bin/chromium) against pytest-django's live server.

Every journey saves screenshots under test-artifacts/screenshots/; a failing
journey also saves a Playwright trace under test-artifacts/traces/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# by the test itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("KYOSO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup --test (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Journey:
    """A browser context with numbered screenshots, tracing kept only on failure."""

    def __init__(self, browser: Any, name: str, base_url: str) -> None:
        self.name = name
        self.base_url = base_url
        self.contexts: list[Any] = []
        self.step = 0
        self.browser = browser
        # Chromium reports every Content-Security-Policy refusal on the console
        self.csp_violations: list[str] = []

    def new_page(self, locale: str = "ja-JP") -> Any:
        context = self.browser.new_context(
            base_url=self.base_url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        context.tracing.start(screenshots=True, snapshots=True)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._watch_console)
        return page

    def _watch_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def shot(self, page: Any, label: str) -> None:
        self.step += 1
        folder = ARTIFACTS / "screenshots" / self.name
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{self.step:02d}-{label}.png"), full_page=True)

    def close(self, failed: bool) -> None:
        for index, context in enumerate(self.contexts):
            if failed:
                folder = ARTIFACTS / "traces"
                folder.mkdir(parents=True, exist_ok=True)
                context.tracing.stop(path=str(folder / f"{self.name}-{index}.zip"))
            else:
                context.tracing.stop()
            context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.journey_failed = report.failed  # type: ignore[attr-defined]


@pytest.fixture
def journey(request: pytest.FixtureRequest, chromium: Any, live_server: Any) -> Iterator[Journey]:
    trip = Journey(chromium, request.node.name, live_server.url)
    yield trip
    trip.close(failed=getattr(request.node, "journey_failed", True))
    assert not trip.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(trip.csp_violations)


def log_in(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.wait_for_load_state("networkidle")
