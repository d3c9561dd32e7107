"""Schemas shared by all API routers (errors) and by the core routers (me, workspaces, tokens…)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from kyoso.core.safe_urls import WebURL


class ErrorOut(Schema):
    detail: str = Field(..., description="What went wrong, fit to show a person.")


class ErrorItem(Schema):
    loc: list[str | int] = Field(..., description='Where: e.g. ["body", "name"] or ["query", "limit"].')
    msg: str
    type: str = "value_error"


class ValidationErrorOut(Schema):
    detail: list[ErrorItem]


class UserOut(Schema):
    id: int
    email: str
    name: str
    language: str


class WorkspaceOut(Schema):
    id: int
    slug: str
    name: str
    role: str | None = Field(None, description="The caller's role in this workspace.")
    mfa_required: bool | None = Field(
        None,
        description="Owners only (null for others): members must use two-factor authentication to open the workspace.",
    )


class TokenInfoOut(Schema):
    id: int
    kind: str
    name: str
    prefix: str
    scopes: list[str]
    workspace: str | None = Field(None, description="Slug of the workspace the token is bound to.")
    expires_at: datetime | None


class MeOut(Schema):
    user: UserOut
    auth: str = Field(..., description="session, personal or service")
    token: TokenInfoOut | None
    workspace: WorkspaceOut | None = Field(None, description="The workspace this request works in.")
    workspaces: list[WorkspaceOut]


class MemberOut(Schema):
    id: int
    user_id: int
    email: str
    name: str
    role: str
    business_unit: str
    created_at: datetime

    @staticmethod
    def resolve_email(obj: Any) -> str:
        return obj["email"] if isinstance(obj, dict) else obj.user.email

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj["name"] if isinstance(obj, dict) else obj.user.name


class RoleIn(Schema):
    role: str = Field(..., description="owner, member, executive or viewer")


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    role: str = Field("member", description="owner, member, executive or viewer")
    language: Literal["ja", "en"] | None = Field(
        None, description="language of the invitation e-mail: ja | en; omitted or null: the inviter's own"
    )


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None
    pending: bool
    language: str = Field("", description="language of the invitation e-mail (ja | en)")


class TokenOut(Schema):
    id: int
    kind: str
    name: str
    prefix: str
    scopes: list[str]
    workspace: str | None
    user_email: str
    status: str = Field(..., description="active, expired or revoked")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIn(Schema):
    name: str = Field(..., max_length=100)
    kind: str = Field("personal", description="personal or service (service: owners only)")
    scopes: list[str] = Field(..., description='e.g. ["projects:write", "partners:read"]')
    workspace: str | None = Field(
        None, description="Bind the token to this workspace (slug); required for service tokens."
    )
    expires_in_days: int | None = Field(90, ge=1, le=3650, description="null: never expires")


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The secret. Shown only now; store it safely.")


class AuditEventOut(Schema):
    id: int
    at: datetime
    user_email: str
    action: str
    model: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    ip_address: str | None


class WebhookIn(Schema):
    url: WebURL = Field(..., max_length=500)
    events: list[str] = Field(..., description='Events to receive, e.g. ["gate.decided"]; "*" for all.')
    description: str = Field("", max_length=200)


class WebhookPatch(Schema):
    url: WebURL | None = Field(None, max_length=500)
    events: list[str] | None = None
    description: str | None = Field(None, max_length=200)
    is_enabled: bool | None = None


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    is_enabled: bool
    consecutive_failures: int
    disabled_reason: str
    created_at: datetime
    updated_at: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(..., description="The signing secret. Shown only now.")


class DeliveryOut(Schema):
    id: int
    event: str
    event_id: str
    attempt: int
    status: str
    response_code: int | None
    error: str
    duration_ms: int | None
    created_at: datetime
    delivered_at: datetime | None
    next_retry_at: datetime | None


class SSODomainOut(Schema):
    domain: str
    verified: bool
    txt_record: str = Field(description="The DNS TXT record that proves the domain.")
    verified_at: datetime | None = None


class SSOSettingsOut(Schema):
    """The workspace's single sign-on settings. Secrets are never returned."""

    protocol: str = Field(description="oidc or saml")
    enabled: bool
    active: bool = Field(description="Switched on and completely configured.")
    require_sso: bool
    jit_enabled: bool
    jit_role: str
    oidc_issuer: str
    oidc_client_id: str
    oidc_client_secret_set: bool
    saml_metadata_url: str
    saml_idp_entity_id: str
    saml_idp_sso_url: str
    domains: list[SSODomainOut]
