"""The dashboard panel: upcoming and running events of the current workspace."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from kyoso.accounts.access import scoped
from kyoso.events.models import Event, EventStatus


def panel_context(request: HttpRequest) -> dict[str, Any] | None:
    if getattr(request, "membership", None) is None:
        return None
    events = list(
        scoped(request, Event)
        .filter(date__gte=timezone.localdate())
        .exclude(status=EventStatus.CLOSED)
        .select_related("current_run")
        .order_by("date")[:3]
    )
    return {"events": events} if events else None
