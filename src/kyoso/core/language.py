"""The language engines and exports write in: the active UI language, reduced to "ja" or "en"."""

from __future__ import annotations

from django.utils.translation import get_language


def current_language() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"
