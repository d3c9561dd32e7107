"""Invitations, sign-up links and password resets are outbox rows in the recipient's language."""

from __future__ import annotations

import pytest
from django.core import mail

from kyoso.accounts import services as account_services
from kyoso.outbox.models import MailStatus, OutboxMessage
from kyoso.projects import services as project_services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_workspace_invitation_is_queued_in_the_language_the_inviter_chose(workspace, owner) -> None:
    invitation, link = account_services.invite_member(
        workspace=workspace, email="guest@example.com", role="member", by=owner, language="en"
    )
    row = OutboxMessage.objects.get(kind="invitation")
    assert row.workspace == workspace and row.to_email == "guest@example.com" and row.language == "en"
    assert invitation.language == "en"
    assert "invites you" in row.subject and link in row.body
    assert row.status == MailStatus.SENT  # the worker (inline in tests) delivered it
    assert [m.subject for m in mail.outbox] == [row.subject]


def test_without_a_choice_the_invitation_is_in_the_inviters_language(workspace, owner) -> None:
    account_services.invite_member(workspace=workspace, email="guest@example.com", role="member", by=owner)
    row = OutboxMessage.objects.get(kind="invitation")
    assert row.language == owner.language == "ja"
    assert "招待" in row.subject


def test_an_unknown_language_names_the_field_and_writes_nothing(workspace, owner) -> None:
    from kyoso.core.errors import DomainError

    with pytest.raises(DomainError) as caught:
        account_services.invite_member(
            workspace=workspace, email="guest@example.com", role="member", by=owner, language="fr"
        )
    assert caught.value.field == "language"
    assert not OutboxMessage.objects.exists() and not workspace.invitations.exists()


def test_a_partner_invitation_goes_through_the_outbox(workspace, owner) -> None:
    project = project_services.create_project(
        workspace=workspace, by=owner, title="外観検査PoC", partner_name="ビジョンテック", stage="poc"
    )
    project_services.invite_partner(project=project, email="cto@startup.example", by=owner, language="en")
    row = OutboxMessage.objects.get(kind="partner_invitation")
    assert row.language == "en" and row.workspace == workspace
    assert "shared space" in row.subject


def test_sign_up_mail_to_an_existing_account_is_in_that_persons_language(client, db) -> None:
    make_user("known@example.com", "既存", language="en")
    response = client.post(
        "/accounts/signup/",
        {
            "name": "x",
            "email": "known@example.com",
            "workspace_name": "y",
        },
    )
    assert response.status_code == 302
    row = OutboxMessage.objects.get(to_email="known@example.com")
    assert row.workspace is None and row.language == "en"
    assert "Account" in row.subject or "account" in row.subject


def test_password_reset_is_queued_in_the_accounts_language(client, db) -> None:
    make_user("reset@example.com", "リセット", language="en")
    response = client.post("/accounts/password/reset/", {"email": "reset@example.com"})
    assert response.status_code == 302
    row = OutboxMessage.objects.get(kind="password_reset_key")
    assert row.language == "en" and row.to_email == "reset@example.com"
    assert len(mail.outbox) == 1
