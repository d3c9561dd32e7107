from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kyoso.core.navigation import nav_entries


def layout(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    partner_only = getattr(request, "membership", None) is None
    return {
        "nav": nav_entries(request.path, partner_only=partner_only, user=user),
        "partner_only": partner_only,
    }
