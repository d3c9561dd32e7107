"""Calendar files define the time zone their times are in (RFC 5545 3.6.5: a VTIMEZONE per TZID),
so Outlook and others place the meetings at the venue's wall-clock time."""

from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from kyoso.events.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "Europe/Berlin", "America/New_York"])
def test_every_tzid_has_its_vtimezone_and_the_times_read_back_exactly(published, owner, login, zone):
    published.time_zone = zone
    published.save(update_fields=["time_zone"])
    meeting = Meeting.objects.filter(run=published.current_run).select_related("request", "slot").first()
    corp = meeting.request.corporate
    body = login(owner).get(reverse("events:agenda_ics", args=[published.pk, corp.pk])).content
    text = body.decode()
    assert text.count("BEGIN:VTIMEZONE") == 1 and f"TZID:{zone}" in text
    assert text.index("END:VTIMEZONE") < text.index("BEGIN:VEVENT")  # defined before it is used

    calendar = Calendar.from_ical(body)
    (vtimezone,) = [c for c in calendar.walk() if c.name == "VTIMEZONE"]
    assert str(vtimezone["tzid"]) == zone
    assert [c for c in vtimezone.subcomponents if c.name in {"STANDARD", "DAYLIGHT"}]
    # A reader that knows nothing but this file: the file's own zone definition gives the instant.
    own_zone = vtimezone.to_tz()
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert events
    starts = set()
    for item in events:
        assert item["dtstart"].params["TZID"] == zone
        local = item["dtstart"].dt.replace(tzinfo=None)
        starts.add(local.replace(tzinfo=own_zone).timestamp())
    assert meeting.slot.start.timestamp() in starts


def test_public_agenda_calendar_has_the_time_zone_too(published, client):
    p = published.participants.get(code="c001")
    text = client.get(reverse("events:public_agenda_ics", args=[p.token])).content.decode()
    assert "BEGIN:VTIMEZONE" in text and "TZID:Asia/Tokyo" in text
