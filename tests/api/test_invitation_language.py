"""The API's workspace invitation takes the e-mail's language, as the web form does."""

from __future__ import annotations

import pytest
from django.test import Client

from kyoso.accounts.models import Invitation
from kyoso.outbox.models import OutboxMessage
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db


def _invite(raw: str, **body: object):  # type: ignore[no-untyped-def]
    return Client().post(
        "/api/v1/workspace/invitations",
        {"email": "guest@example.com", "role": "member", **body},
        content_type="application/json",
        **bearer(raw),
    )


def test_the_invitation_mail_goes_out_in_the_language_asked_for(owner, workspace) -> None:
    assert owner.language == "ja"
    _t, raw = make_token(owner, workspace=workspace)
    response = _invite(raw, language="en")
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "en"
    invitation = Invitation.objects.get(pk=response.json()["id"])
    assert invitation.language == "en"
    mail = OutboxMessage.objects.get(kind="invitation", to_email="guest@example.com")
    assert mail.language == "en"
    assert mail.subject.endswith("on Kyoso") and "invites you to" in mail.subject


def test_without_a_language_the_mail_is_in_the_inviters(owner, workspace) -> None:
    owner.language = "en"
    owner.save()
    _t, raw = make_token(owner, workspace=workspace)
    for body in ({}, {"language": None}):
        response = _invite(raw, **body)
        assert response.status_code == 201, response.content
        assert response.json()["language"] == "en"
    owner.language = "ja"
    owner.save()
    response = _invite(raw)
    assert response.json()["language"] == "ja"
    newest = OutboxMessage.objects.filter(kind="invitation").order_by("-pk").first()
    assert newest is not None and newest.language == "ja" and "招待" in newest.subject


@pytest.mark.parametrize("bad", ["fr", "", "JA", 1])
def test_a_bad_language_is_422_naming_the_field_and_sends_nothing(owner, workspace, bad) -> None:
    _t, raw = make_token(owner, workspace=workspace)
    response = _invite(raw, language=bad)
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == ["language"]
    assert not Invitation.objects.exists()
    assert not OutboxMessage.objects.filter(kind="invitation").exists()


def test_the_openapi_document_lists_the_two_languages(db) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    prop = schema["components"]["schemas"]["InvitationIn"]["properties"]["language"]
    assert "ja" in str(prop) and "en" in str(prop)
