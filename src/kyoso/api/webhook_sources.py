"""Events of lower apps that become outgoing webhooks; lower apps never import the API.

The projects app sends its own Django signals after commit (stage changed, gate decided); the
risk and events apps announce domain events (`kyoso.core.domain_events`). This module subscribes
to both and queues the deliveries.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from kyoso.api.webhooks import emit
from kyoso.core import domain_events
from kyoso.projects.signals import gate_decided, stage_changed

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


def on_domain_event(name: str, *, workspace: Any, payload: Mapping[str, Any]) -> None:
    """The webhook carries the announced payload as is: event names and payloads are one contract."""
    emit(workspace, name, dict(payload))


def connect() -> None:
    for name in sorted(domain_events.NAMES):
        domain_events.subscribe(name, on_domain_event)  # type: ignore[arg-type]
    stage_changed.connect(on_stage_changed, dispatch_uid="kyoso.api.webhooks.stage_changed")
    gate_decided.connect(on_gate_decided, dispatch_uid="kyoso.api.webhooks.gate_decided")
