"""Per-participant agendas as iCalendar (RFC 5545) files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from kyoso.events import clock
from kyoso.events.models import Event, Meeting, Participant


def agenda_calendar(event: Event, participant: Participant, meetings: Sequence[Meeting]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Kyoso//Matchmaking events//JA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{event.name} — {participant.name}")
    for m in meetings:
        other = m.request.startup if m.request.corporate_id == participant.pk else m.request.corporate
        item = VEvent()
        item.add("uid", f"kyoso-event-{event.pk}-request-{m.request_id}@kyoso")
        item.add("dtstamp", timezone.now())
        # times carry the event's zone (TZID), so a calendar shows them at the venue's wall-clock time
        item.add("dtstart", clock.local(m.slot.start, event))
        item.add("dtend", clock.local(m.slot.end, event))
        item.add("summary", _("Meeting with %(name)s") % {"name": other.name})
        item.add(
            "location",
            _("%(venue)s, table %(table)s") % {"venue": event.venue or event.name, "table": m.table},
        )
        item.add("description", f"{event.name}\n{other.needs or other.application}".strip())
        cal.add_component(item)
    # RFC 5545 3.6.5: every TZID used needs its VTIMEZONE definition in the file; without it
    # Outlook imports the meetings at the wrong time (or not at all). Built from the zoneinfo
    # database around the event's year: small for zones with daylight saving time, and right for
    # events after 2038 (the library's default range ends there).
    cal.add_missing_timezones(
        first_date=dt.date(event.date.year - 1, 1, 1), last_date=dt.date(event.date.year + 2, 1, 1)
    )
    return cal.to_ical()
