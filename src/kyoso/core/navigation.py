"""What the layout shows: main menu entries and the dashboard's first-run steps.

Apps register their entries in `AppConfig.ready()`, so the layout never
names an app that may not be installed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 100
    partner: bool = False  # shown to partner-only users too
    # For people without a workspace: show the entry only if this says so (e.g. they have event
    # participations); members always see every entry, so they pay for no extra query.
    outside_if: Callable[[Any], bool] | None = None
    members: bool = True  # False: only for people without a workspace
    # a count shown next to the label (e.g. invitations waiting); for members the entry shows only
    # while the count is above zero, people without a workspace always see it
    badge: Callable[[Any], int] | None = None


@dataclass(frozen=True)
class FirstRunStep:
    """A step of the guided first run; `done(workspace)` ticks it."""

    key: str
    label: str | Promise
    url_name: str
    done: Callable[[Any], bool]
    order: int = 100
    help: str | Promise = ""


@dataclass
class _Registry:
    nav: list[NavItem] = field(default_factory=list)
    steps: list[FirstRunStep] = field(default_factory=list)


registry = _Registry()


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in registry.nav):
        registry.nav.append(item)


def register_first_run_step(step: FirstRunStep) -> None:
    if all(existing.key != step.key for existing in registry.steps):
        registry.steps.append(step)


def nav_entries(current_path: str, *, partner_only: bool, user: Any = None) -> list[dict[str, Any]]:
    entries = []
    for item in sorted(registry.nav, key=lambda i: i.order):
        if partner_only and not item.partner:
            continue
        if partner_only and item.outside_if is not None and not item.outside_if(user):
            continue
        if not partner_only and not item.members:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        badge = item.badge(user) if item.badge is not None and user is not None else 0
        if item.badge is not None and not partner_only and not badge:
            continue
        active = current_path.startswith(url) if url != "/" else current_path == "/"
        entries.append({"label": item.label, "url": url, "active": active, "badge": badge})
    return entries


def first_run_steps(workspace: Any) -> list[dict[str, Any]]:
    steps = []
    for step in sorted(registry.steps, key=lambda s: s.order):
        try:
            url = reverse(step.url_name)
        except NoReverseMatch:
            continue
        steps.append(
            {
                "key": step.key,
                "label": step.label,
                "url": url,
                "done": step.done(workspace),
                "help": step.help,
            }
        )
    return steps
