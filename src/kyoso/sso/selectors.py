"""Reads of the SSO settings. Sign-in happens before there is a workspace to scope by, so the
public lookups here (by provider id, by e-mail domain) return only what routing needs."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from kyoso.accounts.models import Membership, Role, Workspace
from kyoso.sso import crypto, domains
from kyoso.sso.models import Protocol, VerifiedDomain, WorkspaceSSO

PROVIDER_PREFIX = "ws-"
SESSION_KEY = "kyoso_sso_entered"


@dataclass(frozen=True)
class Rule:
    require_sso: bool
    provider_id: str


def settings_for_owner(workspace: Workspace) -> WorkspaceSSO | None:
    return WorkspaceSSO.objects.select_related("workspace").filter(workspace=workspace).first()


def domains_of(workspace: Workspace) -> QuerySet[VerifiedDomain]:
    return VerifiedDomain.objects.filter(workspace=workspace)


def domain_in(workspace: Workspace, pk: int) -> VerifiedDomain | None:
    return domains_of(workspace).filter(pk=pk).first()


def workspace_id_of_provider(provider_id: str) -> int | None:
    if not provider_id.startswith(PROVIDER_PREFIX):
        return None
    tail = provider_id[len(PROVIDER_PREFIX) :]
    return int(tail) if tail.isdigit() else None


def active_sso(workspace_id: int | None) -> WorkspaceSSO | None:
    if workspace_id is None:
        return None
    sso = (
        WorkspaceSSO.objects.select_related("workspace")
        .filter(workspace_id=workspace_id, enabled=True)
        .first()
    )
    return sso if sso is not None and sso.is_active else None


def sso_for_provider(provider_id: str) -> WorkspaceSSO | None:
    return active_sso(workspace_id_of_provider(provider_id))


def sso_for_email(email: str) -> WorkspaceSSO | None:
    """The active SSO of the workspace that verified the address's domain."""
    domain = domains.domain_of_email(email)
    if domain is None:
        return None
    record = VerifiedDomain.objects.filter(domain=domain, verified_at__isnull=False).first()
    return active_sso(record.workspace_id) if record else None


def email_in_verified_domain(sso: WorkspaceSSO, email: str) -> bool:
    domain = domains.domain_of_email(email or "")
    return (
        bool(domain) and domains_of(sso.workspace).filter(domain=domain, verified_at__isnull=False).exists()
    )


def rule_for(workspace: Workspace) -> Rule | None:
    """Whether the workspace requires SSO (cached briefly; services clear it on change)."""
    from kyoso.sso.services import RULE_CACHE_SECONDS, rule_cache_key

    key = rule_cache_key(workspace)
    cached = cache.get(key)
    if cached is None:
        sso = active_sso(workspace.pk)
        cached = (bool(sso and sso.require_sso), sso.provider_id if sso else "")
        cache.set(key, cached, RULE_CACHE_SECONDS)
    require, provider_id = cached
    return Rule(require_sso=require, provider_id=provider_id) if provider_id else None


def max_age_seconds() -> int:
    return int(getattr(settings, "KYOSO_SSO_MAX_AGE_HOURS", 24) * 3600)


def entered_through_sso(session: Any, workspace_id: int) -> bool:
    """Whether this session signed in through the workspace's IdP, recently enough."""
    marks = session.get(SESSION_KEY) or {}
    at = marks.get(str(workspace_id)) if isinstance(marks, dict) else None
    return isinstance(at, int | float) and time.time() - at < max_age_seconds()


def signed_in_through_sso(session: Any, workspace_id: int) -> bool:
    """Whether this session signed in through the workspace's IdP at all, however long ago."""
    marks = session.get(SESSION_KEY) or {}
    at = marks.get(str(workspace_id)) if isinstance(marks, dict) else None
    return isinstance(at, int | float)


def account_linked_to(user: Any, provider_id: str) -> bool:
    """Whether the account has signed in through this IdP (allauth links it on the first sign-in)."""
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.filter(user=user, provider=provider_id).exists()


def social_app(sso: WorkspaceSSO) -> Any:
    """The allauth SocialApp (not stored) for a workspace's identity provider."""
    from allauth.socialaccount.models import SocialApp

    name = sso.workspace.name
    if sso.protocol == Protocol.OIDC:
        return SocialApp(
            provider="openid_connect",
            provider_id=sso.provider_id,
            name=name,
            client_id=sso.oidc_client_id,
            secret=crypto.decrypt(sso.oidc_client_secret_encrypted),
            settings={
                "server_url": sso.oidc_issuer,
                "issuer": sso.oidc_issuer,
                "oauth_pkce_enabled": True,
                "fetch_userinfo": False,
                "hidden": True,
            },
        )
    return SocialApp(
        provider="saml",
        provider_id=sso.provider_id,
        name=name,
        client_id=sso.provider_id,
        settings={
            "hidden": True,
            "idp": {
                "entity_id": sso.saml_idp_entity_id,
                "sso_url": sso.saml_idp_sso_url,
                "x509cert": sso.saml_idp_x509cert,
            },
            "attribute_mapping": {
                "uid": [
                    "urn:oasis:names:tc:SAML:attribute:subject-id",
                    "http://schemas.microsoft.com/identity/claims/objectidentifier",
                ],
                "email": [
                    "urn:oid:0.9.2342.19200300.100.1.3",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                    "email",
                ],
                "first_name": [
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
                    "urn:oid:2.5.4.42",
                ],
                "last_name": [
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
                    "urn:oid:2.5.4.4",
                ],
            },
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "want_message_signed": False,
                "reject_idp_initiated_sso": True,
                "allow_single_label_domains": bool(getattr(settings, "KYOSO_SSO_ALLOW_PRIVATE", False)),
            },
        },
    )


def social_apps(provider: str | None, client_id: str | None) -> list[Any]:
    """The apps allauth asks for. Never the full list: which companies use Kyoso is not public."""
    if provider and provider.startswith(PROVIDER_PREFIX):
        sso = sso_for_provider(provider)
        ok = sso is not None and (client_id is None or client_id in (sso.oidc_client_id, sso.provider_id))
        return [social_app(sso)] if ok and sso else []
    if provider == "saml" and client_id:
        sso = sso_for_provider(client_id)
        return [social_app(sso)] if sso and sso.protocol == Protocol.SAML else []
    if provider == "openid_connect" and client_id:
        rows = WorkspaceSSO.objects.select_related("workspace").filter(
            enabled=True, protocol=Protocol.OIDC, oidc_client_id=client_id
        )
        return [social_app(sso) for sso in rows[:2] if sso.is_active]
    return []


def members_to_sign_out(workspace: Workspace) -> QuerySet[Membership]:
    """Members whose sessions the owner may end: people with an address at a verified domain."""
    verified = list(domains_of(workspace).filter(verified_at__isnull=False).values_list("domain", flat=True))
    qs = Membership.objects.select_related("user").filter(workspace=workspace).exclude(role=Role.OWNER)
    if not verified:
        return qs.none()
    from django.db.models import Q

    cond = Q()
    for domain in verified:
        cond |= Q(user__email__iendswith="@" + domain)
    return qs.filter(cond).order_by("user__email")
