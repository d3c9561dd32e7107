"""Writes for API tokens (webhook writes live in `kyoso.api.webhooks`)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, Membership, Role, User, Workspace
from kyoso.api.models import ALL_SCOPES, ApiToken, TokenKind
from kyoso.core.errors import DomainError

TOKEN_PREFIX = "kyoso_"
# Last-used time is written at most once per this many seconds per token.
LAST_USED_THROTTLE = timedelta(seconds=60)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def normalise_scopes(scopes: Iterable[str]) -> list[str]:
    """Validated, sorted scopes; "<app>:write" adds "<app>:read"."""
    result: set[str] = set()
    for scope in scopes:
        scope = scope.strip()
        if scope not in ALL_SCOPES:
            raise DomainError(_("Unknown scope: %(scope)s") % {"scope": scope}, field="scopes")
        result.add(scope)
        app, level = scope.split(":")
        if level == "write":
            result.add(f"{app}:read")
    if not result:
        raise DomainError(_("Choose at least one permission for the token."), field="scopes")
    return sorted(result)


@transaction.atomic
def create_token(
    *,
    by: User,
    name: str,
    scopes: Iterable[str],
    kind: str = TokenKind.PERSONAL,
    workspace: Workspace | None = None,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; returns it and the raw secret, which is never stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name that says what uses it."), field="name")
    if kind not in TokenKind.values:
        raise DomainError(_("Choose a personal or a workspace service token."), field="kind")
    scope_list = normalise_scopes(scopes)
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry date must be in the future."), field="expires_at")
    if workspace is not None:
        membership = Membership.objects.filter(user=by, workspace=workspace).first()
        if membership is None:
            raise DomainError(_("You are not a member of this workspace."), field="workspace")
        if kind == TokenKind.SERVICE and membership.role != Role.OWNER:
            raise DomainError(_("Only workspace owners can create service tokens."), field="kind")
    elif kind == TokenKind.SERVICE:
        raise DomainError(_("A service token belongs to one workspace."), field="workspace")
    prefix = f"{TOKEN_PREFIX}{secrets.token_hex(5)}"
    while ApiToken.objects.filter(prefix=prefix).exists():  # pragma: no cover - 40 random bits
        prefix = f"{TOKEN_PREFIX}{secrets.token_hex(5)}"
    raw = f"{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        kind=kind,
        name=name[:100],
        user=by,
        workspace=workspace,
        prefix=prefix,
        token_hash=hash_token(raw),
        scopes=scope_list,
        expires_at=expires_at,
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATE,
        obj=token,
        workspace=workspace,
        changes={"scopes": scope_list, "kind": kind},
    )
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=by, action=AuditAction.DELETE, obj=token, workspace=token.workspace)
    return token


def find_token(raw: str) -> ApiToken | None:
    """The token behind a raw bearer string, active or not; None when there is no such token."""
    if not raw.startswith(TOKEN_PREFIX) or raw.count("_") < 2:
        return None
    prefix = raw[: raw.index("_", len(TOKEN_PREFIX))]
    token = ApiToken.objects.select_related("user", "workspace").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(raw)):
        return None
    return token


def touch_token(token: ApiToken, ip: str | None) -> None:
    """Record use, throttled so a busy script does not write on every request."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_THROTTLE:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
    token.last_used_at = now
    token.last_used_ip = ip
