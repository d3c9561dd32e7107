"""Erasing a person (APPI): afterwards no page, download, API answer or search shows their name or e-mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kyoso.accounts import services as account_services
from kyoso.accounts.demo_data import load_demo
from kyoso.accounts.models import AuditEvent, User
from kyoso.accounts.scoping import scoped_models
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD
from kyoso.events import services as event_services
from kyoso.events.models import Event, Participant, ScheduleRun
from kyoso.partners.models import Need, Organisation
from kyoso.projects.models import LogEntry, Project
from tests.privacy_crawl import crawl_pages, find_everywhere, search_everywhere

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _owner_client() -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": DEMO_OWNER_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def _api_values() -> dict[str, list[Any]]:
    return {
        "event_id": list(Event.objects.values_list("pk", flat=True)),
        "project_id": list(Project.objects.values_list("pk", flat=True)),
        "organisation_id": list(Organisation.objects.values_list("pk", flat=True)),
        "need_id": list(Need.objects.values_list("pk", flat=True)),
        "participant_id": list(Participant.objects.values_list("pk", flat=True)),
        "run_id": list(ScheduleRun.objects.values_list("pk", flat=True)),
        "code": list(Participant.objects.values_list("code", flat=True)),
        "fmt": ["csv", "json", "xlsx"],
    }


def _audit_text() -> str:
    return "\n".join(
        f"{e.user_email} {e.ip_address} {e.object_repr} {e.changes}" for e in AuditEvent.objects.all()
    )


@pytest.mark.parametrize(
    ("email", "name", "seen_at"),
    [
        ("suzuki@kyoso.example", "鈴木 一郎", "/accounts/workspace/members/"),
        # the demo's partner (startup) user, seen by the owner in a shared project's people
        ("partner@kyoso.example", "佐藤 翔", None),
    ],
)
def test_an_erased_user_appears_nowhere_and_what_they_wrote_stays_under_a_pseudonym(
    email: str, name: str, seen_at: str | None
) -> None:
    demo = load_demo()
    user = User.objects.get(email=email)
    authored = LogEntry.objects.filter(author=user).count()
    client = _owner_client()
    if seen_at:
        before = client.get(seen_at).content.decode()
        assert email in before and name in before  # the crawl could find them

    label = account_services.erase_user(by=user, user=user)

    assert label.startswith("削除済みユーザー #")
    user.refresh_from_db()
    assert user.is_erased and not user.is_active and not user.has_usable_password()
    assert LogEntry.objects.filter(author=user).count() == authored
    found = find_everywhere(client, [email, name], _api_values())
    assert not found, found
    assert email not in _audit_text() and name not in _audit_text()
    erasure = AuditEvent.objects.filter(model="accounts.User", object_id=str(user.pk)).latest("at")
    assert erasure.workspace is None and email not in str(erasure.changes)
    assert demo.workspace.pk  # the workspace stays


def test_an_erased_participant_appears_nowhere_but_its_meetings_stay() -> None:
    load_demo()
    event = Event.objects.exclude(current_run=None).first()
    candidates = Participant.objects.filter(event=event).exclude(contact_name="").exclude(email="")
    contacts = list(Participant.objects.values_list("contact_name", flat=True))
    # a contact name that is no part of another one ("担当1" is part of "担当12")
    participant = next(p for p in candidates if sum(p.contact_name in other for other in contacts) == 1)
    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    client = _owner_client()
    page = client.get(f"/events/{event.pk}/participants/{participant.pk}/").content.decode()
    assert participant.contact_name in page and participant.email in page
    email, contact, name = participant.email, participant.contact_name, participant.name
    requests = participant.startup_requests.count() + participant.corporate_requests.count()

    label = event_services.erase_participant(by=owner, participant=participant)

    participant.refresh_from_db()
    assert participant.name == label and participant.contact_name == "" and participant.email == ""
    assert participant.startup_requests.count() + participant.corporate_requests.count() == requests
    needles = [email, contact]
    # an organisation name may also be in the partner directory; the participant's own entry is gone
    found = find_everywhere(client, needles, _api_values())
    assert not found, found
    assert not Participant.objects.filter(name=name, pk=participant.pk).exists()
    assert email not in _audit_text() and contact not in _audit_text()


def test_an_erased_workspace_leaves_nothing_scoped_to_it() -> None:
    demo = load_demo()
    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    organisation = Organisation.objects.filter(workspace=demo.workspace).order_by("pk").first()
    client = _owner_client()
    before: dict[str, list[str]] = {}
    search_everywhere(client, [organisation.name], before)
    assert before, "the search finds the organisation before the erasure"

    pk, name = demo.workspace.pk, demo.workspace.name
    account_services.erase_workspace(by=owner, workspace=demo.workspace, confirm_name=name)

    for model in scoped_models():
        path = model.scope.workspace
        if path:
            assert not model._default_manager.filter(**{path: pk}).exists(), model
    assert Participant.objects.count() == 0 and Project.objects.count() == 0
    owner.refresh_from_db()
    assert owner.is_active  # the accounts stay
    found: dict[str, list[str]] = {}
    crawl_pages(client, [organisation.name, name], found)
    search_everywhere(client, [organisation.name], found)
    assert not found, found
    erasure = AuditEvent.objects.get(model="accounts.Workspace", object_id=str(pk))
    assert erasure.workspace is None and name not in erasure.object_repr
