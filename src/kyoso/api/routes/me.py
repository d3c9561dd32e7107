"""Who am I: the caller, the credential used, and the workspaces they can work in."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kyoso.accounts import selectors
from kyoso.api.auth import caller
from kyoso.api.schemas import MeOut

TAG = "me"
router = Router()


@router.get(
    "",
    response=MeOut,
    summary="Who am I",
    description="The authenticated user, the token used (if any), the workspace this request works in "
    "(see X-Kyoso-Workspace) and every workspace the user belongs to.",
)
def me(request: HttpRequest) -> dict[str, object]:
    c = caller(request)
    bound = c.token.workspace_id if c.token is not None else None
    memberships = selectors.memberships_of(c.user, workspace_id=bound)
    try:
        current = c.membership
    except Exception:  # ambiguous workspace: /me still answers, with none chosen
        current = None
    token = c.token
    return {
        "user": {"id": c.user.pk, "email": c.user.email, "name": c.user.name, "language": c.user.language},
        "auth": c.via,
        "token": None
        if token is None
        else {
            "id": token.pk,
            "kind": token.kind,
            "name": token.name,
            "prefix": token.prefix,
            "scopes": token.scopes,
            "workspace": token.workspace.slug if token.workspace else None,
            "expires_at": token.expires_at,
        },
        "workspace": None
        if current is None
        else {
            "id": current.workspace.pk,
            "slug": current.workspace.slug,
            "name": current.workspace.name,
            "role": current.role,
        },
        "workspaces": [
            {"id": m.workspace.pk, "slug": m.workspace.slug, "name": m.workspace.name, "role": m.role}
            for m in memberships
        ],
    }
