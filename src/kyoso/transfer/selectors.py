"""Reads of the transfer app: the exports of a workspace, for its owners."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kyoso.accounts.models import Role
from kyoso.transfer.models import ExportJob


def exports_of(user: Any, workspace: Any) -> QuerySet[ExportJob]:
    """The workspace's exports if `user` owns it; nothing for any other role."""
    qs = ExportJob.objects.for_member(user, workspace)
    membership = workspace.memberships.filter(user=user).first() if workspace is not None else None
    if membership is None or membership.role != Role.OWNER:
        return qs.none()
    return qs.select_related("workspace").order_by("-created_at", "-id")
