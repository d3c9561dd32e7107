"""Per-workspace single sign-on: the identity provider, the verified e-mail domains, the rules.

allauth reads these rows through `kyoso.sso.adapter.SocialAccountAdapter` (no SocialApp rows are
stored); the OpenID Connect client secret is kept encrypted (`kyoso.sso.crypto`) and never shown back.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.models import Role, Workspace
from kyoso.accounts.scoping import Scope, ScopedManager
from kyoso.core.safe_urls import validate_web_url


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


# Roles a person may receive when they first arrive through the identity provider.
JIT_ROLES = [(Role.MEMBER, Role.MEMBER.label), (Role.VIEWER, Role.VIEWER.label)]


def new_verification_token() -> str:
    return secrets.token_urlsafe(24)


class WorkspaceSSO(models.Model):
    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="sso", verbose_name=_("workspace")
    )
    protocol = models.CharField(_("protocol"), max_length=10, choices=Protocol.choices, default=Protocol.OIDC)
    enabled = models.BooleanField(_("SSO switched on"), default=False)
    # OpenID Connect
    oidc_issuer = models.CharField(
        _("issuer URL"), max_length=2048, blank=True, validators=[validate_web_url]
    )
    oidc_client_id = models.CharField(_("client ID"), max_length=255, blank=True)
    oidc_client_secret_encrypted = models.TextField(blank=True, editable=False)
    # SAML 2.0: the IdP metadata as given, and what was read from it.
    saml_metadata_url = models.CharField(
        _("IdP metadata URL"), max_length=2048, blank=True, validators=[validate_web_url]
    )
    saml_metadata_xml = models.TextField(_("IdP metadata XML"), blank=True)
    saml_idp_entity_id = models.CharField(_("IdP entity ID"), max_length=1024, blank=True, editable=False)
    saml_idp_sso_url = models.CharField(_("IdP sign-in URL"), max_length=2048, blank=True, editable=False)
    saml_idp_x509cert = models.TextField(blank=True, editable=False)
    # Rules
    require_sso = models.BooleanField(_("members must use SSO"), default=False)
    jit_enabled = models.BooleanField(_("add people from verified domains on first sign-in"), default=False)
    jit_role = models.CharField(
        _("role for people added on first sign-in"), max_length=20, choices=JIT_ROLES, default=Role.MEMBER
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("SSO settings")
        verbose_name_plural = _("SSO settings")

    def __str__(self) -> str:
        return f"SSO {self.workspace}"

    @property
    def provider_id(self) -> str:
        """The allauth provider id / SAML organisation slug of this workspace."""
        return f"ws-{self.workspace_id}"

    @property
    def has_secret(self) -> bool:
        return bool(self.oidc_client_secret_encrypted)

    @property
    def is_configured(self) -> bool:
        if self.protocol == Protocol.OIDC:
            return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret_encrypted)
        return bool(self.saml_idp_entity_id and self.saml_idp_sso_url and self.saml_idp_x509cert)

    @property
    def is_active(self) -> bool:
        return self.enabled and self.is_configured


class VerifiedDomain(models.Model):
    """An e-mail domain a workspace claims; verified once its DNS has the TXT record."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="sso_domains", verbose_name=_("workspace")
    )
    domain = models.CharField(_("domain"), max_length=253)
    token = models.CharField(max_length=64, default=new_verification_token, editable=False)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "domain"], name="sso_domain_once_per_workspace"),
            # A domain routes to one workspace only: the first to prove it owns it.
            models.UniqueConstraint(
                fields=["domain"],
                condition=models.Q(verified_at__isnull=False),
                name="sso_domain_verified_once",
            ),
        ]

    def __str__(self) -> str:
        return self.domain

    @property
    def txt_record(self) -> str:
        return f"kyoso-verification={self.token}"
