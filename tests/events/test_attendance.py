"""On the day: check-in, no-show, and re-solving a no-show's meetings through the reschedule flow."""

import pytest
from django.urls import reverse

from kyoso.events import services
from kyoso.events.models import Participant, RunKind, ScheduleRun

# Check-in is open on the event day only (tests/events/test_event_day_rules.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_event_day")]


def _url(event, p):
    return reverse("events:attendance", args=[event.pk, p.pk])


def test_member_checks_in_and_marks_no_show_with_htmx(published, member, login):
    client = login(member)
    p = published.participants.get(code="u001")
    r = client.post(_url(published, p), {"state": "checked_in"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'id="attendance-' in r.content.decode()
    p.refresh_from_db()
    assert p.checked_in_at is not None and not p.no_show
    r = client.post(_url(published, p), {"state": "no_show"}, HTTP_HX_REQUEST="true")
    p.refresh_from_db()
    assert p.no_show and p.checked_in_at is None
    assert reverse("events:change", args=[published.pk]) in r.content.decode()
    client.post(_url(published, p), {"state": ""}, HTTP_HX_REQUEST="true")
    p.refresh_from_db()
    assert not p.no_show and p.checked_in_at is None


def test_bad_state_is_refused(published, owner, login):
    p = published.participants.first()
    r = login(owner).post(_url(published, p), {"state": "maybe"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 400
    p.refresh_from_db()
    assert p.checked_in_at is None and not p.no_show


def test_viewer_cannot_and_outsider_gets_404(published, viewer, outsider, login):
    p = published.participants.first()
    assert login(viewer).post(_url(published, p), {"state": "checked_in"}).status_code == 403
    assert login(outsider).post(_url(published, p), {"state": "checked_in"}).status_code == 404
    p.refresh_from_db()
    assert p.checked_in_at is None


def test_participants_tab_shows_toggles(published, owner, login):
    page = login(owner).get(reverse("events:participants", args=[published.pk])).content.decode()
    assert "hx-post" in page and "attendance" in page


def test_no_show_is_resolved_through_the_reschedule_flow(published, owner, login):
    client = login(owner)
    run = published.current_run
    p = next(
        x
        for x in published.participants.all()
        if run.meetings.filter(request__startup=x).exists()
        or run.meetings.filter(request__corporate=x).exists()
    )
    client.post(_url(published, p), {"state": "no_show"})
    r = client.post(
        reverse("events:change", args=[published.pk]), {"change": "withdraw", "participant": p.pk}
    )
    assert r.status_code == 302
    new = ScheduleRun.objects.filter(event=published).order_by("-pk").first()
    assert new.kind == RunKind.RESCHEDULE and new.pk != run.pk
    p = Participant.objects.get(pk=p.pk)
    assert p.withdrawn and p.no_show
    new = services.execute_run(new.pk)
    assert new.status == "done"
    assert not new.meetings.filter(request__corporate=p).exists()
    assert not new.meetings.filter(request__startup=p).exists()
