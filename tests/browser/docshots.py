"""Viewport screenshots for the user guide (docs/user-guide.md).

Journeys call `doc_shot(page, "name")` at the moments the guide shows; the PNGs land in
test-artifacts/screenshots/docs/ and `scripts/update_screenshots` copies them (compressed)
to docs/screenshots/. Viewport-sized (1280×900), not full-page, so they stay small.
"""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import ARTIFACTS

DOCS_SHOTS = ARTIFACTS / "screenshots" / "docs"


def doc_shot(page: Any, name: str, focus: Any = None) -> None:
    """Save the visible part of the page; with `focus` (a locator), scroll it into view first."""
    if focus is not None:
        focus.first.scroll_into_view_if_needed()
        focus.first.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.evaluate("() => window.scrollBy(0, -70)")
    DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_SHOTS / f"{name}.png"), full_page=False)
