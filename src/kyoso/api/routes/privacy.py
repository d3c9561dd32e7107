"""Personal data requests (APPI) for workspace owners: what the workspace stores about one person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from kyoso.accounts import services
from kyoso.accounts.models import Role
from kyoso.api.auth import caller, require_scope
from kyoso.api.conventions import errors

TAG = "workspace"
router = Router()


@router.get(
    "/person",
    response={200: dict[str, Any], **errors(422)},
    summary="Export one person's data in this workspace (owners)",
    description="Everything the workspace stores about the person with this e-mail address: membership, "
    "directory contacts, event participations, e-mail sent to them, API tokens and audit entries. "
    "Records of other people are left out. Recorded in the audit log as an export.",
)
@require_scope("workspace:read", roles={Role.OWNER})
def export_person(request: HttpRequest, email: str) -> Any:
    c = caller(request)
    return services.export_person(by=c.user, email=email, workspace=c.workspace)
