"""Personal data (APPI): who may erase or export what, bad confirmations, exports, audit retention."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from kyoso.accounts import services
from kyoso.accounts.models import AuditAction, AuditEvent, Membership, Role, User, Workspace
from kyoso.accounts.privacy import prune_audit
from kyoso.core.errors import DomainError
from kyoso.core.personal_data import is_pseudonymous_email, pseudonymous_email, pseudonymous_ip
from kyoso.core.worker import DailyTasks, _daily_tasks, enqueue_daily_tasks
from kyoso.events.models import Participant
from kyoso.outbox.models import OutboxMessage
from kyoso.partners.models import Contact, Organisation
from kyoso.settings import _privacy_policy_url
from kyoso.settings_errors import SettingsError
from tests.api.helpers import bearer, make_token
from tests.conftest import PASSWORD, make_user
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def _audit(email: str, ip: str, at: dt.datetime, repr_: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        user_email=email, ip_address=ip, at=at, action=AuditAction.UPDATE, model="x.Y", object_repr=repr_
    )


# ------------------------------------------------------------------------------- own account


def test_a_wrong_password_keeps_the_account(member, login) -> None:
    client = login(member)
    response = client.post("/accounts/profile/erase/", {"password": "wrong"})
    assert response.status_code == 200
    assert "パスワードが違います" in response.content.decode()
    member.refresh_from_db()
    assert member.email == "member@example.com" and member.is_active


def test_a_member_erases_their_own_account_and_is_logged_out(member, workspace, login) -> None:
    client = login(member)
    response = client.post("/accounts/profile/erase/", {"password": PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_erased and member.name == "" and not member.is_active
    assert str(member).startswith("削除済みユーザー #")
    assert not Membership.objects.filter(user=member).exists()
    assert client.get("/accounts/profile/").status_code == 302  # the session is gone
    again = Client().post("/accounts/login/", {"username": "member@example.com", "password": PASSWORD})
    assert again.status_code == 200  # the form again: the address no longer exists


def test_the_only_owner_must_hand_over_first(owner, login) -> None:
    response = login(owner).post("/accounts/profile/erase/", {"password": PASSWORD})
    assert response.status_code == 200
    assert "唯一のオーナー" in response.content.decode()
    owner.refresh_from_db()
    assert not owner.is_erased


def test_another_user_cannot_erase_an_account(member, viewer) -> None:
    with pytest.raises(PermissionError):
        services.erase_user(by=viewer, user=member)


def test_the_own_data_download_holds_the_person_and_nobody_else(member, owner, workspace, login) -> None:
    AuditEvent.objects.create(user=owner, user_email=owner.email, action="update", model="x.Y")
    services.invite_member(workspace=workspace, email="someone@example.com", role=Role.MEMBER, by=member)
    response = login(member).get("/accounts/profile/my-data/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["account"][0]["email"] == "member@example.com"
    assert data["memberships"][0]["workspace"] == workspace.name
    text = response.content.decode()
    assert "owner@example.com" not in text and "someone@example.com" not in text and "オーナー" not in text


# ---------------------------------------------------------------------------------- workspace


@pytest.mark.parametrize("who", ["member", "viewer", "executive"])
def test_only_an_owner_may_erase_the_workspace(who, request, workspace, login) -> None:
    person = request.getfixturevalue(who)
    response = login(person).post("/accounts/workspace/erase/", {"confirm_name": workspace.name})
    assert response.status_code == 403
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    with pytest.raises(PermissionError):
        services.erase_workspace(by=person, workspace=workspace, confirm_name=workspace.name)


def test_a_wrong_workspace_name_is_a_form_error(owner, workspace, login) -> None:
    response = login(owner).post("/accounts/workspace/erase/", {"confirm_name": "違う名前"})
    assert response.status_code == 400
    assert "ワークスペース名を表示どおりに入力" in response.content.decode()
    assert Workspace.objects.filter(pk=workspace.pk).exists()


def test_the_owner_erases_the_workspace(owner, member, workspace, login) -> None:
    Organisation.objects.create(workspace=workspace, name="消える株式会社")
    response = login(owner).post("/accounts/workspace/erase/", {"confirm_name": workspace.name})
    assert response.status_code == 302
    assert not Workspace.objects.filter(pk=workspace.pk).exists()
    assert not Organisation.objects.filter(name="消える株式会社").exists()
    assert User.objects.filter(pk=member.pk, is_active=True).exists()


def test_erasing_the_workspace_on_the_page_asks_to_sign_in_again(owner, workspace, login) -> None:
    from tests.conftest import just_signed_in

    client = login(owner, fresh=False)
    just_signed_in(client, owner, seconds_ago=3600)
    assert client.get("/accounts/workspace/erase/").status_code == 200
    response = client.post("/accounts/workspace/erase/", {"confirm_name": workspace.name})
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert Workspace.objects.filter(pk=workspace.pk).exists()


def test_the_slug_confirms_an_erasure_too(owner, workspace) -> None:
    with pytest.raises(DomainError) as refused:
        services.erase_workspace(by=owner, workspace=workspace, confirm_slug=workspace.name)
    assert refused.value.field == "confirm_slug" and workspace.slug in refused.value.message
    # the slug alone confirms: the name is not asked for as well
    services.erase_workspace(by=owner, workspace=workspace, confirm_slug=f" {workspace.slug} ")
    assert not Workspace.objects.filter(pk=workspace.pk).exists()


# ------------------------------------------------------------------------------- participants


@pytest.fixture
def event(workspace, owner):
    return make_event(workspace, owner, corporates=2, startups=3, requests=4)


def _startup(event) -> Participant:
    participant = Participant.objects.filter(event=event, side="startup").order_by("code").first()
    participant.contact_name = "山本 真由"
    participant.save()
    return participant


def test_a_viewer_cannot_erase_a_participant(event, viewer, login) -> None:
    participant = _startup(event)
    url = f"/events/{event.pk}/participants/{participant.pk}/erase/"
    assert login(viewer).post(url, {"confirm_name": participant.name}).status_code == 403
    participant.refresh_from_db()
    assert participant.contact_name == "山本 真由"


def test_a_partner_or_outsider_cannot_reach_a_participant(event, outsider, login) -> None:
    participant = _startup(event)
    url = f"/events/{event.pk}/participants/{participant.pk}/erase/"
    assert login(outsider).post(url, {"confirm_name": participant.name}).status_code == 404
    partner = make_user("partner@example.com", "パートナー")
    assert login(partner).post(url, {"confirm_name": participant.name}).status_code in (302, 403, 404)
    participant.refresh_from_db()
    assert participant.contact_name == "山本 真由"


def test_a_wrong_participant_name_is_a_form_error(event, owner, login) -> None:
    participant = _startup(event)
    response = login(owner).post(
        f"/events/{event.pk}/participants/{participant.pk}/erase/", {"confirm_name": "別の会社"}
    )
    assert response.status_code == 400 and "参加者名を表示どおりに入力" in response.content.decode()
    participant.refresh_from_db()
    assert participant.email


def test_the_owner_erases_a_participant_and_its_mail(event, owner, member, login) -> None:
    participant = _startup(event)
    OutboxMessage.objects.create(
        workspace=event.workspace,
        batch="b",
        key="k1",
        kind="agenda",
        to_email=participant.email,
        to_name="山本 真由",
        language="ja",
        subject="スケジュール",
        body="山本 真由 様",
        next_attempt_at=timezone.now(),
    )
    # a member may not: erasure rewrites records across the workspace
    refused = login(member).post(
        f"/events/{event.pk}/participants/{participant.pk}/erase/", {"confirm_name": participant.name}
    )
    assert refused.status_code == 403
    response = login(owner).post(
        f"/events/{event.pk}/participants/{participant.pk}/erase/", {"confirm_name": participant.name}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (
        participant.name.startswith("削除済み参加者 #")
        and participant.email == ""
        and participant.contact_name == ""
    )
    assert not OutboxMessage.objects.filter(to_email__icontains="@example.com").exists()
    entry = AuditEvent.objects.filter(model="events.Participant").latest("at")
    assert "山本" not in entry.object_repr + json.dumps(entry.changes, ensure_ascii=False)


def test_participant_erasure_over_the_api_is_for_owners(event, owner, member, viewer) -> None:
    participant = _startup(event)
    url = f"/api/v1/events/{event.pk}/participants/{participant.code}/erase"
    _, raw = make_token(viewer, ["events:write", "events:read"])
    assert Client().post(url, **bearer(raw)).status_code == 403
    _, raw = make_token(member, ["events:write", "events:read"])
    assert Client().post(url, **bearer(raw)).status_code == 403
    _, raw = make_token(owner, ["events:write", "events:read"])
    response = Client().post(url, **bearer(raw))
    assert response.status_code == 200 and response.json()["label"].startswith("削除済み参加者")


def test_the_owner_exports_a_participant_without_other_people(event, owner, member, login) -> None:
    participant = _startup(event)
    others = list(
        Participant.objects.filter(event=event).exclude(pk=participant.pk).values_list("email", flat=True)
    )
    response = login(owner).get(f"/events/{event.pk}/participants/{participant.pk}/personal-data/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["event_participations"][0]["contact_name"] == "山本 真由"
    assert data["event_participations"][0]["meeting_requests"]
    text = response.content.decode()
    assert not [email for email in others if email in text]
    assert (
        login(member).get(f"/events/{event.pk}/participants/{participant.pk}/personal-data/").status_code
        == 403
    )


def test_the_api_person_export_is_for_owners(event, owner, member) -> None:
    participant = _startup(event)
    _, raw = make_token(member, ["workspace:read"])
    assert (
        Client().get("/api/v1/privacy/person", {"email": participant.email}, **bearer(raw)).status_code == 403
    )
    _, raw = make_token(owner, ["workspace:read"])
    response = Client().get("/api/v1/privacy/person", {"email": participant.email}, **bearer(raw))
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["event_participations"]] == [participant.code]


def test_an_owner_export_stays_inside_the_workspace(
    owner, workspace, outsider, other_workspace, login
) -> None:
    mine = Organisation.objects.create(workspace=workspace, name="自社側")
    theirs = Organisation.objects.create(workspace=other_workspace, name="他社側")
    Contact.objects.create(organisation=mine, name="共通 太郎", email="shared@example.com")
    Contact.objects.create(organisation=theirs, name="共通 太郎", email="shared@example.com", phone="03-1111")
    response = login(owner).post("/accounts/workspace/personal-data/", {"email": "shared@example.com"})
    data = json.loads(response.content)
    assert [c["organisation"] for c in data["directory_contacts"]] == ["自社側"]


def test_a_contact_is_erased_with_its_name_confirmed(owner, workspace, login) -> None:
    org = Organisation.objects.create(workspace=workspace, name="連絡先株式会社")
    contact = Contact.objects.create(organisation=org, name="小林 誠", email="k@example.com", phone="03-0000")
    client = login(owner)
    bad = client.post(f"/partners/contacts/{contact.pk}/erase/", {"confirm_name": "小林"})
    assert bad.status_code == 400
    assert (
        client.post(f"/partners/contacts/{contact.pk}/erase/", {"confirm_name": "小林 誠"}).status_code == 302
    )
    contact.refresh_from_db()
    assert contact.name.startswith("削除済み連絡先 #") and contact.email == "" and contact.phone == ""


# ---------------------------------------------------------------------------------- retention


def test_retention_pseudonymises_only_old_entries() -> None:
    now = timezone.now()
    old = _audit("alice@example.com", "203.0.113.5", now - dt.timedelta(days=400), "招待 alice@example.com")
    new = _audit("bob@example.com", "203.0.113.6", now - dt.timedelta(days=10))
    assert prune_audit(now=now, days=365) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert is_pseudonymous_email(old.user_email) and old.user_email == pseudonymous_email("alice@example.com")
    assert old.ip_address == pseudonymous_ip("203.0.113.5") and old.ip_address.startswith("2001:db8:")
    assert "alice" not in old.object_repr
    assert new.user_email == "bob@example.com" and new.ip_address == "203.0.113.6"
    # stable and done once: a second run changes nothing; moving time on reaches the newer row
    assert prune_audit(now=now, days=365) == 0
    assert prune_audit(now=now + dt.timedelta(days=360), days=365) == 1
    new.refresh_from_db()
    assert new.user_email == pseudonymous_email("bob@example.com")


@override_settings(KYOSO_AUDIT_PII_DAYS=30)
def test_the_daily_round_and_the_command_use_the_setting() -> None:
    now = timezone.now()
    old = _audit("carol@example.com", "198.51.100.1", now - dt.timedelta(days=31))
    from kyoso.accounts.tasks import prune_audit_task

    assert prune_audit_task in _daily_tasks
    assert enqueue_daily_tasks() >= 1  # the immediate backend runs it at once in tests
    old.refresh_from_db()
    assert old.ip_address.startswith("2001:db8:")
    again = _audit("dave@example.com", "198.51.100.2", now - dt.timedelta(days=31))
    out = io.StringIO()
    call_command("prune-audit", stdout=out)
    again.refresh_from_db()
    assert is_pseudonymous_email(again.user_email) and "1 audit entries" in out.getvalue()


def test_the_worker_queues_the_daily_tasks_at_start_and_then_again(monkeypatch) -> None:
    import threading

    from kyoso.core import worker

    rounds: list[float] = []
    twice = threading.Event()

    def fake_round() -> int:
        rounds.append(1)
        if len(rounds) >= 2:
            twice.set()
        return 1

    monkeypatch.setattr(worker, "enqueue_daily_tasks", fake_round)
    daily = DailyTasks(every=0.05).start()
    try:
        assert twice.wait(5), "the daily round did not repeat"
    finally:
        daily.stop()
    assert worker.DAY_SECONDS == 86400 and DailyTasks().every == 86400


# ----------------------------------------------------------------------------------- commands


def test_the_operator_commands(member, owner, workspace) -> None:
    out = io.StringIO()
    call_command("export-person", "member@example.com", stdout=out)
    assert json.loads(out.getvalue())["account"][0]["email"] == "member@example.com"
    call_command("erase-user", "member@example.com", "--yes", stdout=out)
    member.refresh_from_db()
    assert member.is_erased
    with pytest.raises(Exception, match="唯一のオーナー"):
        call_command("erase-user", "owner@example.com", "--yes", stdout=out)
    call_command("erase-workspace", workspace.slug, "--yes", stdout=out)
    assert not Workspace.objects.filter(slug="test-ws").exists()


def test_erasing_twice_is_refused(member) -> None:
    services.erase_user(by=member, user=member)
    with pytest.raises(DomainError):
        services.erase_user(by=member, user=member)


# ------------------------------------------------------------------------------ purpose of use


def test_public_forms_show_the_purpose_and_the_privacy_page(db, workspace, owner) -> None:
    client = Client()
    page = client.get("/accounts/signup/").content.decode()
    assert "利用目的" in page and 'href="/privacy/"' in page
    privacy = client.get("/privacy/")
    assert privacy.status_code == 200 and "保存する情報" in privacy.content.decode()
    english = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en", headers={"Cookie": "django_language=en"})
    assert english.status_code == 200


@override_settings(KYOSO_PRIVACY_POLICY_URL="https://example.co.jp/privacy")
def test_an_operator_policy_url_replaces_the_built_in_page() -> None:
    page = Client().get("/accounts/signup/").content.decode()
    assert 'href="https://example.co.jp/privacy"' in page


def test_the_policy_setting_must_be_a_web_address() -> None:
    assert _privacy_policy_url(" https://example.co.jp/p ") == "https://example.co.jp/p"
    assert _privacy_policy_url("") == ""
    for bad in ("javascript:alert(1)", "ftp://example.co.jp", "example.co.jp"):
        with pytest.raises(SettingsError, match="KYOSO_PRIVACY_POLICY_URL"):
            _privacy_policy_url(bad)


def test_the_registration_form_shows_the_purpose(event) -> None:
    event.status = "registration"
    event.save(update_fields=["status"])
    page = Client().get(f"/events/register/{event.public_key}/").content.decode()
    assert "利用目的" in page and "主催者がこのイベントの運営に利用します" in page


def test_the_own_download_is_a_zip_with_the_files_they_uploaded(
    member, workspace, login, settings, tmp_path
) -> None:
    import zipfile

    from django.core.files.base import ContentFile

    from kyoso.projects import services as project_services
    from kyoso.projects.models import Document

    settings.MEDIA_ROOT = str(tmp_path)
    project = project_services.create_project(workspace=workspace, by=member, title="検査自動化PoC")
    document = Document(project=project, name="議事録.txt", uploaded_by=member)
    document.file.save("minutes.txt", ContentFile("第1回 定例".encode()), save=True)
    response = login(member).get("/accounts/profile/my-data/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert any(n.startswith("files/") and n.endswith("議事録.txt") for n in names)
    data = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
    assert data["documents_uploaded"][0]["project"] == "検査自動化PoC"


def test_erasing_a_portal_account_unlinks_its_participations(event, workspace) -> None:
    person = make_user("portal@example.com", "ポータル 利用者")
    participant = _startup(event)
    participant.account = person
    participant.email = "portal@example.com"
    participant.save()
    services.erase_user(by=None, user=person)
    participant.refresh_from_db()
    assert participant.account is None and participant.email == "" and participant.contact_name == ""
    assert participant.name  # the company entry stays for the event


def test_erasing_a_made_up_contact_does_not_rewrite_other_audit_rows(owner, workspace) -> None:
    """Only rows about the erased record (or by its address) are rewritten, not rows that merely
    contain the same words: erasing cannot be used to scrub the workspace's history."""
    from kyoso.accounts import audit
    from kyoso.accounts.models import AuditAction
    from kyoso.partners.models import Contact, Organisation
    from kyoso.partners.privacy import erase_contact

    org = Organisation.objects.create(workspace=workspace, name="テスト商事", kind="startup")
    other = Organisation.objects.create(workspace=workspace, name="秘密の取引先", kind="startup")
    audit.record(actor=owner, action=AuditAction.UPDATE, obj=other, changes={"note": "秘密の取引先と契約"})
    contact = Contact.objects.create(organisation=org, name="秘密の取引先", email="")
    erase_contact(by=owner, contact=contact)
    row = AuditEvent.objects.get(model="partners.Organisation", object_id=str(other.pk))
    assert row.object_repr == "秘密の取引先" and "秘密の取引先" in json.dumps(row.changes, ensure_ascii=False)
