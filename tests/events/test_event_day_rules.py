"""Check-in only on the event's day and ratings only once it has begun, in the event's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from kyoso.core.errors import DomainError
from kyoso.events import services
from kyoso.events.models import Meeting

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


def _meeting(event):
    return Meeting.objects.filter(run=event.current_run).select_related("run__event").first()


def test_check_in_weeks_ahead_is_refused_with_the_event_day_named(published, owner, at_time):
    at_time(datetime(2026, 11, 10, 12, 0, tzinfo=TOKYO))
    p = published.participants.get(code="c001")
    with pytest.raises(DomainError) as refused:
        services.set_attendance(participant=p, state="checked_in", by=owner)
    assert "2026-12-01" in refused.value.message and "2026-11-10" in refused.value.message
    with pytest.raises(DomainError):
        services.set_attendance(participant=p, state="no_show", by=owner)
    p.refresh_from_db()
    assert p.checked_in_at is None and not p.no_show


def test_the_day_is_the_events_day_in_its_time_zone(published, owner, at_time):
    p = published.participants.get(code="c001")
    # 15:30 UTC on 30 November is already 00:30 on 1 December in Tokyo: the event's day.
    at_time(datetime(2026, 11, 30, 15, 30, tzinfo=UTC))
    services.set_attendance(participant=p, state="checked_in", by=owner)
    p.refresh_from_db()
    assert p.checked_in_at is not None
    services.set_attendance(participant=p, state="", by=owner)
    # 15:30 UTC on 1 December is 2 December in Tokyo: over.
    at_time(datetime(2026, 12, 1, 15, 30, tzinfo=UTC))
    with pytest.raises(DomainError):
        services.set_attendance(participant=p, state="checked_in", by=owner)
    services.set_attendance(participant=p, state="no_show", by=owner)  # no-shows are marked afterwards
    p.refresh_from_db()
    assert p.no_show


def test_participants_page_says_when_check_in_opens(published, member, login, at_time):
    at_time(datetime(2026, 11, 10, 12, 0, tzinfo=TOKYO))
    client = login(member)
    html = client.get(reverse("events:participants", args=[published.pk])).content.decode()
    assert 'value="checked_in"' not in html and "2026-12-01" in html
    p = published.participants.get(code="c001")
    r = client.post(
        reverse("events:attendance", args=[published.pk, p.pk]),
        {"state": "checked_in"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 400 and "2026-12-01" in r.content.decode()
    at_time(datetime(2026, 12, 1, 9, 0, tzinfo=TOKYO))
    html = client.get(reverse("events:participants", args=[published.pk])).content.decode()
    assert 'value="checked_in"' in html


def test_rating_before_the_event_starts_is_refused(published, at_time):
    m = _meeting(published)
    at_time(datetime(2026, 12, 1, 9, 59, tzinfo=TOKYO))  # the first slot starts at 10:00
    with pytest.raises(DomainError) as refused:
        services.record_feedback(meeting=m, side="corporate", rating=5, next_step=True, by=None)
    assert "2026-12-01 10:00" in refused.value.message
    at_time(datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO))
    services.record_feedback(meeting=m, side="corporate", rating=5, next_step=True, by=None)
    m.refresh_from_db()
    assert m.corporate_rating == 5


def test_public_agenda_offers_ratings_only_once_the_event_started(published, client, at_time):
    p = published.participants.get(code="c001")
    url = reverse("events:public_agenda", args=[p.token])
    at_time(datetime(2026, 11, 10, 12, 0, tzinfo=TOKYO))
    html = client.get(url).content.decode()
    assert 'name="rating"' not in html and "2026-12-01 10:00" in html
    m = Meeting.objects.filter(run=published.current_run, request__corporate=p).first()
    client.post(reverse("events:public_feedback", args=[p.token, m.pk]), {"rating": "4", "next_step": "yes"})
    m.refresh_from_db()
    assert m.corporate_rating is None
    at_time(datetime(2026, 12, 1, 10, 30, tzinfo=TOKYO))
    assert 'name="rating"' in client.get(url).content.decode()
