"""Webhook endpoints of the workspace and their delivery log (owners; scope: webhooks)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from kyoso.accounts.models import Role
from kyoso.api import webhooks
from kyoso.api.auth import caller, require_scope
from kyoso.api.conventions import KyosoPagination, errors
from kyoso.api.models import WebhookDelivery, WebhookEndpoint
from kyoso.api.schemas import DeliveryOut, WebhookCreatedOut, WebhookIn, WebhookOut, WebhookPatch

TAG = "webhooks"
router = Router()
OWNERS = {Role.OWNER}


def _delivery(d: WebhookDelivery) -> dict[str, object]:
    return {
        "id": d.pk,
        "event": d.event,
        "event_id": str(d.event_id),
        "attempt": d.attempt,
        "status": d.status,
        "response_code": d.response_code,
        "error": d.error,
        "duration_ms": d.duration_ms,
        "created_at": d.created_at,
        "delivered_at": d.delivered_at,
        "next_retry_at": d.next_retry_at,
    }


@router.get("/events", response=list[str], summary="List the events a webhook can subscribe to")
@require_scope("webhooks:read")
def list_events(request: HttpRequest) -> list[str]:
    return webhooks.EVENTS


@router.get("", response=list[WebhookOut], summary="List webhook endpoints (owners)")
@paginate(KyosoPagination)
@require_scope("webhooks:read", roles=OWNERS)
def list_webhooks(request: HttpRequest, enabled: bool | None = None) -> object:
    qs = caller(request).scoped(WebhookEndpoint).order_by("-created_at", "-id")
    if enabled is not None:
        qs = qs.filter(is_enabled=enabled)
    return qs


@router.post(
    "",
    response={201: WebhookCreatedOut, **errors(422)},
    summary="Register a webhook endpoint (owners)",
    description="The answer holds the signing secret, shown only now. Private and loopback addresses are refused.",
)
@require_scope("webhooks:write", roles=OWNERS)
def create_webhook(request: HttpRequest, data: WebhookIn) -> Status:
    c = caller(request)
    assert c.workspace is not None
    endpoint = webhooks.create_endpoint(
        workspace=c.workspace,
        url=data.url,
        events=data.events,
        description=data.description,
        by=c.user,
    )
    return Status(201, endpoint)


@router.get(
    "/{webhook_id}", response={200: WebhookOut, **errors(404)}, summary="Get a webhook endpoint (owners)"
)
@require_scope("webhooks:read", roles=OWNERS)
def get_webhook(request: HttpRequest, webhook_id: int) -> WebhookEndpoint:
    return caller(request).get(WebhookEndpoint, pk=webhook_id)


@router.patch(
    "/{webhook_id}",
    response={200: WebhookOut, **errors(404, 422)},
    summary="Change a webhook endpoint (owners)",
)
@require_scope("webhooks:write", roles=OWNERS)
def update_webhook(request: HttpRequest, webhook_id: int, data: WebhookPatch) -> WebhookEndpoint:
    c = caller(request)
    endpoint = c.get(WebhookEndpoint, pk=webhook_id)
    return webhooks.update_endpoint(endpoint=endpoint, by=c.user, **data.dict(exclude_unset=True))


@router.delete(
    "/{webhook_id}", response={204: None, **errors(404)}, summary="Delete a webhook endpoint (owners)"
)
@require_scope("webhooks:write", roles=OWNERS, sensitive=True)
def delete_webhook(request: HttpRequest, webhook_id: int) -> Status:
    c = caller(request)
    webhooks.delete_endpoint(endpoint=c.get(WebhookEndpoint, pk=webhook_id), by=c.user)
    return Status(204, None)


@router.post(
    "/{webhook_id}/test",
    response={202: DeliveryOut, **errors(404)},
    summary="Send a test delivery (owners)",
    description="Queues a signed 'ping' event; see its outcome in the delivery log.",
)
@require_scope("webhooks:write", roles=OWNERS)
def test_webhook(request: HttpRequest, webhook_id: int) -> Status:
    c = caller(request)
    delivery = webhooks.send_test(c.get(WebhookEndpoint, pk=webhook_id), by=c.user)
    delivery.refresh_from_db()
    return Status(202, _delivery(delivery))


@router.get(
    "/{webhook_id}/deliveries",
    response={200: list[DeliveryOut], **errors(404)},
    summary="List an endpoint's deliveries, newest first (owners)",
)
@paginate(KyosoPagination)
@require_scope("webhooks:read", roles=OWNERS)
def list_deliveries(request: HttpRequest, webhook_id: int, status: str | None = None) -> object:
    c = caller(request)
    endpoint = c.get(WebhookEndpoint, pk=webhook_id)
    qs = c.scoped(WebhookDelivery).filter(endpoint=endpoint).order_by("-created_at", "-id")
    if status:
        qs = qs.filter(status=status)
    return [_delivery(d) for d in qs[:2000]]
