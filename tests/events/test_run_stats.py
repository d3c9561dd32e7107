"""A finished run stores its summaries; the result page reads them and has one cancel form."""

import pytest
from django.urls import reverse

from kyoso.events import selectors, services
from kyoso.events.models import MeetingRequest, ScheduleRun

from .factories import make_event

pytestmark = pytest.mark.django_db


def test_stats_are_stored_with_the_run_and_match_a_fresh_count(workspace, owner, login):
    event = make_event(workspace, owner)
    run = services.start_schedule(event=event, by=owner, time_limit=1)
    run = ScheduleRun.objects.get(pk=run.pk)
    fresh = selectors.compute_run_stats(run)
    assert run.stats["meetings"] == fresh["meetings"] == run.meetings.count() > 0
    assert run.stats["histogram"] == fresh["histogram"]
    assert sum(n for _, n in run.stats["histogram"]) == event.participants.filter(withdrawn=False).count()
    assert selectors.run_stats(run)["per_slot"] == fresh["per_slot"]
    # runs stored before the summaries existed are counted on the fly
    ScheduleRun.objects.filter(pk=run.pk).update(stats={})
    run.refresh_from_db()
    assert selectors.run_stats(run)["meetings"] == fresh["meetings"]


def test_grid_has_one_cancel_form_whose_buttons_name_their_meeting(workspace, owner, login):
    event = make_event(workspace, owner)
    run = services.start_schedule(event=event, by=owner, time_limit=1)
    services.publish_run(run=run, by=owner, notify=False)
    client = login(owner)
    page = client.get(reverse("events:run", args=[event.pk, run.pk])).content.decode()
    assert page.count('id="cancel-meeting"') == 1 and page.count("csrfmiddlewaretoken") <= 3
    meeting = run.meetings.first()
    assert f'form="cancel-meeting" name="meeting" value="{meeting.pk}"' in page
    client.post(
        reverse("events:change", args=[event.pk]), {"change": "cancel_meeting", "meeting": meeting.pk}
    )
    assert MeetingRequest.objects.get(pk=meeting.request_id).cancelled
