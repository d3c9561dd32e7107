"""What every event page shares: finding the event in scope and its tabs."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.access import scoped
from kyoso.events.models import Event

TABS = [
    ("slots", _("Slots"), "events:detail"),
    ("participants", _("Participants"), "events:participants"),
    ("requests", _("Requests"), "events:requests"),
    ("schedule", _("Schedule"), "events:schedule"),
    ("agendas", _("Agendas"), "events:agendas"),
    ("followup", _("Follow-up"), "events:followup"),
]


def get_event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(scoped(request, Event).select_related("current_run"), pk=pk)


def can_write(request: HttpRequest) -> bool:
    membership = getattr(request, "membership", None)
    return bool(membership and membership.can_write)


def event_context(request: HttpRequest, event: Event, tab: str, **extra: Any) -> dict[str, Any]:
    return {"event": event, "tab": tab, "tabs": TABS, "can_write": can_write(request), **extra}


def paginate(request: HttpRequest, items: Any, per_page: int = 50) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
