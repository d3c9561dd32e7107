"""The menu of someone without a workspace lists every page they may use, and only those."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kyoso.core.navigation import nav_entries
from kyoso.events.models import Event, EventStatus, Participant
from kyoso.projects import services as project_services
from tests.conftest import make_user
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def _paths(user) -> set[str]:
    return {entry["url"] for entry in nav_entries("/", partner_only=True, user=user)}


def test_a_partner_user_who_is_also_an_event_participant_sees_all_their_pages(workspace, owner) -> None:
    partner = make_user("cto@startup.example")
    project = project_services.create_project(
        workspace=workspace, by=owner, title="外観検査PoC", partner_name="ビジョンテック"
    )
    project_services.grant_partner_access(project=project, user=partner, by=owner)
    event = make_event(workspace, owner, requests=0)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.REGISTRATION)
    startup = event.participants.filter(side="startup").first()
    Participant.objects.filter(pk=startup.pk).update(account=partner)
    paths = _paths(partner)
    assert {
        reverse("projects:partner_home"),
        reverse("alignment:index"),
        reverse("knowledge:partner_home"),
        reverse("events:portal"),
        reverse("accounts:inbox"),
    } <= paths
    # nothing of a workspace's own pages
    assert reverse("projects:list") not in paths and reverse("knowledge:library") not in paths


def test_a_participant_without_a_shared_space_sees_no_shared_space_pages(workspace, owner) -> None:
    attendee = make_user("attendee@startup.example")
    event = make_event(workspace, owner, requests=0)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.REGISTRATION)
    Participant.objects.filter(pk=event.participants.first().pk).update(account=attendee)
    paths = _paths(attendee)
    assert reverse("events:portal") in paths and reverse("accounts:inbox") in paths
    assert reverse("projects:partner_home") not in paths
    assert reverse("knowledge:partner_home") not in paths


def test_members_see_the_library_not_the_partner_retrospectives(owner) -> None:
    paths = {entry["url"] for entry in nav_entries("/", partner_only=False, user=owner)}
    assert reverse("knowledge:library") in paths
    assert reverse("knowledge:partner_home") not in paths
