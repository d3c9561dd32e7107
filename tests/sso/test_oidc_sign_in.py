"""The full OpenID Connect sign-in against a real provider (django-oauth-toolkit) on loopback."""

from __future__ import annotations

import base64
import json

import pytest
from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from django.test import Client

from kyoso.accounts.models import Membership, Role, User
from kyoso.sso import selectors
from tests.sso.helpers import (
    configure_oidc,
    finish,
    idp_authorize,
    leaving_url,
    param,
    start_sign_in,
    verified_domain,
    with_param,
)

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def sso(workspace, owner, oidc_idp):  # type: ignore[no-untyped-def]
    verified_domain(workspace, "corp.example")
    return configure_oidc(workspace, owner, oidc_idp, role=Role.VIEWER)


def test_the_login_page_routes_by_domain_and_pkce_and_nonce_are_sent(sso, oidc_idp) -> None:  # type: ignore[no-untyped-def]
    url = start_sign_in(Client(), "Taro@Corp.Example")
    assert url.startswith(f"{oidc_idp.issuer}/authorize/")
    assert param(url, "code_challenge_method") == "S256"
    assert len(param(url, "nonce")) >= 32
    assert param(url, "redirect_uri") == f"http://testserver/accounts/oidc/{sso.provider_id}/login/callback/"


def test_an_unknown_domain_stays_on_the_page_with_a_message(sso) -> None:  # type: ignore[no-untyped-def]
    response = Client().post("/sso/", {"email": "someone@unknown.example"})
    assert response.status_code == 400
    assert (
        "single sign-on" in response.content.decode().lower()
        or "シングルサインオン" in response.content.decode()
    )


def test_first_sign_in_creates_the_account_and_membership_with_the_chosen_role(sso, workspace) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    callback = idp_authorize(start_sign_in(client, "taro@corp.example"), "taro", "idp-pass-taro")
    response = finish(client, callback)
    assert response.status_code == 302, response.content[:800]
    user = User.objects.get(email="taro@corp.example")
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.VIEWER
    assert selectors.entered_through_sso(client.session, workspace.pk)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get("/").status_code == 200


def test_an_existing_account_with_the_address_is_linked_not_duplicated(sso, workspace, member) -> None:  # type: ignore[no-untyped-def]
    member.email = "hanako@corp.example"
    member.save()
    client = Client()
    finish(client, idp_authorize(start_sign_in(client, "hanako@corp.example"), "hanako", "idp-pass-hanako"))
    assert int(client.session["_auth_user_id"]) == member.pk
    assert User.objects.filter(email__iexact="hanako@corp.example").count() == 1
    assert Membership.objects.get(user=member, workspace=workspace).role == Role.MEMBER


def test_without_just_in_time_membership_a_stranger_is_refused(workspace, owner, oidc_idp) -> None:  # type: ignore[no-untyped-def]
    verified_domain(workspace, "corp.example")
    configure_oidc(workspace, owner, oidc_idp, jit=False)
    client = Client()
    response = finish(
        client, idp_authorize(start_sign_in(client, "taro@corp.example"), "taro", "idp-pass-taro")
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="taro@corp.example").exists()
    assert "_auth_user_id" not in client.session


def test_an_address_outside_the_verified_domains_is_refused(sso) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    # Kyoso routes taro's domain to this IdP, but the IdP answers for another person.
    response = finish(
        client, idp_authorize(start_sign_in(client, "taro@corp.example"), "mallory", "idp-pass-mallory")
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="mallory@elsewhere.example").exists()
    assert "_auth_user_id" not in client.session


def test_a_wrong_nonce_is_refused(sso, caplog) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    authorize = with_param(start_sign_in(client, "taro@corp.example"), nonce="another-nonce-" + "x" * 30)
    response = finish(client, idp_authorize(authorize, "taro", "idp-pass-taro"))
    assert "_auth_user_id" not in client.session
    assert response.status_code == 401  # allauth's error page in Kyoso's wording
    assert "nonce does not match" in caplog.text
    assert not User.objects.filter(email="taro@corp.example").exists()


def _tamper(id_token: str) -> str:
    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["email"] = "ceo@corp.example"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_a_tampered_id_token_is_refused(sso, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    real = OAuth2Client.get_access_token
    seen = {}

    def tampered(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        data = real(self, *args, **kwargs)
        seen["original"] = data["id_token"]
        data["id_token"] = _tamper(data["id_token"])
        return data

    monkeypatch.setattr(OAuth2Client, "get_access_token", tampered)
    client = Client()
    response = finish(
        client, idp_authorize(start_sign_in(client, "taro@corp.example"), "taro", "idp-pass-taro")
    )
    assert response.status_code == 401
    assert seen["original"]  # the real provider did answer
    assert "Signature verification failed" in caplog.text
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email__in=["ceo@corp.example", "taro@corp.example"]).exists()


def test_an_unsigned_id_token_is_refused(sso, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    real = OAuth2Client.get_access_token

    def unsigned(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        data = real(self, *args, **kwargs)
        _header, payload, _sig = data["id_token"].split(".")
        none_header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
        data["id_token"] = f"{none_header}.{payload}."
        return data

    monkeypatch.setattr(OAuth2Client, "get_access_token", unsigned)
    client = Client()
    finish(client, idp_authorize(start_sign_in(client, "taro@corp.example"), "taro", "idp-pass-taro"))
    assert "_auth_user_id" not in client.session
    assert "refused algorithm: 'none'" in caplog.text


def test_the_identity_provider_down_gives_a_clear_page_not_an_error(
    workspace, owner, oidc_idp, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    verified_domain(workspace, "corp.example")
    sso = configure_oidc(workspace, owner, oidc_idp)
    sso.oidc_issuer = "http://127.0.0.1:9/o"  # nothing listens on the discard port
    sso.save()
    response = Client().post("/sso/", {"email": "taro@corp.example"})
    assert response.status_code == 401
    assert "IdP に接続できなかった" in response.content.decode()


def test_a_workspace_that_requires_sso_is_entered_after_the_idp_sign_in(sso, workspace) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from kyoso.sso import services
    from tests.conftest import PASSWORD, add_member, make_user

    taro = make_user("taro@corp.example", "山田太郎")
    add_member(workspace, taro, Role.MEMBER)
    sso.require_sso = True
    sso.save()
    services._forget_rule(workspace)
    client = Client()
    assert (
        client.post(reverse("account_login"), {"login": taro.email, "password": PASSWORD}).status_code == 302
    )
    assert client.get("/")["Location"] == reverse("sso:enter")  # the password alone does not open it
    authorize = leaving_url(client.post(reverse("sso:enter")))
    assert authorize.startswith(sso.oidc_issuer)
    response = finish(client, idp_authorize(authorize, "taro", "idp-pass-taro"))
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == taro.pk
    assert client.get("/").status_code == 200


def test_a_workspace_that_requires_mfa_leaves_the_second_factor_to_its_idp(
    sso, workspace, other_workspace
) -> None:  # type: ignore[no-untyped-def]
    """Signed in through the workspace's IdP: no Kyoso authenticator asked for, there or in the API;
    a password session of the same person, and another MFA workspace, still ask for one."""
    from allauth.mfa.utils import is_mfa_enabled
    from django.urls import reverse

    from tests.conftest import PASSWORD, add_member, just_signed_in

    workspace.mfa_required = True
    workspace.save()
    client = Client()
    assert finish(client, idp_authorize(start_sign_in(client, "taro@corp.example"), "taro", "idp-pass-taro"))
    taro = User.objects.get(email="taro@corp.example")
    assert not is_mfa_enabled(taro)
    assert client.get(reverse("projects:list")).status_code == 200
    assert client.get("/api/v1/workspace").json()["slug"] == workspace.slug
    # a personal token for this workspace, made by this session, keeps working without the session
    just_signed_in(client, taro)
    created = client.post(
        "/api/v1/tokens",
        {"name": "cli", "scopes": ["workspace:read"], "workspace": workspace.slug},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    raw = created.json()["token"]
    assert Client().get("/api/v1/workspace", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    # another workspace's MFA rule is not met by this IdP
    other_workspace.mfa_required = True
    other_workspace.save()
    add_member(other_workspace, taro, Role.MEMBER)
    client.post(reverse("accounts:workspace_switch"), {"workspace": other_workspace.pk})
    assert client.get(reverse("projects:list"))["Location"] == reverse("mfa_activate_totp")
    # the same person with a password session is asked for Kyoso's second factor
    password = Client()
    taro.set_password(PASSWORD)
    taro.save()
    assert (
        password.post(reverse("account_login"), {"login": taro.email, "password": PASSWORD}).status_code
        == 302
    )
    password.post(reverse("accounts:workspace_switch"), {"workspace": workspace.pk})
    assert password.get(reverse("projects:list"))["Location"] == reverse("mfa_activate_totp")
