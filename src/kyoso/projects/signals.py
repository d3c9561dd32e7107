"""Signals for later apps (risk recompute, webhooks, knowledge).

* `stage_changed(sender=Project, project, old_stage, new_stage, by)` — after a stage change.
* `gate_decided(sender=GateDecision, project, gate, decision, by)` — after a gate decision is recorded.
* `project_changed(sender=Project, project)` — after any committed write that changes snapshot data.

All three are sent through `transaction.on_commit`, so listeners never see rolled-back data.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

stage_changed = Signal()
gate_decided = Signal()
project_changed = Signal()


def send_on_commit(signal: Signal, sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))


def notify_project_changed(project: Any) -> None:
    from kyoso.projects.models import Project

    send_on_commit(project_changed, Project, project=project)
