from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kyoso.accounts.services import workspaces_of


def workspace(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    return {
        "current_workspace": getattr(request, "workspace", None),
        "current_membership": membership,
        "can_write": bool(membership and membership.can_write),
        "my_workspaces": workspaces_of(user) if user is not None and user.is_authenticated else [],
    }
