"""Helpers for API tests: tokens and bearer headers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from kyoso.accounts.models import User, Workspace
from kyoso.api import services
from kyoso.api.models import ApiToken


def make_token(
    user: User,
    scopes: Iterable[str] = (
        "partners:write",
        "projects:write",
        "workspace:write",
        "webhooks:write",
        "tokens:write",
        "diagnosis:read",
    ),
    *,
    workspace: Workspace | None = None,
    kind: str = "personal",
    expires_at: datetime | None = None,
    name: str = "test",
) -> tuple[ApiToken, str]:
    return services.create_token(
        by=user, name=name, scopes=list(scopes), kind=kind, workspace=workspace, expires_at=expires_at
    )


def bearer(raw: str, workspace: str | None = None) -> dict[str, str]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if workspace:
        headers["HTTP_X_KYOSO_WORKSPACE"] = workspace
    return headers
