"""Outgoing webhooks: emit events, sign payloads, deliver safely, retry with backoff.

Other apps call, after their change is saved::

    from kyoso.api.webhooks import emit
    emit(project.workspace, "project.stage_changed", {"project": {"id": project.pk, ...}, "from": old, "to": new})

`emit` records one delivery per subscribed, enabled endpoint and enqueues it once the
current transaction commits. Receivers verify ``X-Kyoso-Signature: t=<unix>,v1=<hex>`` where
``v1 = HMAC-SHA256(secret, f"{t}.{raw body}")`` (see `verify_signature`), and should reject
timestamps older than five minutes.

Every URL goes through `kyoso.core.outbound` when it is saved, at "send test" and at every
delivery: only globally routable addresses (unless ``settings.KYOSO_WEBHOOKS_ALLOW_PRIVATE``),
connected to as checked so DNS rebinding cannot switch them; redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import random
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, User, Workspace
from kyoso.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from kyoso.core import outbound
from kyoso.core.errors import DomainError

logger = logging.getLogger(__name__)

EVENTS = [e for e in WebhookEvent.values if e != WebhookEvent.PING]
TIMEOUT_SECONDS = 10
MAX_ATTEMPTS = 6  # first try + 5 retries: ~30 s, 1 min, 2 min, 4 min, 8 min (with jitter)
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 6 * 3600
USER_AGENT = "Kyoso-Webhooks/1"


def disable_after() -> int:
    """Consecutive failed attempts after which an endpoint is disabled."""
    return int(getattr(settings, "KYOSO_WEBHOOKS_DISABLE_AFTER", 15))


# --- signing -----------------------------------------------------------------------------------------


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The X-Kyoso-Signature header value for `body`."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify_signature(secret: str, body: bytes, header: str, *, tolerance: int = 300) -> bool:
    """What a receiver does: check the HMAC and that the timestamp is recent."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        t = int(parts.get("t", ""))
    except ValueError:
        return False
    if tolerance and abs(time.time() - t) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


# --- delivery through the outbound guard --------------------------------------------------------------


@dataclass
class Result:
    ok: bool
    status: int | None
    body: str
    error: str
    duration_ms: int


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float = TIMEOUT_SECONDS) -> Result:
    """POST `body` to `url` through the outbound guard (checked on every delivery); no redirects."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        response = outbound.post(url, body, headers, timeout=timeout)
    except outbound.OutboundRefused as exc:
        return Result(False, None, "", f"refused: {exc}", elapsed())
    except (OSError, http.client.HTTPException) as exc:
        return Result(False, None, "", f"{type(exc).__name__}: {exc}"[:500], elapsed())
    status = response.status
    text = response.body.decode("utf-8", "replace")
    if 300 <= status < 400:
        return Result(False, status, text, "redirects are not followed; register the final URL", elapsed())
    ok = 200 <= status < 300
    return Result(ok, status, text, "" if ok else f"HTTP {status}", elapsed())


# --- endpoints (services) ----------------------------------------------------------------------------


def _clean_events(events: list[str]) -> list[str]:
    cleaned = sorted({e.strip() for e in events if e.strip()})
    if not cleaned:
        raise DomainError(_("Choose at least one event."), field="events")
    unknown = [e for e in cleaned if e != "*" and e not in EVENTS]
    if unknown:
        raise DomainError(
            _("Unknown event: %(event)s. Choose from: %(choices)s")
            % {"event": unknown[0], "choices": ", ".join(EVENTS)},
            field="events",
        )
    return cleaned


def _clean_url(url: str) -> str:
    url = url.strip()
    if len(url) > 500:
        raise DomainError(_("The URL is too long (500 characters at most)."), field="url")
    try:
        outbound.vet(url)
    except outbound.OutboundRefused as exc:
        raise DomainError(
            _("This URL cannot receive webhooks: %(reason)s") % {"reason": exc}, field="url"
        ) from None
    return url


@transaction.atomic
def create_endpoint(
    *, workspace: Workspace, url: str, events: list[str], by: User, description: str = ""
) -> WebhookEndpoint:
    """A new endpoint; its `secret` is shown to the owner once."""
    endpoint = WebhookEndpoint.objects.create(
        workspace=workspace,
        url=_clean_url(url),
        events=_clean_events(events),
        description=description.strip()[:200],
        secret="whsec_" + secrets.token_urlsafe(32),
        created_by=by,
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATE,
        obj=endpoint,
        changes={"url": endpoint.url, "events": endpoint.events},
    )
    return endpoint


@transaction.atomic
def update_endpoint(
    *,
    endpoint: WebhookEndpoint,
    by: User,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
    is_enabled: bool | None = None,
) -> WebhookEndpoint:
    changes: dict[str, Any] = {}
    if url is not None and url.strip() != endpoint.url:
        changes["url"] = [endpoint.url, url.strip()]
        endpoint.url = _clean_url(url)
    if events is not None:
        endpoint.events = _clean_events(events)
    if description is not None:
        endpoint.description = description.strip()[:200]
    if is_enabled is not None and is_enabled != endpoint.is_enabled:
        changes["is_enabled"] = [endpoint.is_enabled, is_enabled]
        endpoint.is_enabled = is_enabled
        if is_enabled:
            endpoint.consecutive_failures = 0
            endpoint.disabled_reason = ""
    endpoint.save()
    audit.record(actor=by, action=AuditAction.UPDATE, obj=endpoint, changes=changes)
    return endpoint


@transaction.atomic
def delete_endpoint(*, endpoint: WebhookEndpoint, by: User) -> None:
    audit.record(actor=by, action=AuditAction.DELETE, obj=endpoint, object_repr=endpoint.url)
    endpoint.delete()


# --- emitting and delivering -------------------------------------------------------------------------


def _envelope(workspace: Workspace, event: str, event_id: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": event_id,
        "event": event,
        "created_at": timezone.now().isoformat(),
        "workspace": workspace.slug,
        "data": payload,
    }


def emit(workspace: Workspace, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue `event` for every enabled endpoint of `workspace` subscribed to it. Safe inside a transaction."""
    if event not in WebhookEvent.values:
        raise ValueError(f"unknown webhook event {event!r}")
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(workspace=workspace, is_enabled=True)
        if e.subscribes_to(event)
    ]
    if event == WebhookEvent.PING:
        raise ValueError("use send_test() for test deliveries")
    deliveries = []
    for endpoint in endpoints:
        delivery = WebhookDelivery(endpoint=endpoint, event=event)
        delivery.payload = json.loads(
            json.dumps(_envelope(workspace, event, str(delivery.event_id), payload), cls=DjangoJSONEncoder)
        )
        delivery.save()
        deliveries.append(delivery)
    for delivery in deliveries:
        _enqueue(delivery)
    return deliveries


def send_test(endpoint: WebhookEndpoint, *, by: User | None = None) -> WebhookDelivery:
    """The "send test" button: a `ping` event delivered now (in the background), even to a disabled endpoint."""
    delivery = WebhookDelivery(endpoint=endpoint, event=WebhookEvent.PING)
    delivery.payload = _envelope(
        endpoint.workspace,
        WebhookEvent.PING,
        str(delivery.event_id),
        {"message": "Test delivery from Kyoso", "sent_by": getattr(by, "email", None)},
    )
    delivery.save()
    _enqueue(delivery)
    return delivery


def _enqueue(delivery: WebhookDelivery, run_after: Any = None) -> None:
    from kyoso.api.tasks import deliver_webhook

    def go() -> None:
        task = deliver_webhook
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # picked up by `retry_due()` instead
            task = task.using(run_after=run_after)
        task.enqueue(delivery.pk)

    transaction.on_commit(go)


def backoff(attempt: int) -> timedelta:
    """Delay before attempt `attempt + 1`: exponential from 30 s, capped at 6 h, with ±10 % jitter."""
    seconds = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))
    return timedelta(seconds=seconds * random.uniform(0.9, 1.1))


def deliver(delivery_id: int) -> WebhookDelivery | None:
    """Send one pending delivery, record the outcome, schedule a retry or disable the endpoint."""
    delivery = (
        WebhookDelivery.objects.select_related("endpoint", "endpoint__workspace")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status not in {DeliveryStatus.PENDING, DeliveryStatus.RETRYING}:
        return delivery
    endpoint = delivery.endpoint
    is_test = delivery.event == WebhookEvent.PING
    if not endpoint.is_enabled and not is_test:
        delivery.status = DeliveryStatus.FAILED
        delivery.error = "endpoint disabled"
        delivery.next_retry_at = None
        delivery.save(update_fields=["status", "error", "next_retry_at"])
        return delivery
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Kyoso-Event": delivery.event,
        "X-Kyoso-Delivery": str(delivery.event_id),
        "X-Kyoso-Attempt": str(delivery.attempt),
        "X-Kyoso-Signature": sign(endpoint.secret, body),
    }
    result = post(endpoint.url, body, headers)
    delivery.response_code = result.status
    delivery.response_body = result.body
    delivery.error = result.error[:500]
    delivery.duration_ms = result.duration_ms
    delivery.delivered_at = timezone.now()
    delivery.next_retry_at = None
    if result.ok:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.save()
        if endpoint.consecutive_failures and not is_test:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return delivery
    retry = None
    if not is_test:
        endpoint.consecutive_failures += 1
        fields = ["consecutive_failures", "updated_at"]
        if endpoint.consecutive_failures >= disable_after():
            endpoint.is_enabled = False
            endpoint.disabled_reason = (
                f"disabled after {endpoint.consecutive_failures} failed deliveries in a row"
            )
            fields += ["is_enabled", "disabled_reason"]
            logger.warning("webhook endpoint %s disabled after repeated failures", endpoint.pk)
        endpoint.save(update_fields=fields)
        if endpoint.is_enabled and delivery.attempt < MAX_ATTEMPTS:
            retry = timezone.now() + backoff(delivery.attempt)
    delivery.status = DeliveryStatus.RETRYING if retry else DeliveryStatus.FAILED
    delivery.next_retry_at = retry
    delivery.save()
    if retry is not None:
        follow = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=delivery.event,
            event_id=delivery.event_id,
            payload=delivery.payload,
            attempt=delivery.attempt + 1,
            created_at=retry,
            next_retry_at=retry,
        )
        _enqueue(follow, run_after=retry)
    return delivery


def retry_due(now: Any = None) -> int:
    """Send pending retries whose time has come (for task backends that cannot defer). Returns the count."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_retry_at__lte=now)
        .order_by("next_retry_at")
        .values_list("pk", flat=True)[:500]
    )
    for pk in due:
        deliver(pk)
    return len(due)
