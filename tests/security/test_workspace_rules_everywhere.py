"""A workspace's sign-in rules (two-factor authentication, single sign-on) hold however the
workspace is reached: the session's current workspace, the API's workspace header, a new API token,
a QR check-in code. API writes that the web guards with re-authentication need a recent sign-in."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import Membership, Role, User, Workspace
from kyoso.api.models import ApiToken
from kyoso.events import checkin
from kyoso.sso import crypto, entry, selectors, services
from kyoso.sso.models import Protocol, WorkspaceSSO
from tests.api.helpers import bearer, make_token
from tests.conftest import add_member, just_signed_in, make_user
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def _require_sso(workspace: Workspace) -> None:
    WorkspaceSSO.objects.create(
        workspace=workspace,
        protocol=Protocol.OIDC,
        enabled=True,
        oidc_issuer="https://login.corp.example/v2.0",
        oidc_client_id="kyoso",
        oidc_client_secret_encrypted=crypto.encrypt("s3cret-value"),
        require_sso=True,
    )
    services._forget_rule(workspace)


def _came_through_idp(client: Client, workspace: Workspace) -> None:
    session = client.session
    session[selectors.SESSION_KEY] = {str(workspace.pk): time.time()}
    session.save()


def _give_mfa(user: User) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


def _in_other(client: Client, other: Workspace) -> Client:
    client.post(reverse("accounts:workspace_switch"), {"workspace": other.pk})
    return client


def _new_token(client: Client, workspace: str | None = "test-ws") -> object:
    body: dict[str, object] = {"name": "ci", "scopes": ["projects:read"]}
    if workspace:
        body["workspace"] = workspace
    return client.post("/api/v1/tokens", body, content_type="application/json")


# --- single sign-on ------------------------------------------------------------------------------------


def test_a_password_session_cannot_use_an_sso_workspace_through_the_api(workspace, member, login) -> None:
    _require_sso(workspace)
    client = login(member)
    for response in (
        client.get("/api/v1/workspace"),
        client.get("/api/v1/workspace/members", HTTP_X_KYOSO_WORKSPACE="test-ws"),
        client.get("/api/v1/projects/", HTTP_X_KYOSO_WORKSPACE="test-ws"),
    ):
        assert response.status_code == 403, response.content
        assert "single sign-on" in response.json()["detail"]
    # /me still answers, so the person learns where they stand
    assert client.get("/api/v1/me").status_code == 200
    _came_through_idp(client, workspace)
    assert client.get("/api/v1/workspace/members", HTTP_X_KYOSO_WORKSPACE="test-ws").status_code == 200


def test_the_header_cannot_name_an_sso_workspace_from_another_one(
    workspace, other_workspace, member, login
) -> None:
    _require_sso(workspace)
    add_member(other_workspace, member, Role.MEMBER)
    client = _in_other(login(member), other_workspace)
    assert client.get("/api/v1/workspace").json()["slug"] == "other-ws"
    response = client.get("/api/v1/workspace", HTTP_X_KYOSO_WORKSPACE="test-ws")
    assert response.status_code == 403 and "test-ws" in response.json()["detail"]


def test_a_new_token_for_an_sso_workspace_needs_an_sso_session(
    workspace, other_workspace, member, login
) -> None:
    _require_sso(workspace)
    add_member(other_workspace, member, Role.MEMBER)
    client = _in_other(login(member), other_workspace)
    refused = _new_token(client)
    assert refused.status_code == 403 and "single sign-on" in refused.json()["detail"]
    # a token bound to no workspace would reach the SSO one as well
    unbound = _new_token(client, None)
    assert unbound.status_code == 403 and "bind it" in unbound.json()["detail"]
    assert _new_token(client, "other-ws").status_code == 201
    assert not ApiToken.objects.filter(user=member, workspace=workspace).exists()
    _came_through_idp(client, workspace)
    assert _new_token(client).status_code == 201


def test_tokens_issued_before_the_rule_keep_working(workspace, member) -> None:
    _token, raw = make_token(member, ["projects:read"])
    _require_sso(workspace)
    assert Client().get("/api/v1/projects/", **bearer(raw, "test-ws")).status_code == 200


def test_a_token_made_before_joining_an_sso_workspace_does_not_open_it(workspace, other_workspace) -> None:
    """A personal token made elsewhere was never approved by the SSO workspace joined later."""
    newcomer = make_user("newcomer@example.com", "新人")
    add_member(other_workspace, newcomer, Role.MEMBER)
    token, raw = make_token(newcomer, ["projects:read"])
    ApiToken.objects.filter(pk=token.pk).update(created_at=token.created_at - timedelta(minutes=5))
    _require_sso(workspace)
    add_member(workspace, newcomer, Role.MEMBER)
    refused = Client().get("/api/v1/projects/", **bearer(raw, "test-ws"))
    assert refused.status_code == 403 and "single sign-on" in refused.json()["detail"]
    # the workspace it was made in still answers
    assert Client().get("/api/v1/projects/", **bearer(raw, other_workspace.slug)).status_code == 200


# --- two-factor authentication -------------------------------------------------------------------------


def test_the_header_cannot_reach_an_mfa_workspace_without_mfa(
    workspace, other_workspace, member, login
) -> None:
    workspace.mfa_required = True
    workspace.save()
    add_member(other_workspace, member, Role.MEMBER)
    client = _in_other(login(member), other_workspace)
    assert client.get("/api/v1/workspace").status_code == 200
    response = client.get("/api/v1/workspace/members", HTTP_X_KYOSO_WORKSPACE="test-ws")
    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["detail"]
    _give_mfa(member)
    assert client.get("/api/v1/workspace/members", HTTP_X_KYOSO_WORKSPACE="test-ws").status_code == 200


def test_a_token_for_an_mfa_workspace_needs_mfa(workspace, other_workspace, member, login) -> None:
    workspace.mfa_required = True
    workspace.save()
    add_member(other_workspace, member, Role.MEMBER)
    client = _in_other(login(member), other_workspace)
    refused = _new_token(client)
    assert refused.status_code == 403 and "two-factor authentication" in refused.json()["detail"]
    assert _new_token(client, None).status_code == 403
    _give_mfa(member)
    assert _new_token(client).status_code == 201


def test_a_service_token_follows_the_mfa_rule_of_its_workspace(workspace, owner) -> None:
    """A service token acts as the owner who made it, so it meets the rules that owner meets."""
    _t, raw = make_token(owner, ["projects:read"], workspace=workspace, kind="service")
    assert Client().get("/api/v1/projects/", **bearer(raw)).status_code == 200
    workspace.mfa_required = True
    workspace.save()
    refused = Client().get("/api/v1/projects/", **bearer(raw))
    assert refused.status_code == 403 and "two-factor authentication" in refused.json()["detail"]
    _give_mfa(owner)
    assert Client().get("/api/v1/projects/", **bearer(raw)).status_code == 200


def test_the_web_token_page_does_not_issue_an_unbound_token_past_a_rule(
    workspace, other_workspace, member, login
) -> None:
    workspace.mfa_required = True
    workspace.save()
    add_member(other_workspace, member, Role.MEMBER)
    client = _in_other(login(member), other_workspace)
    response = client.post(
        reverse("api_settings:tokens"), {"name": "ci", "kind": "personal", "scope_projects": "read"}
    )
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=member).exists()


# --- re-authentication ---------------------------------------------------------------------------------


def test_session_api_writes_need_a_recent_sign_in(workspace, owner, member, login) -> None:
    client = login(owner, fresh=False)
    just_signed_in(client, owner, seconds_ago=3600)
    theirs = Membership.objects.get(user=member, workspace=workspace)
    role = client.patch(
        f"/api/v1/workspace/members/{theirs.pk}", {"role": "viewer"}, content_type="application/json"
    )
    assert role.status_code == 403 and "re-authenticate" in role.json()["detail"]
    token = _new_token(client)
    assert token.status_code == 403 and "re-authenticate" in token.json()["detail"]
    theirs.refresh_from_db()
    assert theirs.role == Role.MEMBER and not ApiToken.objects.exists()
    # a bearer token is not a browser session: it is not asked to re-authenticate
    _t, raw = make_token(owner, ["workspace:write"], workspace=workspace)
    by_token = Client().patch(
        f"/api/v1/workspace/members/{theirs.pk}",
        {"role": "viewer"},
        content_type="application/json",
        **bearer(raw),
    )
    assert by_token.status_code == 200
    just_signed_in(client, owner)
    assert _new_token(client).status_code == 201
    assert (
        client.patch(
            f"/api/v1/workspace/members/{theirs.pk}", {"role": "member"}, content_type="application/json"
        ).status_code
        == 200
    )


# --- QR check-in ---------------------------------------------------------------------------------------


def _event_code(workspace: Workspace, owner: User) -> str:
    event = make_event(workspace, owner)
    participant = event.participants.first()
    return reverse("events:checkin", args=[checkin.token_for(participant)])


@pytest.mark.parametrize("rule", [entry.MFA, entry.SSO])
def test_a_checkin_code_applies_the_rules_of_its_workspace(rule, workspace, other_workspace, login) -> None:
    organiser = make_user("organiser@example.com", "運営")
    add_member(workspace, organiser, Role.OWNER)
    add_member(other_workspace, organiser, Role.OWNER)
    url = _event_code(workspace, organiser)
    client = _in_other(login(organiser), other_workspace)
    assert client.get(url).status_code == 200
    if rule == entry.MFA:
        workspace.mfa_required = True
        workspace.save()
    else:
        _require_sso(workspace)
    refused = client.get(url)
    assert refused.status_code == 403
    assert workspace.name in refused.content.decode()
    assert client.post(url, {"state": "checked_in"}).status_code == 403
    if rule == entry.MFA:
        _give_mfa(organiser)
    else:
        _came_through_idp(client, workspace)
    assert client.get(url).status_code == 200


# --- two-factor authentication through the workspace's identity provider -------------------------------
# The company's IdP is responsible for the second factor of the people who sign in through it: a
# session that signed in through the workspace's IdP meets that workspace's MFA rule, not another's.


def _sso_without_the_rule(workspace: Workspace) -> WorkspaceSSO:
    _require_sso(workspace)
    sso = WorkspaceSSO.objects.get(workspace=workspace)
    sso.require_sso = False
    sso.save()
    services._forget_rule(workspace)
    return sso


def _require_mfa(workspace: Workspace) -> None:
    workspace.mfa_required = True
    workspace.save()


def test_an_idp_session_meets_its_workspaces_mfa_rule_through_the_api(
    workspace, other_workspace, member, login
) -> None:
    _require_mfa(workspace)
    _sso_without_the_rule(workspace)
    add_member(other_workspace, member, Role.MEMBER)
    client = _in_other(login(member), other_workspace)
    refused = client.get("/api/v1/workspace/members", HTTP_X_KYOSO_WORKSPACE="test-ws")
    assert refused.status_code == 403 and "two-factor authentication" in refused.json()["detail"]
    _came_through_idp(client, other_workspace)  # another workspace's IdP proves nothing here
    assert client.get("/api/v1/workspace/members", HTTP_X_KYOSO_WORKSPACE="test-ws").status_code == 403
    _came_through_idp(client, workspace)
    assert client.get("/api/v1/workspace/members", HTTP_X_KYOSO_WORKSPACE="test-ws").status_code == 200
    assert _new_token(client).status_code == 201


def test_an_idp_sign_in_does_not_meet_another_workspaces_mfa_rule(
    workspace, other_workspace, member, login
) -> None:
    _require_mfa(other_workspace)
    _sso_without_the_rule(workspace)
    add_member(other_workspace, member, Role.MEMBER)
    client = login(member)
    _came_through_idp(client, workspace)
    response = client.get("/api/v1/workspace/members", HTTP_X_KYOSO_WORKSPACE="other-ws")
    assert response.status_code == 403 and "other-ws" in response.json()["detail"]
    assert _new_token(client, "other-ws").status_code == 403
    # a token bound to no workspace would reach the MFA one as well
    assert _new_token(client, None).status_code == 403
    assert _new_token(client).status_code == 201


def test_an_old_idp_sign_in_still_meets_the_mfa_rule_but_not_the_sso_rule(
    workspace, member, login, settings
) -> None:
    settings.KYOSO_SSO_MAX_AGE_HOURS = 1
    _require_mfa(workspace)
    _sso_without_the_rule(workspace)
    client = login(member)
    session = client.session
    session[selectors.SESSION_KEY] = {str(workspace.pk): time.time() - 2 * 3600}
    session.save()
    # a session that proved its second factor stays proven, as with Kyoso's own authenticator
    assert client.get("/api/v1/workspace/members").status_code == 200
    sso = WorkspaceSSO.objects.get(workspace=workspace)
    sso.require_sso = True
    sso.save()
    services._forget_rule(workspace)
    response = client.get("/api/v1/workspace/members")
    assert response.status_code == 403 and "single sign-on" in response.json()["detail"]


def test_switching_sso_off_hands_the_second_factor_back_to_kyoso(workspace, member, login) -> None:
    _require_mfa(workspace)
    sso = _sso_without_the_rule(workspace)
    client = login(member)
    _came_through_idp(client, workspace)
    assert client.get("/api/v1/workspace/members").status_code == 200
    sso.enabled = False
    sso.save()
    services._forget_rule(workspace)
    assert entry.unmet_rules(client.session, member, workspace) == (entry.MFA,)
    assert client.get("/api/v1/workspace/members").status_code == 403


def test_a_personal_token_in_an_mfa_workspace_works_for_an_account_linked_to_its_idp(
    workspace, other_workspace, member
) -> None:
    from allauth.socialaccount.models import SocialAccount

    _require_mfa(workspace)
    sso = _sso_without_the_rule(workspace)
    _t, raw = make_token(member, ["workspace:read"], workspace=workspace)
    refused = Client().get("/api/v1/workspace/members", **bearer(raw))
    assert refused.status_code == 403 and "two-factor authentication" in refused.json()["detail"]
    # linked to another workspace's IdP: still Kyoso's own second factor here
    other_sso = _sso_without_the_rule(other_workspace)
    SocialAccount.objects.create(user=member, provider=other_sso.provider_id, uid="member-elsewhere")
    assert Client().get("/api/v1/workspace/members", **bearer(raw)).status_code == 403
    SocialAccount.objects.create(user=member, provider=sso.provider_id, uid="member-at-corp")
    assert Client().get("/api/v1/workspace/members", **bearer(raw)).status_code == 200


def test_the_web_pages_of_an_mfa_workspace_open_to_an_idp_session(
    workspace, other_workspace, member, login
) -> None:
    _require_mfa(workspace)
    _sso_without_the_rule(workspace)
    client = login(member)
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    _came_through_idp(client, other_workspace)
    assert client.get(reverse("projects:list"))["Location"] == reverse("mfa_activate_totp")
    _came_through_idp(client, workspace)
    assert client.get(reverse("projects:list")).status_code == 200


def test_a_checkin_code_of_an_mfa_workspace_opens_to_an_idp_session(
    workspace, other_workspace, login
) -> None:
    organiser = make_user("organiser@example.com", "運営")
    add_member(workspace, organiser, Role.OWNER)
    add_member(other_workspace, organiser, Role.OWNER)
    url = _event_code(workspace, organiser)
    _require_mfa(workspace)
    _sso_without_the_rule(workspace)
    client = _in_other(login(organiser), other_workspace)
    assert client.get(url).status_code == 403
    _came_through_idp(client, workspace)
    assert client.get(url).status_code == 200
