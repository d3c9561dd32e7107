from __future__ import annotations

import pytest
from django.test import override_settings

from kyoso.accounts.models import User, Workspace
from kyoso.api.models import WebhookDelivery
from kyoso.api.webhooks import create_endpoint
from kyoso.projects import services as projects

pytestmark = pytest.mark.django_db


@override_settings(KYOSO_WEBHOOKS_ALLOW_PRIVATE=True)
def test_a_stage_change_queues_a_signed_webhook_for_subscribed_endpoints(
    workspace: Workspace, owner: User, django_capture_on_commit_callbacks
) -> None:
    create_endpoint(
        workspace=workspace, url="http://127.0.0.1:9/hook", events=["project.stage_changed"], by=owner
    )
    create_endpoint(workspace=workspace, url="http://127.0.0.1:9/other", events=["gate.decided"], by=owner)
    project = projects.create_project(workspace=workspace, by=owner, title="外観検査AI")
    with django_capture_on_commit_callbacks(execute=True):
        projects.change_stage(project=project, stage="poc", by=owner, reason="探索完了")
    deliveries = WebhookDelivery.objects.filter(event="project.stage_changed")
    # Each delivery attempt is its own row; one event reached one endpoint.
    assert deliveries.values("event_id").distinct().count() == 1
    assert {d.endpoint.url for d in deliveries} == {"http://127.0.0.1:9/hook"}
    payload = deliveries.order_by("pk").first().payload
    assert payload["event"] == "project.stage_changed"
    assert payload["data"]["from"] == "exploration" and payload["data"]["to"] == "poc"
