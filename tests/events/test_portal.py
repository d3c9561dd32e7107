"""The participant portal: account from the registration mail, interest marks, own entry, organiser invites."""

import re
import subprocess

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import AuditAction, AuditEvent, User
from kyoso.core.errors import DomainError
from kyoso.events import portal, services
from kyoso.events.models import EventStatus, MeetingRequest, Participant, ParticipantInvitation
from tests.conftest import join_by_invitation

from .factories import make_event

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "ネクストロボ株式会社",
    "contact_name": "山田 花子",
    "email": "hanako@nextrobo.example",
    "profile": "物流ロボットの開発。",
    "application": "倉庫ピッキングの自動化PoCをご提案します。",
}
PASSWORD = "kyoso-Portal-2026!"


def _set_status(event, status):
    event.status = status
    event.save(update_fields=["status"])


@pytest.fixture
def open_event(workspace, owner):
    event = make_event(workspace, owner, requests=6)
    _set_status(event, EventStatus.REGISTRATION)
    return event


def _join_link(message) -> str:
    match = re.search(r"https?://\S+/events/join/(\S+)/", message.body)
    assert match, message.body
    return reverse("events:portal_join", args=[match.group(1)])


def _register(client, event, capture) -> str:
    with capture(execute=True):
        response = client.post(reverse("events:public_register", args=[event.public_key]), REGISTRATION)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    return _join_link(mail.outbox[0])


@pytest.fixture
def startup_client(open_event, django_capture_on_commit_callbacks):
    """A startup that registered through the public form and created its account from the mail."""
    client = Client()
    link = _register(client, open_event, django_capture_on_commit_callbacks)
    response = join_by_invitation(client, link, name="山田 花子", password=PASSWORD)
    participant = Participant.objects.get(event=open_event, email=REGISTRATION["email"])
    assert response.status_code == 302
    assert response["Location"] == reverse("events:portal_participation", args=[participant.pk])
    return client, participant


def test_registration_mail_confirms_and_carries_the_account_link(
    client, open_event, django_capture_on_commit_callbacks
):
    link = _register(client, open_event, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert open_event.name in message.subject and REGISTRATION["application"] in message.body
    page = client.get(link)
    assert page.status_code == 200 and REGISTRATION["email"] in page.content.decode()
    # the account is made by the sign-up with the registered address; a bad password is refused there,
    # naming the field, and nothing is created
    signup = client.post(link, {})
    assert signup.status_code == 302
    response = client.post(signup["Location"], {"name": "山田 花子", "password1": "123"})
    assert response.status_code == 200 and "password1" in response.context["form"].errors
    assert not User.objects.filter(email=REGISTRATION["email"]).exists()


def test_account_is_created_linked_and_the_link_works_once(startup_client):
    client, participant = startup_client
    participant.refresh_from_db()
    user = User.objects.get(email=REGISTRATION["email"])
    assert participant.account == user
    assert AuditEvent.objects.filter(action=AuditAction.JOIN, object_id=str(participant.pk)).exists()
    invitation = ParticipantInvitation.objects.get(participant=participant)
    assert invitation.accepted_by == user
    # the same link again: gone, not a second account
    assert Client().get(_join_link(mail.outbox[0])).status_code == 410
    assert User.objects.filter(email=REGISTRATION["email"]).count() == 1


def test_portal_lists_only_the_other_side_of_this_event(startup_client, workspace, owner, other_workspace):
    client, participant = startup_client
    elsewhere = make_event(other_workspace, owner, requests=2)
    elsewhere.participants.filter(side="corporate").update(name="別イベントの大企業")
    page = client.get(reverse("events:portal_participation", args=[participant.pk])).content.decode()
    assert "大企業1" in page and "大企業4" in page
    assert "スタートアップ2" not in page  # own side is not the catalogue
    assert "別イベントの大企業" not in page
    assert "c1@example.com" not in page  # contacts stay with the organiser
    found = client.get(reverse("events:portal_participation", args=[participant.pk]) + "?q=大企業3")
    assert "大企業3" in found.content.decode() and "大企業2" not in found.content.decode()


def test_home_redirects_participant_only_user_to_the_portal(startup_client):
    client, participant = startup_client
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("events:portal")
    home = client.get(reverse("events:portal")).content.decode()
    assert participant.event.name in home
    assert "参加イベント" in home  # the menu entry for people without a workspace
    assert reverse("projects:partner_home") not in home


def test_marking_interest_keeps_the_other_sides_mark(startup_client):
    client, participant = startup_client
    corporate = participant.event.participants.get(code="c002")
    MeetingRequest.objects.create(
        event=participant.event, corporate=corporate, startup=participant, corporate_interest=2
    )
    url = reverse("events:portal_interest", args=[participant.pk, corporate.pk])
    response = client.post(url, {"interest": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true">3<' in response.content.decode()
    request = MeetingRequest.objects.get(corporate=corporate, startup=participant)
    assert (request.corporate_interest, request.startup_interest) == (2, 3)
    bad = client.post(url, {"interest": "7"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and "0" in bad.content.decode()
    request.refresh_from_db()
    assert request.startup_interest == 3
    marked = client.get(reverse("events:portal_participation", args=[participant.pk]) + "?show=marked")
    assert "大企業2" in marked.content.decode() and "大企業1" not in marked.content.decode()
    unmarked = client.get(reverse("events:portal_participation", args=[participant.pk]) + "?show=unmarked")
    assert "大企業2" not in unmarked.content.decode() and "大企業1" in unmarked.content.decode()


def test_interest_is_frozen_once_published(startup_client):
    client, participant = startup_client
    _set_status(participant.event, EventStatus.PUBLISHED)
    corporate = participant.event.participants.get(code="c001")
    response = client.post(
        reverse("events:portal_interest", args=[participant.pk, corporate.pk]),
        {"interest": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert not MeetingRequest.objects.filter(
        corporate=corporate, startup=participant, startup_interest=3
    ).exists()


def test_no_reach_into_other_participants_or_events(startup_client, workspace, owner):
    client, participant = startup_client
    someone_else = participant.event.participants.get(code="u001")
    assert client.get(reverse("events:portal_participation", args=[someone_else.pk])).status_code == 404
    other_event = make_event(workspace, owner, requests=2)
    _set_status(other_event, EventStatus.REGISTRATION)
    foreign = other_event.participants.get(code="c001")
    url = reverse("events:portal_interest", args=[participant.pk, foreign.pk])
    assert client.post(url, {"interest": "3"}).status_code == 404
    assert not MeetingRequest.objects.filter(startup=participant, corporate=foreign).exists()
    # the organiser's pages stay closed: no workspace membership
    assert client.get(reverse("events:detail", args=[participant.event.pk])).status_code == 302


def test_participant_edits_own_entry_until_publication(startup_client):
    client, participant = startup_client
    url = reverse("events:portal_profile", args=[participant.pk])
    response = client.post(url, {"contact_name": "山田", "application": "", "profile": "x"})
    assert response.status_code == 400 and "application" in response.context["form"].errors
    response = client.post(url, {"contact_name": "山田", "application": "新しい提案", "profile": "x"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.application == "新しい提案" and participant.contact_name == "山田"
    _set_status(participant.event, EventStatus.PUBLISHED)
    response = client.post(url, {"contact_name": "別人", "application": "再変更", "profile": "x"})
    participant.refresh_from_db()
    assert participant.application == "新しい提案"


def test_organiser_invites_a_corporate_and_resending_replaces_the_link(
    open_event, owner, viewer, login, django_capture_on_commit_callbacks
):
    corporate = open_event.participants.get(code="c001")
    url = reverse("events:portal_invite", args=[open_event.pk, corporate.pk])
    assert login(viewer).post(url).status_code == 403
    client = login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["c1@example.com"]
    first, second = _join_link(mail.outbox[0]), _join_link(mail.outbox[1])
    assert Client().get(first).status_code == 410
    page = client.get(reverse("events:participant", args=[open_event.pk, corporate.pk])).content.decode()
    assert "c1@example.com" in page
    # an existing account logs in and links itself
    user = User.objects.create_user("c1@example.com", PASSWORD, name="佐藤")
    corp_client = Client()
    corp_client.force_login(user)
    assert corp_client.post(second).status_code == 302
    corporate.refresh_from_db()
    assert corporate.account == user
    page = corp_client.get(reverse("events:portal_participation", args=[corporate.pk])).content.decode()
    assert "スタートアップ1" in page and "大企業2" not in page


def test_participant_without_email_cannot_be_invited(open_event, owner, login):
    corporate = open_event.participants.get(code="c001")
    corporate.email = ""
    corporate.save(update_fields=["email"])
    response = login(owner).post(
        reverse("events:portal_invite", args=[open_event.pk, corporate.pk]), follow=True
    )
    assert "e-mail" in response.content.decode() or "メール" in response.content.decode()
    assert not ParticipantInvitation.objects.exists()


def test_name_badges_pdf(open_event, owner, login, tmp_path):
    client = login(owner)
    response = client.get(reverse("events:badges_pdf", args=[open_event.pk]) + "?side=startup")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = tmp_path / "badges.pdf"
    pdf.write_bytes(response.content)
    try:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("poppler-utils not installed")
    assert "スタートアップ1" in text and "大企業1" not in text
    page = client.get(reverse("events:agendas", args=[open_event.pk])).content.decode()
    assert reverse("events:badges_pdf", args=[open_event.pk]) in page


def test_unknown_join_link_is_404(client):
    assert client.get(reverse("events:portal_join", args=["nope"])).status_code == 404


def test_services_refuse_double_accounts(open_event, owner):
    corporate = open_event.participants.get(code="c001")
    user = User.objects.create_user("x@example.com", PASSWORD)
    corporate.account = user
    corporate.save(update_fields=["account"])
    with pytest.raises(DomainError, match="アカウント"):
        portal.invite_participant(participant=corporate, by=owner)
    assert not ParticipantInvitation.objects.exists()


def test_startups_apply_rule_lets_corporates_answer_applicants_only(startup_client, owner):
    client, participant = startup_client
    event = participant.event
    event.request_rule = "startups_apply"
    event.save(update_fields=["request_rule"])
    corporate = event.participants.get(code="c001")
    other_startup = event.participants.get(code="u002")
    MeetingRequest.objects.filter(event=event).delete()
    # the corporate cannot speak first ...
    with pytest.raises(DomainError, match=participant.name[:3]):
        services.mark_interest(
            event=event, corporate=corporate, startup=participant, side="corporate", interest=2, by=owner
        )
    assert not MeetingRequest.objects.filter(corporate=corporate).exists()
    # ... the startup applies through its page, then the corporate answers
    client.post(reverse("events:portal_interest", args=[participant.pk, corporate.pk]), {"interest": "3"})
    services.mark_interest(
        event=event, corporate=corporate, startup=participant, side="corporate", interest=2, by=owner
    )
    request = MeetingRequest.objects.get(corporate=corporate, startup=participant)
    assert (request.corporate_interest, request.startup_interest) == (2, 3)
    # a corporate's own page lists its applicants only
    corporate.account = User.objects.create_user("corp@example.com", PASSWORD)
    corporate.save(update_fields=["account"])
    corp_client = Client()
    corp_client.force_login(corporate.account)
    page = corp_client.get(reverse("events:portal_participation", args=[corporate.pk])).content.decode()
    assert participant.name in page and other_startup.name not in page


def test_registration_deadline_closes_the_public_form(client, open_event):
    from datetime import timedelta

    from django.utils import timezone

    open_event.registration_deadline = timezone.now() - timedelta(minutes=1)
    open_event.save(update_fields=["registration_deadline"])
    url = reverse("events:public_register", args=[open_event.public_key])
    response = client.get(url)
    assert response.status_code == 410 and "締め切" in response.content.decode()
    assert client.post(url, REGISTRATION).status_code == 410
    assert not Participant.objects.filter(email=REGISTRATION["email"]).exists()
    open_event.registration_deadline = timezone.now() + timedelta(days=1)
    open_event.save(update_fields=["registration_deadline"])
    assert client.get(url).status_code == 200


def test_event_default_minimum_reaches_the_scheduler(open_event):
    from kyoso.events.engine_bridge import event_document

    open_event.default_min_meetings = 2
    open_event.save(update_fields=["default_min_meetings"])
    open_event.participants.filter(code="c001").update(min_meetings=1)
    mins = {p["id"]: p.get("min_meetings") for p in event_document(open_event)["participants"]}
    assert mins["c001"] == 1 and mins["u003"] == 2
