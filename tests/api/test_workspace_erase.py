"""POST /api/v1/workspace/erase: owners only, the slug repeated, a fresh proof of identity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kyoso.accounts.middleware import SESSION_WORKSPACE_KEY
from kyoso.accounts.models import AuditAction, AuditEvent, Membership, Role, User, Workspace
from kyoso.api.models import ApiToken
from kyoso.core.personal_data import PSEUDONYM_IP_PREFIX
from kyoso.partners.models import Organisation
from tests.api.helpers import bearer, make_token
from tests.conftest import add_member, just_signed_in

pytestmark = pytest.mark.django_db
URL = "/api/v1/workspace/erase"


def _erase(client: Client, body: object, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(URL, body, content_type="application/json", **headers)


def _age(token: ApiToken, seconds: float) -> None:
    ApiToken.objects.filter(pk=token.pk).update(created_at=timezone.now() - timedelta(seconds=seconds))


def test_the_owner_erases_the_workspace_with_a_fresh_token(owner, member, workspace, other_workspace) -> None:
    Organisation.objects.create(workspace=workspace, name="消える株式会社")
    Organisation.objects.create(workspace=other_workspace, name="残る株式会社")
    _t, raw = make_token(owner, ["workspace:write"], workspace=workspace)
    response = _erase(Client(), {"confirm_slug": "test-ws"}, **bearer(raw), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 204, response.content
    assert not Workspace.objects.filter(pk=workspace.pk).exists()
    assert not Organisation.objects.filter(name="消える株式会社").exists()
    assert Organisation.objects.filter(name="残る株式会社").exists()
    assert User.objects.filter(pk=member.pk, is_active=True).exists()  # the accounts stay
    erasure = AuditEvent.objects.get(model="accounts.Workspace", object_id=str(workspace.pk))
    assert erasure.action == AuditAction.DELETE and erasure.user == owner
    assert erasure.workspace is None and workspace.name not in erasure.object_repr
    # like the page's entry: not the address of the person who asked
    assert erasure.ip_address is None or erasure.ip_address.startswith(PSEUDONYM_IP_PREFIX)


@pytest.mark.parametrize(
    "body", [{"confirm_slug": "test-wx"}, {"confirm_slug": ""}, {"confirm_slug": "other-ws"}]
)
def test_a_wrong_slug_is_422_naming_the_field_and_erases_nothing(
    owner, workspace, other_workspace, body
) -> None:
    add_member(other_workspace, owner, Role.OWNER)
    _t, raw = make_token(owner, ["workspace:write"], workspace=workspace)
    response = _erase(Client(), body, **bearer(raw))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "confirm_slug"]
    assert "test-ws" in response.json()["detail"][0]["msg"]
    assert Workspace.objects.filter(pk__in=[workspace.pk, other_workspace.pk]).count() == 2


def test_a_request_without_the_confirmation_erases_nothing(owner, workspace) -> None:
    _t, raw = make_token(owner, ["workspace:write"], workspace=workspace)
    client = Client()
    missing = _erase(client, {}, **bearer(raw))
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "confirm_slug"
    # a stray DELETE of the workspace is no route at all
    assert client.delete("/api/v1/workspace", **bearer(raw)).status_code == 405
    assert client.delete(URL, **bearer(raw)).status_code == 405
    assert Workspace.objects.filter(pk=workspace.pk).exists()


@pytest.mark.parametrize("who", ["member", "executive", "viewer"])
def test_only_owners_erase(who, request, workspace) -> None:
    person = request.getfixturevalue(who)
    _t, raw = make_token(person, ["workspace:write"], workspace=workspace)
    response = _erase(Client(), {"confirm_slug": "test-ws"}, **bearer(raw))
    assert response.status_code == 403
    assert Workspace.objects.filter(pk=workspace.pk).exists()


def test_the_token_needs_the_write_scope(owner, workspace) -> None:
    _t, raw = make_token(owner, ["workspace:read"], workspace=workspace)
    response = _erase(Client(), {"confirm_slug": "test-ws"}, **bearer(raw))
    assert response.status_code == 403 and "workspace:write" in response.json()["detail"]
    assert Workspace.objects.filter(pk=workspace.pk).exists()


@pytest.mark.parametrize("kind", ["personal", "service"])
def test_a_token_older_than_the_reauthentication_window_is_refused(owner, workspace, settings, kind) -> None:
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    token, raw = make_token(owner, ["workspace:write"], workspace=workspace, kind=kind)
    _age(token, 301)
    response = _erase(Client(), {"confirm_slug": "test-ws"}, **bearer(raw))
    assert response.status_code == 403
    assert "token" in response.json()["detail"] and "5 minutes" in response.json()["detail"]
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    # the same token still does everything else
    assert Client().get("/api/v1/workspace/members", **bearer(raw)).status_code == 200
    _age(token, 250)
    assert _erase(Client(), {"confirm_slug": "test-ws"}, **bearer(raw)).status_code == 204


def test_a_service_token_stops_when_its_owner_is_no_longer_one(owner, workspace) -> None:
    _t, raw = make_token(owner, ["workspace:write"], workspace=workspace, kind="service")
    Membership.objects.filter(user=owner, workspace=workspace).update(role=Role.MEMBER)
    assert _erase(Client(), {"confirm_slug": "test-ws"}, **bearer(raw)).status_code == 403
    assert Workspace.objects.filter(pk=workspace.pk).exists()


def test_a_browser_session_needs_a_recent_sign_in(owner, workspace, login) -> None:
    client = login(owner, fresh=False)
    just_signed_in(client, owner, seconds_ago=3600)
    stale = _erase(client, {"confirm_slug": "test-ws"})
    assert stale.status_code == 403 and "re-authenticate" in stale.json()["detail"]
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    just_signed_in(client, owner)
    session = client.session
    session[SESSION_WORKSPACE_KEY] = workspace.pk
    session.save()
    assert _erase(client, {"confirm_slug": "test-ws"}).status_code == 204
    assert not Workspace.objects.filter(pk=workspace.pk).exists()
    assert SESSION_WORKSPACE_KEY not in client.session


def test_the_route_is_in_the_openapi_document(db) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    op = schema["paths"][URL]["post"]
    assert {"204", "403", "422"} <= set(op["responses"])
    assert "confirm_slug" in str(schema["components"]["schemas"]["EraseWorkspaceIn"])
