"""Recording who created, changed, exported or viewed a sensitive record."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from kyoso.accounts.models import AuditAction, AuditEvent, Workspace


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    workspace: Workspace | None = None,
    request: HttpRequest | None = None,
    changes: dict[str, Any] | None = None,
    model: str | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    if workspace is None and obj is not None:
        workspace = _workspace_of(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        workspace=workspace,
        user=user,
        user_email=getattr(user, "email", "") if user else "",
        action=str(action),
        model=model or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        changes=changes or {},
        ip_address=client_ip(request),
    )


def _workspace_of(obj: models.Model) -> Workspace | None:
    if isinstance(obj, Workspace):
        return obj
    scope = getattr(type(obj), "scope", None)
    path = getattr(scope, "workspace", None)
    if not path:
        return None
    target: Any = obj
    for part in path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if isinstance(target, Workspace) else None


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{field: [old, new]} for the fields whose value differs, as strings for JSON."""
    return {
        key: [str(before.get(key)), str(after.get(key))] for key in after if before.get(key) != after.get(key)
    }
