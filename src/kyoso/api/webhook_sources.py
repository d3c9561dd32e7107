"""Project events that become outgoing webhooks.

The projects app sends plain Django signals after commit; this module turns
them into webhook deliveries, so the projects app never imports the API.
"""

from __future__ import annotations

import logging
from typing import Any

from kyoso.api.webhooks import emit

logger = logging.getLogger(__name__)


def _project_ref(project: Any) -> dict[str, Any]:
    return {"id": project.pk, "title": project.title, "stage": project.stage}


def on_stage_changed(sender: Any, *, project: Any, old_stage: str, new_stage: str, **kwargs: Any) -> None:
    try:
        emit(
            project.workspace,
            "project.stage_changed",
            {"project": _project_ref(project), "from": old_stage, "to": new_stage},
        )
    except Exception:  # a webhook problem must never break the user's action
        logger.exception("could not queue project.stage_changed webhook")


def on_gate_decided(sender: Any, *, project: Any, gate: Any, decision: Any, **kwargs: Any) -> None:
    try:
        emit(
            project.workspace,
            "gate.decided",
            {
                "project": _project_ref(project),
                "gate": {"id": gate.pk, "stage": gate.stage},
                "decision": getattr(decision, "decision", str(decision)),
                "decided_on": str(getattr(decision, "decided_on", "")),
            },
        )
    except Exception:
        logger.exception("could not queue gate.decided webhook")


def connect() -> None:
    from django.apps import apps

    if not apps.is_installed("kyoso.projects"):
        return
    from kyoso.projects.signals import gate_decided, stage_changed

    stage_changed.connect(on_stage_changed, dispatch_uid="kyoso.api.webhooks.stage_changed")
    gate_decided.connect(on_gate_decided, dispatch_uid="kyoso.api.webhooks.gate_decided")
