"""The invitations list: an existing account sees, accepts and declines invitations sent to its address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kyoso.accounts import selectors
from kyoso.accounts import services as account_services
from kyoso.accounts.models import Invitation, Membership, Role
from kyoso.events import portal
from kyoso.events.models import EventStatus, Participant, ParticipantInvitation
from kyoso.projects import services as project_services
from kyoso.projects.models import PartnerAccess, PartnerInvitation
from tests.conftest import make_user
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

EMAIL = "founder@startup.example"


@pytest.fixture
def invitee():
    return make_user(EMAIL, name="創業者")


@pytest.fixture
def invitations(workspace, other_workspace, owner, django_capture_on_commit_callbacks):
    """One invitation of each kind for EMAIL (the workspace one with different capitals)."""
    ws, _ = account_services.invite_member(
        workspace=other_workspace, email="Founder@Startup.example", role=Role.MEMBER, by=owner
    )
    project = project_services.create_project(
        workspace=workspace, by=owner, title="外観検査PoC", partner_name="ビジョンテック"
    )
    shared, _ = project_services.invite_partner(project=project, email=EMAIL, by=owner)
    event = make_event(workspace, owner, requests=0)
    event.status = EventStatus.REGISTRATION
    event.save(update_fields=["status"])
    participant = Participant.objects.filter(event=event, side="startup").first()
    participant.email = EMAIL
    participant.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        participation = portal.invite_participant(participant=participant, by=owner)
    return {"workspace": ws, "shared-space": shared, "event": participation}


def test_the_list_shows_every_pending_invitation_for_the_account(login, invitee, invitations) -> None:
    html = login(invitee).get(reverse("accounts:inbox")).content.decode()
    assert other_name(invitations) in html
    assert "外観検査PoC" in html and "テスト商談会" in html
    assert html.count('action="/accounts/invitations/') == 6  # accept and decline for each


def other_name(invitations) -> str:
    return invitations["workspace"].workspace.name


def test_the_menu_counts_the_invitations_waiting(login, invitee, invitations) -> None:
    html = login(invitee).get(reverse("accounts:inbox")).content.decode()
    assert 'class="badge nav-badge">3' in html
    assert selectors.pending_invitation_count(invitee) == 3


def test_a_member_sees_the_entry_only_while_something_waits(login, owner) -> None:
    html = login(owner).get(reverse("core:dashboard")).content.decode()
    assert reverse("accounts:inbox") not in html
    Invitation.objects.create(
        workspace=Membership.objects.filter(user=owner).first().workspace,
        email=owner.email,
        token_hash="x" * 64,
        expires_at=timezone.now() + timedelta(days=1),
    )
    html = login(owner).get(reverse("core:dashboard")).content.decode()
    assert reverse("accounts:inbox") in html


@pytest.mark.parametrize("kind", ["workspace", "shared-space", "event"])
def test_accepting_from_the_list_grants_the_access(login, invitee, invitations, kind) -> None:
    invitation = invitations[kind]
    response = login(invitee).post(reverse("accounts:inbox_accept", args=[kind, invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    if kind == "workspace":
        assert Membership.objects.filter(workspace=invitation.workspace, user=invitee).exists()
        assert response["Location"] == reverse("core:dashboard")
    elif kind == "shared-space":
        assert PartnerAccess.objects.filter(project=invitation.project, user=invitee).exists()
        assert response["Location"] == reverse("projects:partner_project", args=[invitation.project_id])
    else:
        assert Participant.objects.get(pk=invitation.participant_id).account == invitee
    assert selectors.pending_invitation_count(invitee) == 2


@pytest.mark.parametrize("kind", ["workspace", "shared-space", "event"])
def test_declining_marks_it_declined_and_the_link_stops_working(login, invitee, invitations, kind) -> None:
    invitation = invitations[kind]
    client = login(invitee)
    response = client.post(reverse("accounts:inbox_decline", args=[kind, invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.declined_at is not None and invitation.accepted_at is None
    assert selectors.pending_invitation_count(invitee) == 2
    # neither accept nor decline works any more
    again = client.post(reverse("accounts:inbox_accept", args=[kind, invitation.pk]))
    assert again.status_code == 410
    assert invitation.__class__.objects.get(pk=invitation.pk).accepted_at is None


def test_declined_link_from_the_email_is_gone(client, invitee, invitations, login) -> None:
    _, link = account_services.invite_member(
        workspace=invitations["workspace"].workspace,
        email=EMAIL,
        role=Role.MEMBER,
        by=invitations["workspace"].invited_by,
    )
    newest = Invitation.objects.filter(email__iexact=EMAIL, revoked_at__isnull=True).get()
    login(invitee).post(reverse("accounts:inbox_decline", args=["workspace", newest.pk]))
    response = login(invitee).post(link.split("testserver", 1)[-1] if "testserver" in link else link)
    assert response.status_code == 410
    assert not Membership.objects.filter(user=invitee).exists()


@pytest.mark.parametrize("kind", ["workspace", "shared-space", "event"])
def test_an_outsider_cannot_see_accept_or_decline_someone_elses_invitation(
    login, outsider, invitee, invitations, kind
) -> None:
    invitation = invitations[kind]
    client = login(outsider)
    html = client.get(reverse("accounts:inbox")).content.decode()
    assert "外観検査PoC" not in html and "テスト商談会" not in html
    assert client.post(reverse("accounts:inbox_accept", args=[kind, invitation.pk])).status_code == 404
    assert client.post(reverse("accounts:inbox_decline", args=[kind, invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.declined_at is None
    assert not PartnerAccess.objects.filter(user=outsider).exists()
    assert not Participant.objects.filter(account=outsider).exists()


def test_expired_and_withdrawn_invitations_are_not_listed(login, invitee, invitations) -> None:
    PartnerInvitation.objects.filter(pk=invitations["shared-space"].pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    Participant.objects.filter(pk=invitations["event"].participant_id).update(withdrawn=True)
    rows = selectors.pending_invitations(invitee)
    assert [row["kind"].key for row in rows] == ["workspace"]
    expired = login(invitee).post(
        reverse("accounts:inbox_accept", args=["shared-space", invitations["shared-space"].pk])
    )
    assert expired.status_code == 410


def test_accept_needs_a_post_and_a_login(client, invitations) -> None:
    url = reverse("accounts:inbox_accept", args=["workspace", invitations["workspace"].pk])
    assert client.post(url).status_code == 302  # to the login page
    assert ParticipantInvitation.objects.filter(accepted_at__isnull=False).count() == 0


def test_the_list_in_english(login, invitee, invitations) -> None:
    invitee.language = "en"
    invitee.save(update_fields=["language"])
    html = login(invitee).get(reverse("accounts:inbox")).content.decode()
    assert "Shared project space" in html and "Accept" in html and "Decline" in html
