from __future__ import annotations

from typing import Any


def dashboard_panel_context(request: Any) -> dict[str, Any] | None:
    return None
