"""Follow-up by both sides: rating 1–5 and next-step wish; a mutual yes is a lead."""

import pytest
from django.urls import reverse
from django.utils import translation

from kyoso.accounts.change_text import change_summary
from kyoso.events import selectors, services
from kyoso.events.models import Meeting

pytestmark = pytest.mark.django_db


def _meeting(event):
    return Meeting.objects.filter(run=event.current_run).select_related("request").first()


def test_organiser_enters_both_sides_and_a_mutual_yes_is_a_lead(published, member, login):
    client = login(member)
    m = _meeting(published)
    url = reverse("events:feedback", args=[published.pk, m.pk])
    r = client.post(url, {"side": "corporate", "rating": "4", "next_step": "yes"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    m.refresh_from_db()
    assert m.corporate_rating == 4 and m.corporate_next_step is True and not m.is_lead
    client.post(url, {"side": "startup", "rating": "5", "next_step": "yes"}, HTTP_HX_REQUEST="true")
    m.refresh_from_db()
    assert m.is_lead
    report = selectors.conversion_report(published.current_run)
    assert report.leads == 1 and report.leads_converted == 0
    page = client.get(reverse("events:followup", args=[published.pk])).content.decode()
    assert m.request.startup.name in page and reverse("events:convert", args=[published.pk, m.pk]) in page
    page = client.get(reverse("events:followup", args=[published.pk]) + "?leads=1").content.decode()
    assert f'id="meeting-{m.pk}"' in page


def test_bad_rating_is_refused_and_nothing_changes(published, owner, login):
    m = _meeting(published)
    url = reverse("events:feedback", args=[published.pk, m.pk])
    r = login(owner).post(
        url, {"side": "corporate", "rating": "9", "next_step": "yes"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 400
    m.refresh_from_db()
    assert m.corporate_rating is None and m.corporate_next_step is None
    with pytest.raises(services.DomainError):
        services.record_feedback(meeting=m, side="startup", rating=0, next_step=None, by=None)


def test_viewer_cannot_and_outsider_gets_404(published, viewer, outsider, login):
    m = _meeting(published)
    url = reverse("events:feedback", args=[published.pk, m.pk])
    assert login(viewer).post(url, {"side": "corporate", "rating": "3"}).status_code == 403
    assert login(outsider).post(url, {"side": "corporate", "rating": "3"}).status_code == 404
    m.refresh_from_db()
    assert m.corporate_rating is None


def test_participant_rates_own_meeting_through_private_link(client, published):
    m = _meeting(published)
    startup = m.request.startup
    page = client.get(reverse("events:public_agenda", args=[startup.token])).content.decode()
    assert reverse("events:public_feedback", args=[startup.token, m.pk]) in page
    r = client.post(
        reverse("events:public_feedback", args=[startup.token, m.pk]), {"rating": "2", "next_step": "no"}
    )
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.startup_rating == 2 and m.startup_next_step is False and m.corporate_rating is None


def test_participant_cannot_rate_someone_elses_meeting(client, published):
    m = _meeting(published)
    other = next(
        p for p in published.participants.all() if p.pk not in (m.request.corporate_id, m.request.startup_id)
    )
    r = client.post(reverse("events:public_feedback", args=[other.token, m.pk]), {"rating": "5"})
    assert r.status_code == 404
    r = client.post(reverse("events:public_feedback", args=["nope", m.pk]), {"rating": "5"})
    assert r.status_code == 404
    m.refresh_from_db()
    assert m.corporate_rating is None and m.startup_rating is None


def test_private_agenda_link_is_shown_only_to_roles_that_may_write(published, owner, member, viewer, login):
    """The link lets its holder rate meetings as the participant (attack report #12)."""
    m = _meeting(published)
    startup = m.request.startup
    url = reverse("events:agenda", args=[published.pk, startup.pk])
    private = reverse("events:public_agenda", args=[startup.token])
    viewer_page = login(viewer).get(url)
    assert viewer_page.status_code == 200
    assert startup.token not in viewer_page.content.decode()
    for user in (member, owner):
        assert private in login(user).get(url).content.decode()


def test_feedback_through_the_private_link_is_audited_as_that_participant(client, published):
    from kyoso.accounts.models import AuditEvent

    m = _meeting(published)
    startup = m.request.startup
    client.post(
        reverse("events:public_feedback", args=[startup.token, m.pk]),
        {"rating": "4", "next_step": "yes"},
        REMOTE_ADDR="203.0.113.20",
    )
    entry = AuditEvent.objects.filter(model="events.Meeting", object_id=str(m.pk)).latest("at")
    assert entry.user is None and entry.workspace == published.workspace
    assert entry.changes["via"] == "private_agenda_link"
    assert entry.changes["participant"] == f"{startup.name} ({startup.code})"
    assert entry.changes["startup_feedback"][1] == [4, True]
    with translation.override("en"):
        text = change_summary(entry)
    assert f"Participant: {startup.name} ({startup.code})" in text
    assert "Via: the participant's private agenda link" in text
