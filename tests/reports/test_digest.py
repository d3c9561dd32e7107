"""Weekly digest: each section's content, language, empty digests skipped, unsubscribe, workspaces kept apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kyoso.knowledge.models import Retrospective
from kyoso.projects.models import Gate, GateDecision, Milestone, Project
from kyoso.reports import digest
from kyoso.reports.models import DigestSubscription
from kyoso.risk.models import RiskWarning, WarningStatus
from tests.conftest import add_member, make_user

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def project(workspace, owner) -> Project:
    return Project.objects.create(workspace=workspace, owner=owner, title="物流ドローン実証")


@pytest.fixture
def news(project) -> None:
    RiskWarning.objects.create(
        project=project,
        kind="no_contact",
        key="a",
        message_ja="連絡が途絶えています",
        message_en="No contact lately",
    )
    RiskWarning.objects.create(
        project=project,
        kind="no_contract",
        key="b",
        message_ja="解決済みの警告",
        message_en="Resolved warning",
        status=WarningStatus.RESOLVED,
    )
    Gate.objects.create(project=project, stage="poc", due=days(5))
    decided = Gate.objects.create(project=project, stage="pilot", due=days(6))
    GateDecision.objects.create(gate=decided, decision="go", decided_on=days(0))
    Gate.objects.create(project=project, stage="commercialisation", due=days(30))
    Milestone.objects.create(project=project, title="試作機の納品", due=days(-3))
    Milestone.objects.create(project=project, title="完了した打合せ", due=days(-3), done_on=days(-4))
    Milestone.objects.create(project=project, title="来月の報告会", due=days(20))
    Retrospective.objects.create(
        project=project, outcome="stopped", headline="早期に役員を巻き込むべきだった"
    )
    old = Retrospective.objects.create(project=project, outcome="paused", headline="古い振り返りの教訓")
    Retrospective.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=10))


def _mail_to(email: str) -> mail.EmailMessage:
    found = [m for m in mail.outbox if m.to == [email]]
    assert len(found) == 1, [m.to for m in mail.outbox]
    return found[0]


def test_each_section_lists_only_what_needs_attention(news, owner, member) -> None:
    assert digest.send_weekly_digests() == 2
    body = _mail_to(owner.email).body
    assert "連絡が途絶えています" in body and "解決済みの警告" not in body
    assert days(5).isoformat() in body and days(6).isoformat() not in body
    assert days(30).isoformat() not in body
    assert "試作機の納品" in body and "完了した打合せ" not in body and "来月の報告会" not in body
    assert "早期に役員を巻き込むべきだった" in body and "古い振り返りの教訓" not in body
    assert "期限超過マイルストーン" in body
    assert "/reports/digest/unsubscribe/" in body
    assert _mail_to(member.email).body  # every active member receives it


def test_digest_is_written_in_each_persons_language(news, workspace, owner) -> None:
    english = make_user("en@example.com", "English Reader", language="en")
    add_member(workspace, english, "member")
    digest.send_weekly_digests()
    en = _mail_to(english.email)
    assert "Overdue milestones" in en.body and "No contact lately" in en.body
    assert "weekly digest" in en.subject.lower()
    ja = _mail_to(owner.email)
    assert "期限超過マイルストーン" in ja.body and "連絡が途絶えています" in ja.body
    assert "週次ダイジェスト" in ja.subject


def test_nothing_to_report_sends_nothing(project, owner, outsider) -> None:
    Milestone.objects.create(project=project, title="来月の報告会", due=days(20))
    assert digest.send_weekly_digests() == 0
    assert mail.outbox == []


def test_inactive_people_get_nothing(news, owner, member) -> None:
    member.is_active = False
    member.save()
    digest.send_weekly_digests()
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_no_leakage_across_workspaces(news, owner, outsider, other_workspace) -> None:
    theirs = Project.objects.create(workspace=other_workspace, owner=outsider, title="他社の案件")
    Milestone.objects.create(project=theirs, title="他社の遅れた作業", due=days(-2))
    digest.send_weekly_digests()
    ours, other = _mail_to(owner.email).body, _mail_to(outsider.email).body
    assert "他社の遅れた作業" not in ours and "他社株式会社" not in ours
    assert "試作機の納品" not in other and "連絡が途絶えています" not in other
    assert "他社の遅れた作業" in other


def test_queries_are_bounded_per_workspace_not_per_person(news, workspace) -> None:
    for i in range(3):
        add_member(workspace, make_user(f"p{i}@example.com", f"人{i}"), "member")
    with CaptureQueriesContext(connection) as few:
        digest.build()
    for i in range(3, 10):
        add_member(workspace, make_user(f"p{i}@example.com", f"人{i}"), "member")
    with CaptureQueriesContext(connection) as many:
        assert len(digest.build()) == 11  # the owner and ten members
    assert len(many) == len(few)


def _unsubscribe_path(email: str) -> str:
    body = _mail_to(email).body
    url = next(w for w in body.split() if "/reports/digest/unsubscribe/" in w)
    return url[url.index("/reports/") :]


def test_opening_the_link_only_asks_and_changes_nothing(client, news, owner) -> None:
    # Mail scanners and link previewers follow links: GET and HEAD must not unsubscribe.
    sent = digest.send_weekly_digests()
    path = _unsubscribe_path(owner.email)
    response = client.get(path)  # no login needed
    assert response.status_code == 200
    page = response.content.decode()
    assert "配信を停止しますか" in page
    assert "配信を停止する</button>" in page and "csrfmiddlewaretoken" in page
    assert client.head(path).status_code == 200
    assert client.get(path).status_code == 200
    assert not DigestSubscription.objects.exists()
    mail.outbox.clear()
    assert digest.send_weekly_digests() == sent
    assert _mail_to(owner.email)


def test_the_button_records_the_opt_out_and_it_is_respected(news, owner, member) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    digest.send_weekly_digests()
    path = _unsubscribe_path(owner.email)
    client.get(path)
    csrf = client.cookies["csrftoken"].value
    response = client.post(path, {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 200
    assert "配信を停止しました" in response.content.decode()
    assert DigestSubscription.objects.get(user=owner).unsubscribed_at is not None
    assert not DigestSubscription.objects.filter(user=member).exists()

    again = client.get(path)  # a second visit says so, with no button
    assert again.status_code == 200
    assert (
        "すでに配信停止済み" in again.content.decode()
        and "配信を停止する</button>" not in again.content.decode()
    )
    first = DigestSubscription.objects.get(user=owner).unsubscribed_at
    assert client.post(path, {"csrfmiddlewaretoken": csrf}).status_code == 200  # a second click is harmless
    assert DigestSubscription.objects.get(user=owner).unsubscribed_at == first
    mail.outbox.clear()
    assert digest.send_weekly_digests() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_a_post_without_the_csrf_token_changes_nothing(news, owner) -> None:
    from django.test import Client

    token = digest.unsubscribe_token(owner)
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/reports/digest/unsubscribe/{token}/", {})
    assert response.status_code == 403
    assert not DigestSubscription.objects.exists()


def test_mail_clients_unsubscribe_with_one_click(news, owner) -> None:
    """RFC 8058: the digest announces one-click unsubscribe; the client POSTs the fixed body, no CSRF."""
    from django.test import Client

    digest.send_weekly_digests()
    message = next(m for m in mail.outbox if m.to == [owner.email])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/" + path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert DigestSubscription.objects.get(user=owner).unsubscribed_at is not None
    forged = client.post(
        "/reports/digest/unsubscribe/forged-token/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert forged.status_code == 400


def test_the_confirmation_page_is_in_english_for_english_visitors(client, owner) -> None:
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    path = f"/reports/digest/unsubscribe/{digest.unsubscribe_token(owner)}/"
    page = client.get(path).content.decode()
    assert "Do you want to stop receiving the weekly digest e-mail?" in page
    assert "Stop the weekly digest" in page
    assert "You have been unsubscribed" in client.post(path).content.decode()
    assert "You are already unsubscribed" in client.get(path).content.decode()
    bad = client.get("/reports/digest/unsubscribe/walk-1/")
    assert bad.status_code == 400
    assert "invalid or has expired" in bad.content.decode()


def test_other_methods_are_refused(client, owner) -> None:
    path = f"/reports/digest/unsubscribe/{digest.unsubscribe_token(owner)}/"
    assert client.put(path).status_code == 405
    assert client.delete(path).status_code == 405
    assert not DigestSubscription.objects.exists()


def test_tampered_or_foreign_tokens_are_rejected(client, owner, member) -> None:
    token = digest.unsubscribe_token(owner)
    forged = token.replace(f"{owner.pk}:", f"{member.pk}:", 1)
    for bad in [forged, token[:-2] + "xx", "walk-1", "1:abc:def"]:
        for response in (
            client.get(f"/reports/digest/unsubscribe/{bad}/"),
            client.post(f"/reports/digest/unsubscribe/{bad}/"),
        ):
            assert response.status_code == 400, bad
            page = response.content.decode()
            assert "無効" in page and "最新のダイジェストメール" in page
            assert "配信を停止する</button>" not in page
    from django.core import signing

    other_salt = signing.TimestampSigner(salt="something-else").sign(str(owner.pk))
    assert client.post(f"/reports/digest/unsubscribe/{other_salt}/").status_code == 400
    assert not DigestSubscription.objects.exists()


def test_an_expired_token_gets_the_error_page(client, owner) -> None:
    token = digest.unsubscribe_token(owner)
    later = timezone.now() + digest.UNSUBSCRIBE_MAX_AGE + dt.timedelta(days=1)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert digest.user_from_token(token) is None
        response = client.post(f"/reports/digest/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "有効期限" in response.content.decode()
    assert not DigestSubscription.objects.exists()


def test_send_digest_command(news, owner, member) -> None:
    from io import StringIO

    out = StringIO()
    call_command("send-digest", stdout=out)
    assert "2" in out.getvalue() and len(mail.outbox) == 2
