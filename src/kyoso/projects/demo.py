"""Demo projects (filled in below)."""
from __future__ import annotations

from typing import Any


def load_demo_projects(ctx: Any) -> None:
    return None
