"""The workspace's audit log (owners; scope: workspace:read)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from kyoso.accounts import selectors
from kyoso.accounts.models import Role
from kyoso.api.auth import caller, require_scope
from kyoso.api.conventions import KyosoPagination
from kyoso.api.schemas import AuditEventOut

TAG = "workspace"
router = Router()


@router.get(
    "",
    response=list[AuditEventOut],
    summary="List audit events (owners)",
    description="Newest first. Filter by action (create, update, delete, view, export, …), record type "
    "(e.g. projects.Project), user e-mail and time range.",
)
@paginate(KyosoPagination)
@require_scope("workspace:read", roles={Role.OWNER})
def list_audit_events(
    request: HttpRequest,
    action: str | None = None,
    model: str | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> object:
    c = caller(request)
    qs = selectors.audit_events(c.user, c.workspace)
    if action:
        qs = qs.filter(action=action)
    if model:
        qs = qs.filter(model=model)
    if user:
        qs = qs.filter(user_email__iexact=user)
    # In UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts.
    if since:
        qs = qs.filter(at__gte=since.astimezone(UTC))
    if until:
        qs = qs.filter(at__lt=until.astimezone(UTC))
    return qs.order_by("-at", "-id")
