"""Reads of the API app's own records (tokens), shared by the settings pages and the API routes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kyoso.accounts.models import Membership, Role, Workspace
from kyoso.api.models import ApiToken, TokenKind


def tokens_visible_to(user: Any, workspace: Workspace | None) -> QuerySet[ApiToken]:
    """The caller's own tokens, plus the workspace's service tokens for its owners."""
    condition = Q(user=user)
    if (
        workspace is not None
        and Membership.objects.filter(user=user, workspace=workspace, role=Role.OWNER).exists()
    ):
        condition |= Q(workspace=workspace, kind=TokenKind.SERVICE)
    return ApiToken.objects.filter(condition).select_related("workspace", "user")


def visible_token(user: Any, workspace: Workspace | None, pk: int) -> ApiToken | None:
    return tokens_visible_to(user, workspace).filter(pk=pk).first()
