"""Writes of the SSO settings: keyword-only, the acting owner as `by=`, DomainError naming the field."""

from __future__ import annotations

from typing import Any

import requests
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, Membership, Role, User, Workspace
from kyoso.core.errors import DomainError
from kyoso.core.outbound import OutboundRefused
from kyoso.core.safe_urls import UnsafeWebURL, check_web_url
from kyoso.sso import crypto, domains, fetch
from kyoso.sso.models import JIT_ROLES, Protocol, VerifiedDomain, WorkspaceSSO
from kyoso.sso.saml import BadMetadata, parse_metadata

RULE_CACHE_SECONDS = 30


def rule_cache_key(workspace: Workspace) -> str:
    # The creation time keeps a reused id (tests, restored backups) from reading another's rule.
    created = workspace.created_at.timestamp() if workspace.created_at else 0
    return f"kyoso.sso.rule.{workspace.pk}.{created}"


def _forget_rule(workspace: Workspace) -> None:
    key = rule_cache_key(workspace)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def settings_of(workspace: Workspace) -> WorkspaceSSO:
    sso, _created = WorkspaceSSO.objects.get_or_create(workspace=workspace)
    return sso


def _clean_url(value: str, field: str) -> str:
    value = (value or "").strip()
    try:
        check_web_url(value)
    except UnsafeWebURL as exc:
        raise DomainError(str(exc), field=field) from None
    try:
        fetch.check_address(value)
    except OutboundRefused as exc:
        raise DomainError(
            _("Kyoso may not call this address: %(reason)s") % {"reason": exc}, field=field
        ) from None
    return value


def discover_issuer(issuer: str) -> dict[str, Any]:
    """The issuer's discovery document, checked; raises DomainError on field oidc_issuer."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        with fetch.GuardedSession() as session:
            response = session.get(url)
            response.raise_for_status()
            config = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise DomainError(
            _("Could not read the discovery document at %(url)s: %(reason)s") % {"url": url, "reason": exc},
            field="oidc_issuer",
        ) from None
    if not isinstance(config, dict):
        raise DomainError(_("The discovery document is not a JSON object."), field="oidc_issuer")
    if str(config.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise DomainError(
            _("The discovery document names the issuer %(found)s, not %(given)s.")
            % {"found": config.get("issuer", "—"), "given": issuer},
            field="oidc_issuer",
        )
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not config.get(key):
            raise DomainError(_("The discovery document has no %(key)s.") % {"key": key}, field="oidc_issuer")
    if "code" not in config.get("response_types_supported", ["code"]):
        raise DomainError(
            _("The identity provider does not offer the authorization code flow."), field="oidc_issuer"
        )
    return config


def _check_rules(
    sso: WorkspaceSSO, *, enabled: bool, require_sso: bool, jit_role: str, proven_by_sso: bool
) -> None:
    if jit_role not in dict(JIT_ROLES):
        raise DomainError(_("Choose the role for people added on first sign-in."), field="jit_role")
    if require_sso and not enabled:
        raise DomainError(_("Switch SSO on before requiring it."), field="require_sso")
    if require_sso and not sso.require_sso and not proven_by_sso:
        raise DomainError(
            _(
                "Sign in through the identity provider once yourself (the button on this page) before "
                "requiring SSO, so that no one is locked out by a setting that does not work."
            ),
            field="require_sso",
        )


@transaction.atomic
def save_oidc(
    *,
    workspace: Workspace,
    by: User,
    issuer: str,
    client_id: str,
    client_secret: str = "",
    enabled: bool,
    require_sso: bool,
    jit_enabled: bool,
    jit_role: str,
    proven_by_sso: bool = False,
) -> WorkspaceSSO:
    """OpenID Connect settings. An empty `client_secret` keeps the stored one."""
    sso = settings_of(workspace)
    issuer = _clean_url(issuer, "oidc_issuer").rstrip("/")
    client_id = (client_id or "").strip()
    if not client_id:
        raise DomainError(_("Give the client ID the identity provider issued."), field="oidc_client_id")
    if len(client_id) > 255:
        raise DomainError(_("The client ID is longer than 255 characters."), field="oidc_client_id")
    client_secret = (client_secret or "").strip()
    if not client_secret and not sso.has_secret:
        raise DomainError(_("Give the client secret."), field="oidc_client_secret")
    if sso.protocol != Protocol.OIDC:
        require_sso = require_sso and sso.protocol == Protocol.OIDC
    _check_rules(
        sso, enabled=enabled, require_sso=require_sso, jit_role=jit_role, proven_by_sso=proven_by_sso
    )
    if enabled:
        discover_issuer(issuer)
    changes = {}
    for field, value in (
        ("protocol", Protocol.OIDC.value),
        ("oidc_issuer", issuer),
        ("oidc_client_id", client_id),
        ("enabled", enabled),
        ("require_sso", require_sso),
        ("jit_enabled", jit_enabled),
        ("jit_role", jit_role),
    ):
        if getattr(sso, field) != value:
            changes[field] = [getattr(sso, field), value]
            setattr(sso, field, value)
    if client_secret:
        sso.oidc_client_secret_encrypted = crypto.encrypt(client_secret)
        changes["oidc_client_secret"] = ["***", "***"]
    sso.updated_by = by
    sso.save()
    _forget_rule(workspace)
    audit.record(actor=by, action=AuditAction.UPDATE, obj=sso, changes=changes)
    return sso


@transaction.atomic
def save_saml(
    *,
    workspace: Workspace,
    by: User,
    metadata_url: str = "",
    metadata_xml: str = "",
    enabled: bool,
    require_sso: bool,
    jit_enabled: bool,
    jit_role: str,
    proven_by_sso: bool = False,
) -> WorkspaceSSO:
    """SAML settings from the IdP metadata: fetched from `metadata_url` now (through the guard), or pasted."""
    sso = settings_of(workspace)
    metadata_url = (metadata_url or "").strip()
    metadata_xml = (metadata_xml or "").strip()
    if sso.protocol != Protocol.SAML:
        require_sso = False
    _check_rules(
        sso, enabled=enabled, require_sso=require_sso, jit_role=jit_role, proven_by_sso=proven_by_sso
    )
    field = "saml_metadata_xml"
    if metadata_url:
        metadata_url = _clean_url(metadata_url, "saml_metadata_url")
        field = "saml_metadata_url"
        try:
            metadata_xml = fetch.get_text(metadata_url)
        except (requests.RequestException, OutboundRefused) as exc:
            raise DomainError(
                _("Could not read the metadata at this address: %(reason)s") % {"reason": exc}, field=field
            ) from None
    elif not metadata_xml:
        metadata_xml = sso.saml_metadata_xml
        if not metadata_xml:
            raise DomainError(
                _("Give the metadata URL or paste the metadata XML."), field="saml_metadata_xml"
            )
    try:
        idp = parse_metadata(metadata_xml)
    except BadMetadata as exc:
        raise DomainError(
            _("The IdP metadata is not usable: %(reason)s") % {"reason": exc}, field=field
        ) from None
    try:
        check_web_url(idp.sso_url)
    except UnsafeWebURL:
        raise DomainError(
            _("The metadata's sign-in address is not an http(s) address."), field=field
        ) from None
    before = {
        f: getattr(sso, f)
        for f in ("protocol", "enabled", "require_sso", "jit_enabled", "jit_role", "saml_idp_entity_id")
    }
    sso.protocol = Protocol.SAML
    sso.saml_metadata_url = metadata_url
    sso.saml_metadata_xml = metadata_xml
    sso.saml_idp_entity_id = idp.entity_id
    sso.saml_idp_sso_url = idp.sso_url
    sso.saml_idp_x509cert = idp.x509cert
    sso.enabled = enabled
    sso.require_sso = require_sso
    sso.jit_enabled = jit_enabled
    sso.jit_role = jit_role
    sso.updated_by = by
    sso.save()
    _forget_rule(workspace)
    after = {f: getattr(sso, f) for f in before}
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=sso,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return sso


@transaction.atomic
def add_domain(*, workspace: Workspace, by: User, domain: str) -> VerifiedDomain:
    try:
        name = domains.normalise(domain)
    except domains.BadDomain:
        raise DomainError(_("Enter a domain name such as example.co.jp."), field="domain") from None
    if name in domains.PUBLIC_MAIL_DOMAINS:
        raise DomainError(
            _("%(domain)s is a public mail service; only a company's own domain can be used.")
            % {"domain": name},
            field="domain",
        )
    if VerifiedDomain.objects.filter(workspace=workspace, domain=name).exists():
        raise DomainError(_("This domain is already listed."), field="domain")
    record = VerifiedDomain.objects.create(workspace=workspace, domain=name)
    audit.record(actor=by, action=AuditAction.CREATE, obj=record, changes={"domain": name})
    return record


def verify_domain(
    *, record: VerifiedDomain, by: User, resolver: domains.TxtResolver | None = None
) -> VerifiedDomain:
    """Look for the TXT record; marks the domain verified when it is there. Raises DomainError otherwise."""
    try:
        found = domains.has_token(record.domain, record.txt_record, resolver)
    except OSError as exc:
        raise DomainError(
            _("DNS did not answer for %(domain)s (%(reason)s). Try again later.")
            % {"domain": record.domain, "reason": exc},
            field="domain",
        ) from None
    now = timezone.now()
    with transaction.atomic():
        record.last_checked_at = now
        if not found:
            record.save(update_fields=["last_checked_at"])
        else:
            if (
                VerifiedDomain.objects.filter(domain=record.domain, verified_at__isnull=False)
                .exclude(pk=record.pk)
                .exists()
            ):
                raise DomainError(
                    _("%(domain)s is already verified by another workspace.") % {"domain": record.domain},
                    field="domain",
                )
            record.verified_at = record.verified_at or now
            try:
                with transaction.atomic():
                    record.save(update_fields=["last_checked_at", "verified_at"])
            except IntegrityError:
                raise DomainError(
                    _("%(domain)s is already verified by another workspace.") % {"domain": record.domain},
                    field="domain",
                ) from None
            audit.record(
                actor=by,
                action=AuditAction.UPDATE,
                obj=record,
                changes={"verified_at": [None, now.isoformat()]},
            )
    if not found:
        raise DomainError(
            _(
                "The TXT record %(record)s was not found at %(domain)s yet. DNS changes can take up to an hour."
            )
            % {"record": record.txt_record, "domain": record.domain},
            field="domain",
        )
    return record


@transaction.atomic
def remove_domain(*, record: VerifiedDomain, by: User) -> None:
    audit.record(actor=by, action=AuditAction.DELETE, obj=record, changes={"domain": record.domain})
    record.delete()


@transaction.atomic
def join_just_in_time(*, sso: WorkspaceSSO, user: User) -> Membership | None:
    """The user's membership of the SSO's workspace, created with the owner's chosen role when allowed."""
    membership = Membership.objects.filter(workspace=sso.workspace, user=user).first()
    if membership is not None or not sso.jit_enabled:
        return membership
    role = sso.jit_role if sso.jit_role in dict(JIT_ROLES) else Role.VIEWER
    membership = Membership.objects.create(workspace=sso.workspace, user=user, role=role)
    audit.record(
        actor=user,
        action=AuditAction.CREATE,
        obj=membership,
        changes={"role": role, "via": "sso"},
    )
    return membership


def end_sessions(*, workspace: Workspace, user: User, by: User) -> int:
    """Sign `user` out everywhere (allauth's user sessions); the next sign-in meets the IdP's rules again."""
    from allauth.usersessions.models import UserSession

    sessions = UserSession.objects.purge_and_list(user)
    for session in sessions:
        session.end()
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        workspace=workspace,
        model="accounts.User",
        object_repr=user.email,
        changes={"sessions_ended": len(sessions)},
    )
    return len(sessions)
