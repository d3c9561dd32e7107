"""Demo: diagnose every demo project, so the heat map and warnings are filled on first login."""

from __future__ import annotations

from typing import Any


def load_demo_diagnoses(ctx: Any) -> None:
    from kyoso.risk.services import recompute_all

    recompute_all(workspace=ctx.workspace)
