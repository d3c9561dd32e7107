"""Small builders for partner-directory tests (plain functions over the services)."""

from __future__ import annotations

from typing import Any

from kyoso.partners import services
from kyoso.partners.models import Organisation


def org(workspace: Any, name: str, kind: str = "startup", **fields: Any) -> Organisation:
    return services.create_organisation(workspace=workspace, by=None, name=name, kind=kind, **fields)
