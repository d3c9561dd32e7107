"""Limits on mail to typed-in addresses (attack report #6): the public registration form per visitor
address and per event, organisers' participant-page invitations per workspace and hour."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kyoso.events import portal
from kyoso.events.models import EventStatus, Participant, ParticipantInvitation
from kyoso.outbox.models import OutboxMessage
from tests.api.helpers import bearer, make_token

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_event(workspace, owner):
    event = make_event(workspace, owner, corporates=1, startups=0, requests=0)
    event.status = EventStatus.REGISTRATION
    event.save(update_fields=["status"])
    return event


def _form(i: int) -> dict[str, str]:
    return {
        "name": f"Startup {i}",
        "contact_name": "担当",
        "email": f"s{i}@example.org",
        "profile": "ロボット",
        "application": "PoC",
    }


def test_registrations_from_one_address_stop_at_the_hourly_limit(client, open_event, settings):
    settings.KYOSO_REGISTRATIONS_PER_IP_PER_HOUR = 3
    url = reverse("events:public_register", args=[open_event.public_key])
    for i in range(3):
        assert client.post(url, _form(i), REMOTE_ADDR="203.0.113.5").status_code == 200
    client.cookies["kyoso_language"] = "en"
    refused = client.post(url, _form(3), REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert "Too many registrations from your network" in refused.content.decode()
    assert not Participant.objects.filter(email="s3@example.org").exists()
    # another visitor is not held back by the first one's registrations
    assert client.post(url, _form(4), REMOTE_ADDR="198.51.100.7").status_code == 200
    assert OutboxMessage.objects.filter(kind="portal_invitation").count() == 4


def test_registrations_for_one_event_stop_at_its_limit_from_any_address(client, open_event, settings):
    settings.KYOSO_REGISTRATIONS_PER_EVENT_PER_HOUR = 2
    url = reverse("events:public_register", args=[open_event.public_key])
    for i in range(2):
        assert client.post(url, _form(i), REMOTE_ADDR=f"203.0.113.{i + 1}").status_code == 200
    refused = client.post(url, _form(2), REMOTE_ADDR="203.0.113.99")
    assert refused.status_code == 429
    assert "このイベントへの登録が多すぎます" in refused.content.decode()  # the visitor's language (ja)
    assert open_event.participants.filter(self_registered=True).count() == 2


def test_a_refused_registration_does_not_count(client, open_event, settings):
    settings.KYOSO_REGISTRATIONS_PER_IP_PER_HOUR = 1
    url = reverse("events:public_register", args=[open_event.public_key])
    existing = open_event.participants.get()
    # the same address twice: the service refuses, nothing mailed, the allowance is untouched
    assert client.post(url, {**_form(0), "email": existing.email}).status_code == 400
    assert client.post(url, _form(1)).status_code == 200
    assert client.post(url, _form(2)).status_code == 429


def test_zero_turns_the_registration_limit_off(client, open_event, settings):
    settings.KYOSO_REGISTRATIONS_PER_IP_PER_HOUR = 0
    settings.KYOSO_REGISTRATIONS_PER_EVENT_PER_HOUR = 0
    url = reverse("events:public_register", args=[open_event.public_key])
    for i in range(12):
        assert client.post(url, _form(i)).status_code == 200


def _participants(event, n):
    return [
        Participant.objects.create(
            event=event, side="startup", code=f"x{i}", name=f"P{i}", email=f"p{i}@example.org"
        )
        for i in range(n)
    ]


def test_participant_invitations_are_capped_per_workspace_on_the_page_and_the_api(
    workspace, owner, login, settings
):
    settings.KYOSO_PARTICIPANT_INVITATIONS_PER_HOUR = 2
    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    people = _participants(event, 4)
    client = login(owner)
    for p in people[:2]:
        client.post(reverse("events:portal_invite", args=[event.pk, p.pk]))
    assert ParticipantInvitation.objects.count() == 2
    page = client.post(reverse("events:portal_invite", args=[event.pk, people[2].pk]), follow=True)
    assert "2件" in page.content.decode() and ParticipantInvitation.objects.count() == 2
    _, raw = make_token(owner, scopes=["events:write"])
    response = client.post(
        f"/api/v1/events/{event.pk}/participants/{people[3].code}/invite", **bearer(raw, workspace.slug)
    )
    assert response.status_code == 429, response.content
    body = response.json()
    assert body["limit"] == {
        "setting": "KYOSO_PARTICIPANT_INVITATIONS_PER_HOUR",
        "max": 2,
        "per_seconds": 3600,
    }
    assert 0 < int(response["Retry-After"]) <= 3601 and body["detail"]
    assert ParticipantInvitation.objects.count() == 2
    # an hour later the allowance is back
    ParticipantInvitation.objects.update(created_at=timezone.now() - timedelta(hours=1, seconds=1))
    assert portal.invite_participant(participant=people[3], by=owner).pk


def test_registration_confirmations_do_not_use_the_organisers_allowance(client, open_event, owner, settings):
    settings.KYOSO_PARTICIPANT_INVITATIONS_PER_HOUR = 1
    url = reverse("events:public_register", args=[open_event.public_key])
    for i in range(3):
        assert client.post(url, _form(i)).status_code == 200
    organiser_invites = portal.invite_participant(
        participant=open_event.participants.get(side="corporate"), by=owner
    )
    assert organiser_invites.invited_by == owner
