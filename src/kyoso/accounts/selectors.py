"""Reads of accounts: the workspaces a user belongs to and the workspace's audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kyoso.accounts.models import AuditEvent, Membership, Workspace


def member_workspace(user: Any, pk: int) -> Workspace | None:
    """The workspace `pk` if `user` is a member of it."""
    return Workspace.objects.for_member(user, Workspace(pk=pk)).first()


def member_workspace_by_slug(user: Any, slug: str) -> Workspace | None:
    return Workspace.objects.filter(slug=slug, memberships__user=user).first()


def memberships_of(user: Any, *, workspace_id: int | None = None) -> QuerySet[Membership]:
    """The user's own memberships (optionally only the one in `workspace_id`), by workspace name."""
    memberships = Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")
    if workspace_id is not None:
        memberships = memberships.filter(workspace_id=workspace_id)
    return memberships


def audit_events(user: Any, workspace: Workspace | None) -> QuerySet[AuditEvent]:
    """The workspace's audit log, for the pages and the API that filter it (owners only: the callers check)."""
    return AuditEvent.objects.for_member(user, workspace)  # type: ignore[attr-defined, no-any-return]
