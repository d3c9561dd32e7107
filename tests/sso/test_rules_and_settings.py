"""The owner's rules: SSO required per workspace, domains proven by DNS, sessions ended, settings
behind re-authentication, the API read-out without secrets."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import Membership, Role, Workspace
from kyoso.api.services import create_token
from kyoso.core.errors import DomainError
from kyoso.sso import crypto, selectors, services
from kyoso.sso.models import Protocol, VerifiedDomain, WorkspaceSSO
from tests.conftest import PASSWORD, add_member, make_user
from tests.sso.helpers import verified_domain

pytestmark = pytest.mark.django_db


def _require_sso(workspace: Workspace) -> WorkspaceSSO:
    """An active OIDC configuration with the rule on, written as the service would leave it."""
    sso = WorkspaceSSO.objects.create(
        workspace=workspace,
        protocol=Protocol.OIDC,
        enabled=True,
        oidc_issuer="https://login.corp.example/v2.0",
        oidc_client_id="kyoso",
        oidc_client_secret_encrypted=crypto.encrypt("s3cret-value"),
        require_sso=True,
    )
    services._forget_rule(workspace)
    return sso


def _password_login(email: str) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def _mark(client: Client, workspace: Workspace) -> None:
    session = client.session
    session[selectors.SESSION_KEY] = {str(workspace.pk): time.time()}
    session.save()


def test_a_password_sign_in_does_not_open_a_workspace_that_requires_sso(workspace, member) -> None:  # type: ignore[no-untyped-def]
    _require_sso(workspace)
    client = _password_login(member.email)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("sso:enter")
    page = client.get(reverse("sso:enter"))
    assert page.status_code == 200
    assert workspace.name in page.content.decode()
    assert client.get(reverse("projects:list")).status_code == 302


def test_a_session_that_came_through_the_idp_opens_it(workspace, member) -> None:  # type: ignore[no-untyped-def]
    _require_sso(workspace)
    client = _password_login(member.email)
    _mark(client, workspace)
    assert client.get("/").status_code == 200


def test_an_old_idp_sign_in_no_longer_counts(workspace, member, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KYOSO_SSO_MAX_AGE_HOURS = 1
    _require_sso(workspace)
    client = _password_login(member.email)
    session = client.session
    session[selectors.SESSION_KEY] = {str(workspace.pk): time.time() - 2 * 3600}
    session.save()
    assert client.get("/")["Location"] == reverse("sso:enter")


def test_each_workspace_applies_its_own_rule(workspace, other_workspace, member) -> None:  # type: ignore[no-untyped-def]
    _require_sso(workspace)
    add_member(other_workspace, member, Role.MEMBER)
    client = _password_login(member.email)
    client.post(reverse("accounts:workspace_switch"), {"workspace": other_workspace.pk})
    assert client.get("/").status_code == 200
    client.post(reverse("accounts:workspace_switch"), {"workspace": workspace.pk})
    assert client.get("/")["Location"] == reverse("sso:enter")
    _mark(client, workspace)
    assert client.get("/").status_code == 200


def test_password_sign_in_still_works_where_sso_is_not_required(workspace, member) -> None:  # type: ignore[no-untyped-def]
    sso = _require_sso(workspace)
    sso.require_sso = False
    sso.save()
    services._forget_rule(workspace)
    assert _password_login(member.email).get("/").status_code == 200


def test_api_tokens_keep_working(workspace, member) -> None:  # type: ignore[no-untyped-def]
    _require_sso(workspace)
    _token, raw = create_token(by=member, name="CI", scopes=["workspace:read"], workspace=workspace)
    response = Client().get("/api/v1/workspace", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["slug"] == workspace.slug


def test_requiring_sso_needs_the_owner_to_have_used_it_first(workspace, owner) -> None:  # type: ignore[no-untyped-def]
    WorkspaceSSO.objects.create(
        workspace=workspace,
        enabled=True,
        oidc_issuer="https://login.corp.example/v2.0",
        oidc_client_id="k",
        oidc_client_secret_encrypted=crypto.encrypt("x"),
    )
    with pytest.raises(DomainError) as exc:
        services._check_rules(
            services.settings_of(workspace),
            enabled=True,
            require_sso=True,
            jit_role="member",
            proven_by_sso=False,
        )
    assert exc.value.field == "require_sso"
    with pytest.raises(DomainError) as exc:
        services._check_rules(
            services.settings_of(workspace),
            enabled=False,
            require_sso=True,
            jit_role="member",
            proven_by_sso=True,
        )
    assert exc.value.field == "require_sso"


def test_an_unreachable_issuer_is_named_on_its_field(workspace, owner, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KYOSO_SSO_ALLOW_PRIVATE = False
    with pytest.raises(DomainError) as exc:
        services.save_oidc(
            workspace=workspace,
            by=owner,
            issuer="http://127.0.0.1:9/o",
            client_id="k",
            client_secret="s",
            enabled=True,
            require_sso=False,
            jit_enabled=False,
            jit_role="member",
        )
    assert exc.value.field == "oidc_issuer"
    assert "127.0.0.1" in exc.value.message
    assert not WorkspaceSSO.objects.filter(workspace=workspace, oidc_issuer__startswith="http://127").exists()


def test_a_non_web_issuer_is_refused(workspace, owner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        services.save_oidc(
            workspace=workspace,
            by=owner,
            issuer="file:///etc/passwd",
            client_id="k",
            client_secret="s",
            enabled=False,
            require_sso=False,
            jit_enabled=False,
            jit_role="member",
        )
    assert exc.value.field == "oidc_issuer"


# Domains


def test_a_domain_is_verified_by_its_txt_record(workspace, owner) -> None:  # type: ignore[no-untyped-def]
    record = services.add_domain(workspace=workspace, by=owner, domain="  Corp.Example. ")
    assert record.domain == "corp.example"
    with pytest.raises(DomainError):
        services.verify_domain(record=record, by=owner, resolver=lambda name: ["v=spf1 -all"])
    record.refresh_from_db()
    assert record.verified_at is None and record.last_checked_at is not None
    seen = []

    def resolver(name: str) -> list[str]:
        seen.append(name)
        return ["v=spf1 -all", f"kyoso-verification={record.token}"]

    services.verify_domain(record=record, by=owner, resolver=resolver)
    record.refresh_from_db()
    assert record.verified_at is not None and seen == ["corp.example"]


def test_a_dns_failure_says_so_and_verifies_nothing(workspace, owner) -> None:  # type: ignore[no-untyped-def]
    record = services.add_domain(workspace=workspace, by=owner, domain="corp.example")

    def broken(name: str) -> list[str]:
        raise OSError("timeout")

    with pytest.raises(DomainError) as exc:
        services.verify_domain(record=record, by=owner, resolver=broken)
    assert "timeout" in exc.value.message
    record.refresh_from_db()
    assert record.verified_at is None


def test_public_mail_and_malformed_domains_are_refused(workspace, owner) -> None:  # type: ignore[no-untyped-def]
    for bad in ("gmail.com", "not a domain", "localhost", "-x.example", ""):
        with pytest.raises(DomainError) as exc:
            services.add_domain(workspace=workspace, by=owner, domain=bad)
        assert exc.value.field == "domain"
    assert not VerifiedDomain.objects.exists()


def test_a_domain_verified_by_one_workspace_cannot_be_verified_by_another(
    workspace, other_workspace, owner, outsider
) -> None:  # type: ignore[no-untyped-def]
    verified_domain(workspace, "corp.example")
    record = services.add_domain(workspace=other_workspace, by=outsider, domain="corp.example")
    with pytest.raises(DomainError) as exc:
        services.verify_domain(record=record, by=outsider, resolver=lambda n: [record.txt_record])
    assert "別のワークスペースで確認済み" in exc.value.message


def test_the_real_resolver_reads_txt_records_through_dnspython(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dns.resolver

    from kyoso.sso import domains

    class Rdata:
        strings = (b"kyoso-verification=", b"abc")

    monkeypatch.setattr(dns.resolver, "resolve", lambda name, kind, lifetime: [Rdata()])
    assert domains.dns_txt("corp.example") == ["kyoso-verification=abc"]

    def nx(name, kind, lifetime):  # type: ignore[no-untyped-def]
        raise dns.resolver.NXDOMAIN()

    monkeypatch.setattr(dns.resolver, "resolve", nx)
    assert domains.dns_txt("corp.example") == []


# Sessions, pages, API


def test_the_owner_ends_a_members_sessions(workspace, owner) -> None:  # type: ignore[no-untyped-def]
    member = make_user("taro@corp.example")
    add_member(workspace, member, Role.MEMBER)
    verified_domain(workspace, "corp.example")
    assert list(selectors.members_to_sign_out(workspace).values_list("user__email", flat=True)) == [
        member.email
    ]
    member_client = _password_login(member.email)
    assert member_client.get("/").status_code == 200
    ended = services.end_sessions(workspace=workspace, user=member, by=owner)
    assert ended >= 1
    response = member_client.get("/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_settings_page_is_for_owners_and_shows_no_secret(workspace, owner, viewer, login) -> None:  # type: ignore[no-untyped-def]
    _require_sso(workspace)
    owner_client = login(owner)
    _mark(owner_client, workspace)
    page = owner_client.get(reverse("sso:settings"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "s3cret-value" not in text
    assert "/accounts/oidc/ws-" in text  # the redirect URI to register at the IdP
    assert login(viewer).get(reverse("sso:settings")).status_code in (302, 403)


def test_changing_settings_asks_to_sign_in_again(workspace, owner, login) -> None:  # type: ignore[no-untyped-def]
    client = login(owner, fresh=False)  # a session with no recent proof of identity
    response = client.post(reverse("sso:domain_add"), {"domain": "corp.example"})
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not VerifiedDomain.objects.exists()
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert VerifiedDomain.objects.get().domain == "corp.example"  # the held request went through
    assert "kyoso-verification=" in response.content.decode()


def test_a_fresh_sign_in_counts_and_bad_input_names_the_domain(workspace, owner) -> None:  # type: ignore[no-untyped-def]
    client = _password_login(owner.email)
    response = client.post(reverse("sso:domain_add"), {"domain": "corp.example"})
    assert response.status_code == 302 and response["Location"] == reverse("sso:settings")
    assert VerifiedDomain.objects.get().domain == "corp.example"
    bad = client.post(reverse("sso:domain_add"), {"domain": "gmail.com"})
    assert bad.status_code == 400
    assert "gmail.com" in bad.content.decode()


def test_the_api_shows_the_settings_to_owners_without_the_secret(workspace, owner, member) -> None:  # type: ignore[no-untyped-def]
    _require_sso(workspace)
    verified_domain(workspace, "corp.example")
    _t, raw = create_token(by=owner, name="admin", scopes=["workspace:read"], workspace=workspace)
    data = Client().get("/api/v1/workspace/sso", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert data["require_sso"] is True and data["oidc_client_secret_set"] is True
    assert "s3cret-value" not in str(data)
    assert data["domains"][0]["domain"] == "corp.example" and data["domains"][0]["verified"] is True
    _t, raw = create_token(by=member, name="m", scopes=["workspace:read"], workspace=workspace)
    assert Client().get("/api/v1/workspace/sso", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 403


def test_jit_adds_with_the_chosen_role_and_only_when_allowed(workspace) -> None:  # type: ignore[no-untyped-def]
    sso = _require_sso(workspace)
    person = make_user("new@corp.example")
    assert services.join_just_in_time(sso=sso, user=person) is None
    sso.jit_enabled = True
    sso.jit_role = Role.VIEWER
    sso.save()
    assert services.join_just_in_time(sso=sso, user=person).role == Role.VIEWER
    assert Membership.objects.filter(user=person).count() == 1


def test_the_list_of_identity_providers_is_never_public(workspace) -> None:  # type: ignore[no-untyped-def]
    from allauth.socialaccount.adapter import get_adapter

    _require_sso(workspace)
    assert get_adapter().list_apps(None) == []
    assert [a.provider_id for a in get_adapter().list_apps(None, provider=f"ws-{workspace.pk}")] == [
        f"ws-{workspace.pk}"
    ]


def test_the_workspace_settings_lead_to_the_sso_page(workspace, owner, login) -> None:  # type: ignore[no-untyped-def]
    page = login(owner).get(reverse("accounts:workspace_settings")).content.decode()
    assert reverse("sso:settings") in page and "シングルサインオン" in page


def test_the_sign_in_link_template_leads_to_the_address_form() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("sso/login_link.html", {"next": "/projects/"})
    assert reverse("sso:start") + "?next=/projects/" in html.replace("%2F", "/")
