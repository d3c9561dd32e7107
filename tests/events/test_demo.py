"""The demo's finished event carries follow-up data: ratings and mutual-interest leads."""

import pytest

from kyoso.accounts.demo_data import load_demo
from kyoso.events import selectors
from kyoso.events.models import Event, EventStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_past_event_has_leads():
    load_demo()
    event = Event.objects.filter(status=EventStatus.CLOSED).exclude(current_run=None).first()
    assert event is not None
    report = selectors.conversion_report(event.current_run)
    assert 0 < report.leads < report.meetings


def test_demo_upcoming_event_has_a_few_hundred_participants_and_a_published_schedule():
    load_demo()
    event = Event.objects.get(name="オープンイノベーション商談会 2027 春")
    assert event.is_published and event.participants.count() >= 300
    run = event.current_run
    assert run.meetings.count() > 200 and run.upper_bound and run.objective / run.upper_bound > 0.97
