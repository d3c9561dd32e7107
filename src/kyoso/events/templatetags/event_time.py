"""Template side of `kyoso.events.clock`: `{% load event_time %}{{ slot.start|event_hm:event }}`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template

from kyoso.events import clock

register = template.Library()


@register.filter
def event_hm(value: datetime | None, event: Any) -> str:
    return clock.hm(value, event)


@register.filter
def event_stamp(value: datetime | None, event: Any) -> str:
    return clock.stamp(value, event)


@register.filter
def slot_label(slot: Any, event: Any = None) -> str:
    return clock.slot_label(slot, event) if slot else ""


@register.filter
def checkin_open(event: Any) -> bool:
    return clock.checkin_open(event)


@register.filter
def event_past(event: Any) -> bool:
    """The event's day is over (at the event): no-shows can still be marked, check-ins not."""
    return clock.today(event) > event.date


@register.simple_tag
def event_span(start: datetime, end: datetime, event: Any) -> str:
    return clock.span(start, end, event)
