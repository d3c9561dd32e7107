"""The main menu lists exactly the pages each audience may use.

Every link in the menu answers 200 for the user who sees it, and every menu page that answers 200
for a user is in that user's menu (the invitations inbox shows for workspace members only while
invitations wait, so it is checked with one waiting).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kyoso.accounts.models import Invitation, Role
from kyoso.core.navigation import registry
from kyoso.events.models import Event, EventStatus, Participant
from kyoso.projects import services as project_services
from tests.conftest import make_user
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def _menu(client: Client) -> list[str]:
    response = client.get("/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    nav = re.search(r'<nav class="mainnav".*?</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)"', nav.group(0)) if nav else []


def _all_menu_urls() -> set[str]:
    return {reverse(item.url_name) for item in registry.nav}


def _check(client: Client, *, shown_while_waiting: frozenset[str] = frozenset()) -> list[str]:
    menu = _menu(client)
    assert menu, "no menu"
    for url in menu:
        assert client.get(url).status_code == 200, f"{url} is in the menu but does not open"
    for url in _all_menu_urls() - set(menu) - shown_while_waiting:
        status = client.get(url).status_code
        assert status != 200, f"{url} opens ({status}) but is missing from the menu"
    return menu


@pytest.fixture
def participant_user(workspace, owner):
    """A startup's account on one event only: no workspace, no shared space."""
    event = make_event(workspace, owner, requests=4)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.REGISTRATION)
    participant = Participant.objects.filter(event=event, side="startup").first()
    user = make_user("participant@startup.example", "参加者")
    participant.account = user
    participant.save(update_fields=["account"])
    return user


@pytest.fixture
def partner_user(workspace, owner):
    project = project_services.create_project(
        workspace=workspace, by=owner, title="共同実証", partner_name="ビジョンテック", stage="poc"
    )
    user = make_user("founder@startup.example", "創業者")
    project_services.grant_partner_access(
        project=project, user=user, by=owner, organisation_name="ビジョンテック"
    )
    return user


@pytest.mark.parametrize("role", ["owner", "member", "viewer"])
def test_workspace_team_menu(request, login, workspace, role):
    user = request.getfixturevalue(role)
    menu = _check(login(user), shown_while_waiting=frozenset({reverse("accounts:inbox")}))
    assert reverse("projects:list") in menu and reverse("events:portal") not in menu
    assert reverse("projects:partner_home") not in menu


def test_workspace_member_sees_the_inbox_while_an_invitation_waits(login, owner, other_workspace):
    Invitation.objects.create(
        workspace=other_workspace,
        email=owner.email,
        role=Role.MEMBER,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    menu = _check(login(owner))
    assert reverse("accounts:inbox") in menu


def test_partner_user_menu(login, partner_user):
    menu = _check(login(partner_user))
    assert reverse("projects:partner_home") in menu and reverse("alignment:index") in menu
    assert reverse("projects:list") not in menu and reverse("events:portal") not in menu


def test_event_participant_menu(login, participant_user):
    menu = _check(login(participant_user))
    assert reverse("events:portal") in menu
    assert reverse("alignment:index") not in menu and reverse("projects:partner_home") not in menu
