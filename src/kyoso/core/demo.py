"""Demo data: each app contributes its part through a registered loader.

Loaders run in registration order inside one transaction, after the demo
workspace and its two users exist, and receive a `DemoContext` they may add to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEMO_WORKSPACE_SLUG = "kyoso-demo"
DEMO_WORKSPACE_NAME = "共創デモ株式会社 オープンイノベーション推進室"
DEMO_OWNER_EMAIL = "demo@kyoso.example"
DEMO_PARTNER_EMAIL = "partner@kyoso.example"
DEMO_PASSWORD = "demo"


@dataclass
class DemoContext:
    workspace: Any
    owner: Any
    partner_user: Any
    # Loaders leave what later loaders need here (e.g. organisations by key).
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable[[DemoContext], None]
    order: int = 100


_loaders: list[DemoLoader] = []


def register_demo_loader(loader: DemoLoader) -> None:
    if all(existing.name != loader.name for existing in _loaders):
        _loaders.append(loader)


def demo_loaders() -> list[DemoLoader]:
    return sorted(_loaders, key=lambda loader: loader.order)
