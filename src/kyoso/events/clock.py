"""Event-local time: the one way an event's times are read in, stored and shown.

An event happens in one place, so every time a page, PDF, calendar file, export or
form label shows is in the event's own time zone, whatever the server's TIME_ZONE or
the viewer's. Datetimes are stored aware (UTC in the database); naive input (forms,
imported documents) means wall-clock time at the event.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from kyoso.events.models import Event, Slot

FALLBACK_ZONE = "Asia/Tokyo"


def default_time_zone() -> str:
    """The zone a new event starts with: the server's configured zone, else Tokyo."""
    name = getattr(settings, "TIME_ZONE", "") or FALLBACK_ZONE
    return name if is_valid_zone(name) else FALLBACK_ZONE


def is_valid_zone(name: str) -> bool:
    if not name or name != name.strip():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def validate_zone(name: str) -> None:
    if not is_valid_zone(name):
        raise ValidationError(
            _("%(name)s is not a known time zone; use an IANA name such as Asia/Tokyo."),
            params={"name": name},
            code="invalid_time_zone",
        )


# The zones an organiser in Japan picks from, by the city people know; the API takes any IANA name.
COMMON_ZONES: tuple[tuple[str, Any], ...] = (
    ("Asia/Tokyo", _("Tokyo")),
    ("Asia/Seoul", _("Seoul")),
    ("Asia/Shanghai", _("Shanghai / Beijing")),
    ("Asia/Taipei", _("Taipei")),
    ("Asia/Hong_Kong", _("Hong Kong")),
    ("Asia/Singapore", _("Singapore")),
    ("Asia/Bangkok", _("Bangkok")),
    ("Asia/Kolkata", _("India")),
    ("Asia/Dubai", _("Dubai")),
    ("Europe/London", _("London")),
    ("Europe/Paris", _("Paris / Berlin")),
    ("America/New_York", _("New York")),
    ("America/Chicago", _("Chicago")),
    ("America/Los_Angeles", _("San Francisco / Los Angeles")),
    ("Australia/Sydney", _("Sydney")),
    ("UTC", _("UTC")),
)


def zone_choices(current: str = "") -> list[tuple[str, str]]:
    """The common zones labelled by city and UTC offset (plus the event's own, if it is another)."""
    names = [name for name, _label in COMMON_ZONES]
    labels = dict(COMMON_ZONES)
    if current and current not in labels and current in available_timezones():
        names.append(current)
    now = datetime.now(UTC)
    choices = []
    for name in names:
        offset = now.astimezone(_zone(name)).strftime("%z")
        choices.append((name, f"{labels.get(name, name)} (UTC{offset[:3]}:{offset[3:]})"))
    return choices


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def zone_of_name(name: str) -> tzinfo:
    return _zone(name)


def zone_of(event: Event | Any) -> tzinfo:
    name = getattr(event, "time_zone", "") or default_time_zone()
    try:
        return _zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return _zone(default_time_zone())


def now() -> datetime:
    """The current time; the one seam tests move to put "today" on an event's day."""
    return timezone.now()


def today(event: Event | Any) -> date:
    """Today's date at the event (its time zone), whatever the server's zone."""
    return local(now(), event).date()


def event_start(event: Event | Any) -> datetime:
    """When the event begins: its first slot, else the start of its day at the event."""
    first = min((slot.start for slot in event.slots.all()), default=None)
    return first if first is not None else aware(datetime.combine(event.date, time.min), event)


def checkin_open(event: Event | Any) -> bool:
    """Check-in happens at the reception desk, on the event's own day."""
    return today(event) == event.date


def feedback_open(event: Event | Any) -> bool:
    """Meetings are rated once the event has begun, not from the agenda mail weeks ahead."""
    return now() >= event_start(event)


def local(value: datetime, event: Event | Any) -> datetime:
    """`value` as wall-clock time at the event."""
    if timezone.is_naive(value):
        return value
    return value.astimezone(zone_of(event))


def aware(value: datetime, event: Event | Any) -> datetime:
    """Naive input means wall-clock time at the event; aware input is kept."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, zone_of(event))
    return value


def hm(value: datetime | None, event: Event | Any) -> str:
    return "" if value is None else f"{local(value, event):%H:%M}"


def span(start: datetime, end: datetime, event: Event | Any) -> str:
    return f"{hm(start, event)}–{hm(end, event)}"


def stamp(value: datetime | None, event: Event | Any) -> str:
    """Date and time at the event, for deadlines and check-ins."""
    return "" if value is None else f"{local(value, event):%Y-%m-%d %H:%M}"


def iso_minutes(value: datetime, event: Event | Any) -> str:
    """The engine document's local ISO time (no offset: the document is in the event's zone)."""
    return f"{local(value, event):%Y-%m-%dT%H:%M}"


def slot_label(slot: Slot, event: Event | Any | None = None) -> str:
    """A slot as people name it: its time at the event (the code is for files, not for reading)."""
    return span(slot.start, slot.end, event or slot.event)
