"""Two-factor authentication (allauth.mfa): TOTP enrolment and sign-in, single-use recovery codes,
the workspace's MFA requirement, re-authentication before sensitive actions, and sessions."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import AuditEvent, User
from kyoso.api.models import ApiToken
from tests.conftest import PASSWORD, just_signed_in

pytestmark = pytest.mark.django_db


def _code(secret: str, *, step: int = 0) -> str:
    """The six digits an authenticator app shows now (or `step` periods later), computed here."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def _enrol(client: Client) -> str:
    """Set up an authenticator app on the signed-in client's account; returns the TOTP secret."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # shown for typing in when the QR code cannot be scanned
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return secret


def _password_step(email: str) -> tuple[Client, str]:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client, response["Location"]


def test_totp_enrolment_then_sign_in_needs_the_code(member: User, login) -> None:
    secret = _enrol(login(member))
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    # recovery codes come with it
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.RECOVERY_CODES).exists()

    client, location = _password_step(member.email)
    assert location == reverse("mfa_authenticate")
    # the password alone does not sign in
    assert client.get(reverse("core:dashboard")).status_code == 302
    wrong = client.post(location, {"code": "000000" if _code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert client.get(reverse("core:dashboard")).status_code == 302
    response = client.post(location, {"code": _code(secret, step=1)})
    if response.status_code == 200:  # the next period's code is not accepted yet: use the current one
        response = client.post(location, {"code": _code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_a_recovery_code_works_once(member: User, login) -> None:
    _enrol(login(member))
    codes = (
        Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    assert len(codes) >= 8
    client, location = _password_step(member.email)
    assert client.post(location, {"code": codes[0]}).status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200

    again, location = _password_step(member.email)
    refused = again.post(location, {"code": codes[0]})
    assert refused.status_code == 200
    assert again.get(reverse("core:dashboard")).status_code == 302
    assert again.post(location, {"code": codes[1]}).status_code == 302


def test_a_workspace_that_requires_mfa_sends_a_member_without_it_to_enrol(
    workspace, member: User, login
) -> None:
    workspace.mfa_required = True
    workspace.save()
    client = login(member)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("projects:list")).status_code == 302
    # the session API answers 403 instead of a redirect
    assert client.get("/api/v1/workspace").status_code == 403
    _enrol(client)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_the_owner_turns_the_requirement_on_only_with_a_second_factor(workspace, owner: User, login) -> None:
    client = login(owner)
    url = reverse("accounts:workspace_mfa")
    refused = client.post(url, {"mfa_required": "on"})
    assert refused.status_code == 400
    assert "ご自身" in refused.content.decode()
    workspace.refresh_from_db()
    assert not workspace.mfa_required
    _enrol(client)
    just_signed_in(client, owner)
    assert client.post(url, {"mfa_required": "on"}).status_code == 302
    workspace.refresh_from_db()
    assert workspace.mfa_required
    assert AuditEvent.objects.filter(action="update", changes__mfa_required=[False, True]).exists()
    api = client.get("/api/v1/workspace").json()
    assert api["mfa_required"] is True and "secret" not in str(api).lower()


def test_members_do_not_see_the_setting_in_the_api(workspace, member: User, login) -> None:
    assert login(member).get("/api/v1/workspace").json()["mfa_required"] is None


def test_creating_an_api_token_needs_a_recent_sign_in(member: User, login) -> None:
    client = login(member, fresh=False)
    just_signed_in(client, member, seconds_ago=3600)
    url = reverse("api_settings:tokens")
    posted = {"name": "CI", "kind": "personal", "expires": "90", "scope_projects": "read"}
    response = client.post(url, posted)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not ApiToken.objects.filter(user=member).exists()
    # the password again: the held request goes through
    done = client.post(response["Location"], {"password": PASSWORD})
    assert done.status_code == 200, done.status_code
    assert ApiToken.objects.filter(user=member, name="CI").exists()


def test_changing_a_role_needs_a_recent_sign_in(owner: User, member: User, login) -> None:
    client = login(owner, fresh=False)
    membership = member.memberships.get()
    response = client.post(reverse("accounts:member_role", args=[membership.pk]), {"role": "viewer"})
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    membership.refresh_from_db()
    assert membership.role == "member"


def test_the_owner_ends_a_members_sessions(owner: User, member: User, login) -> None:
    theirs, _ = _password_step(member.email)
    assert theirs.get(reverse("core:dashboard")).status_code == 200
    assert UserSession.objects.filter(user=member).count() == 1
    page = login(owner).get(reverse("accounts:members")).content.decode()
    assert "1 件" in page or "1 session" in page
    membership = member.memberships.get()
    response = login(owner).post(reverse("accounts:member_sessions_end", args=[membership.pk]))
    assert response.status_code == 302
    assert not UserSession.objects.filter(user=member).exists()
    assert theirs.get(reverse("core:dashboard")).status_code == 302


def test_my_sessions_page_signs_out_the_other_browsers(member: User) -> None:
    first, _ = _password_step(member.email)
    second, _ = _password_step(member.email)
    first.get("/"), second.get("/")
    page = first.get(reverse("usersessions_list"))
    assert page.status_code == 200
    just_signed_in(first, member)
    first.post(reverse("usersessions_list"))
    assert first.get(reverse("core:dashboard")).status_code == 200
    assert second.get(reverse("core:dashboard")).status_code == 302


def test_a_personal_token_is_refused_where_mfa_is_required_until_its_user_has_it(
    workspace, member: User, login
) -> None:
    from tests.api.helpers import bearer, make_token

    _token, raw = make_token(member, ["workspace:read"])
    assert Client().get("/api/v1/workspace", **bearer(raw)).status_code == 200
    workspace.mfa_required = True
    workspace.save()
    refused = Client().get("/api/v1/workspace", **bearer(raw))
    assert refused.status_code == 403 and "two-factor" in refused.json()["detail"]
    _enrol(login(member))
    assert Client().get("/api/v1/workspace", **bearer(raw)).status_code == 200
