"""Reads of the API app's own records (tokens), shared by the settings pages and the API routes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kyoso.accounts.models import Membership, Role, Workspace
from kyoso.api.models import ApiToken, TokenKind


def tokens_visible_to(user: Any, workspace: Workspace | None) -> QuerySet[ApiToken]:
    """The tokens `user` may list and revoke: the settings page and the /tokens API both use this.

    The rule, the same for every role in the web page and the API: a personal token is its user's
    key, not a workspace record, so owners, members, executives and viewers alike create, list and
    revoke their own; service tokens belong to a workspace, and only its owners create (see
    services.create_token), list and revoke them. Whatever its scopes, a token acts with its user's
    current role in the workspace it works in, so it never grants more than that role (a viewer's
    token with a write scope still cannot write). A token can revoke tokens (scope tokens:write)
    but never create one.
    """
    condition = Q(user=user)
    if (
        workspace is not None
        and Membership.objects.filter(user=user, workspace=workspace, role=Role.OWNER).exists()
    ):
        condition |= Q(workspace=workspace, kind=TokenKind.SERVICE)
    return ApiToken.objects.filter(condition).select_related("workspace", "user")


def visible_token(user: Any, workspace: Workspace | None, pk: int) -> ApiToken | None:
    return tokens_visible_to(user, workspace).filter(pk=pk).first()
