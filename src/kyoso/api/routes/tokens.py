"""API tokens: list, create (browser session only), revoke (scope: tokens)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from kyoso.accounts import selectors as account_selectors
from kyoso.accounts.models import Workspace
from kyoso.api import selectors, services
from kyoso.api.auth import (
    Forbidden,
    NotFound,
    WorkspaceRuleUnmet,
    caller,
    require_recent_session_authentication,
    require_scope,
)
from kyoso.api.conventions import KyosoPagination, errors
from kyoso.api.models import ApiToken
from kyoso.api.schemas import TokenCreatedOut, TokenIn, TokenOut
from kyoso.core.errors import DomainError
from kyoso.sso import entry

TAG = "tokens"
router = Router()


def token_out(token: ApiToken) -> dict[str, object]:
    return {
        "id": token.pk,
        "kind": token.kind,
        "name": token.name,
        "prefix": token.prefix,
        "scopes": token.scopes,
        "workspace": token.workspace.slug if token.workspace else None,
        "user_email": token.user.email,
        "status": token.status,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


def _workspace(request: HttpRequest) -> Workspace | None:
    try:
        return caller(request).workspace
    except Exception:
        return None


def _visible(request: HttpRequest) -> QuerySet[ApiToken]:
    return selectors.tokens_visible_to(caller(request).user, _workspace(request))


def _one(request: HttpRequest, token_id: int) -> ApiToken:
    token = selectors.visible_token(caller(request).user, _workspace(request), token_id)
    if token is None:
        raise NotFound()
    return token


@router.get(
    "",
    response=list[TokenOut],
    summary="List API tokens",
    description="Your own tokens, and for owners the current workspace's service tokens. Secrets are never shown.",
)
@paginate(KyosoPagination)
@require_scope("tokens:read")
def list_tokens(request: HttpRequest, status: str | None = None) -> object:
    tokens = [token_out(t) for t in _visible(request)[:1000]]
    if status:
        tokens = [t for t in tokens if t["status"] == status]
    return tokens


@router.get("/{token_id}", response={200: TokenOut, **errors(404)}, summary="Get an API token")
@require_scope("tokens:read")
def get_token(request: HttpRequest, token_id: int) -> dict[str, object]:
    return token_out(_one(request, token_id))


@router.post(
    "",
    response={201: TokenCreatedOut, **errors(403, 422)},
    summary="Create an API token (browser session only)",
    description=(
        "The answer holds the secret once; only its hash is stored. Tokens cannot create tokens. "
        "The session must have signed in recently (else 403: re-authenticate in the browser), and must "
        "meet the rules (two-factor authentication, single sign-on) of the token's workspace, or of "
        "every workspace of yours for a token bound to none."
    ),
)
def create_token(request: HttpRequest, data: TokenIn) -> Status:
    c = caller(request)
    if c.token is not None:
        raise Forbidden("Tokens cannot create tokens; create one in the browser or with a logged-in session.")
    workspace = None
    if data.workspace:
        workspace = account_selectors.member_workspace_by_slug(c.user, data.workspace)
        if workspace is None:
            raise DomainError("No workspace with this slug that you are a member of.", field="workspace")
    refusal = entry.new_token_refusal(request.session, c.user, workspace)
    if refusal is not None:
        rule, where = refusal
        error = WorkspaceRuleUnmet(rule, where)
        if workspace is None:
            error.message += (
                " A token bound to no workspace reaches all of yours; bind it to one ('workspace')."
            )
        raise error
    require_recent_session_authentication(request)
    expires = timezone.now() + timedelta(days=data.expires_in_days) if data.expires_in_days else None
    token, raw = services.create_token(
        by=c.user,
        name=data.name,
        scopes=data.scopes,
        kind=data.kind,
        workspace=workspace,
        expires_at=expires,
    )
    return Status(201, {**token_out(token), "token": raw})


@router.delete("/{token_id}", response={204: None, **errors(403, 404)}, summary="Revoke an API token")
def revoke_token(request: HttpRequest, token_id: int) -> Status:
    c = caller(request)
    # a token is its user's key, not a workspace record: any role may revoke its own (see
    # selectors.tokens_visible_to), so only the token's scope is checked, not the role's write right
    if not c.has_scope("tokens:write"):
        raise Forbidden("This token lacks the 'tokens:write' scope.")
    token = _one(request, token_id)
    services.revoke_token(token=token, by=c.user)
    return Status(204, None)
