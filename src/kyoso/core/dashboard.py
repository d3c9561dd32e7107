"""Dashboard panels contributed by apps: each returns a template and its context, or None."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if all(p.key != panel.key for p in _panels):
        _panels.append(panel)


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    rendered = []
    for panel in sorted(_panels, key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            rendered.append({"template": panel.template, "context": context})
    return rendered
