"""Invitation links are bound to the invited address: holding the link is not enough.

Workspace, shared-space (partner) and event participant invitations, all through their web pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kyoso.accounts import services as account_services
from kyoso.accounts.models import Membership, Role, User
from kyoso.events import portal
from kyoso.events.models import EventStatus, Participant
from kyoso.projects import services as project_services
from kyoso.projects.models import PartnerAccess
from tests.conftest import join_by_invitation, make_user
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-passphrase-42"


@dataclass
class Link:
    path: str
    email: str
    granted: Callable[[User], bool]


def _workspace_link(workspace, owner, capture) -> Link:
    invitation, link = account_services.invite_member(
        workspace=workspace, email="Invitee@Example.com", role=Role.VIEWER, by=owner
    )
    return Link(
        urlsplit(link).path,
        invitation.email,
        lambda user: Membership.objects.filter(workspace=workspace, user=user).exists(),
    )


def _partner_link(workspace, owner, capture) -> Link:
    project = project_services.create_project(
        workspace=workspace, by=owner, title="外観検査PoC", partner_name="ビジョンテック"
    )
    invitation, link = project_services.invite_partner(
        project=project, email="invitee@startup.example", by=owner
    )
    return Link(
        urlsplit(link).path,
        invitation.email,
        lambda user: PartnerAccess.objects.filter(project=project, user=user).exists(),
    )


def _participant_link(workspace, owner, capture) -> Link:
    event = make_event(workspace, owner, requests=0)
    event.status = EventStatus.REGISTRATION
    event.save(update_fields=["status"])
    participant = Participant.objects.filter(event=event, side="startup").first()
    with capture(execute=True):
        portal.invite_participant(participant=participant, by=owner)
    body = mail.outbox[-1].body
    path = next(urlsplit(word).path for word in body.split() if "/events/join/" in word)
    return Link(
        path,
        participant.email,
        lambda user: Participant.objects.filter(pk=participant.pk, account=user).exists(),
    )


@pytest.fixture(params=["workspace", "partner", "participant"])
def link(request, workspace, owner, django_capture_on_commit_callbacks) -> Link:
    build = {"workspace": _workspace_link, "partner": _partner_link, "participant": _participant_link}
    return build[request.param](workspace, owner, django_capture_on_commit_callbacks)


def test_another_account_is_refused_with_a_page_naming_the_invited_address(link: Link, outsider, login):
    client = login(outsider)
    page = client.get(link.path)
    assert page.status_code == 403
    html = page.content.decode()
    assert link.email in html and outsider.email in html
    # the way on: a POST logout form that comes back to this link
    assert f'action="{reverse("account_logout")}"' in html
    assert f'name="next" value="{link.path}"' in html
    accepted = client.post(link.path, {})
    assert accepted.status_code == 403
    assert not link.granted(outsider)


def test_logging_out_from_the_refusal_page_returns_to_the_link(link: Link, outsider, login):
    client = login(outsider)
    response = client.post(reverse("account_logout"), {"next": link.path})
    assert response.status_code == 302 and response["Location"] == link.path
    assert client.get(link.path).status_code == 200


def test_the_refusal_page_is_in_english_too(link: Link, login):
    stranger = make_user("stranger@example.com", language="en")
    client = login(stranger)
    html = client.get(link.path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This invitation was sent to" in html or "This invitation is for another address" in html


def test_the_invited_account_accepts(link: Link, login):
    invitee = make_user(link.email)
    response = login(invitee).post(link.path, {})
    assert response.status_code == 302
    assert link.granted(invitee)


def test_the_address_is_compared_without_case(link: Link, login):
    # accounts are stored lower-case now; one stored before that (or typed by an admin) may not be
    invitee = make_user(link.email)
    local, domain = link.email.split("@")
    User.objects.filter(pk=invitee.pk).update(email=f" {local.upper()}@{domain.title()}")
    invitee.refresh_from_db()
    response = login(invitee).post(link.path, {})
    assert response.status_code == 302
    assert link.granted(invitee)


def test_a_new_account_gets_the_invited_address_whatever_is_posted(link: Link):
    client = Client()
    page = client.get(link.path).content.decode()
    assert link.email in page
    response = join_by_invitation(client, link.path, password=PASSWORD, email="attacker@evil.example")
    assert response.status_code == 302
    assert not User.objects.filter(email__iexact="attacker@evil.example").exists()
    invitee = User.objects.get(email__iexact=link.email)
    assert link.granted(invitee)
