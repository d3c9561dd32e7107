"""Webhooks: signing, local receiver, retries with backoff, disabling, SSRF guard, API routes."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from kyoso.api import webhooks
from kyoso.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from kyoso.core import outbound
from kyoso.core.errors import DomainError
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP server answering with the queued status codes, recording requests."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.requests: list[tuple[dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append((dict(self.headers), body))
                status = outer.statuses.pop(0) if outer.statuses else 200
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", "http://169.254.169.254/")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def allow_private():
    with override_settings(KYOSO_WEBHOOKS_ALLOW_PRIVATE=True):
        yield


def _endpoint(workspace, owner, url, events=("gate.decided",)):
    return webhooks.create_endpoint(workspace=workspace, url=url, events=list(events), by=owner)


def test_delivery_is_signed_and_verifiable(
    owner, workspace, allow_private, django_capture_on_commit_callbacks
):
    with Receiver([200]) as receiver:
        endpoint = _endpoint(workspace, owner, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            deliveries = webhooks.emit(workspace, "gate.decided", {"project": {"id": 7}, "decision": "go"})
        assert len(deliveries) == 1
        headers, body = receiver.requests[0]
    assert headers["X-Kyoso-Event"] == "gate.decided"
    signature = headers["X-Kyoso-Signature"]
    assert webhooks.verify_signature(endpoint.secret, body, signature)
    assert not webhooks.verify_signature("whsec_wrong", body, signature)
    assert not webhooks.verify_signature(endpoint.secret, body + b" ", signature)
    # HMAC-SHA256 over "t.body", computed independently
    import hashlib
    import hmac

    parts = dict(p.split("=", 1) for p in signature.split(","))
    expected = hmac.new(
        endpoint.secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert parts["v1"] == expected
    payload = json.loads(body)
    assert payload["event"] == "gate.decided" and payload["data"]["decision"] == "go"
    assert payload["workspace"] == "test-ws"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.response_code == 200


def test_unsubscribed_and_disabled_endpoints_get_nothing(owner, workspace, allow_private):
    _endpoint(workspace, owner, "http://127.0.0.1:9/x", events=["warning.raised"])
    disabled = _endpoint(workspace, owner, "http://127.0.0.1:9/y")
    WebhookEndpoint.objects.filter(pk=disabled.pk).update(is_enabled=False)
    assert webhooks.emit(workspace, "gate.decided", {}) == []
    with pytest.raises(ValueError):
        webhooks.emit(workspace, "no.such.event", {})


def test_failures_retry_with_exponential_backoff_then_succeed(
    owner, workspace, allow_private, django_capture_on_commit_callbacks
):
    with Receiver([500, 503, 200]) as receiver:
        endpoint = _endpoint(workspace, owner, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            webhooks.emit(workspace, "gate.decided", {"n": 1})
        first = WebhookDelivery.objects.get(attempt=1)
        assert first.status == DeliveryStatus.RETRYING and first.response_code == 500
        delay1 = first.next_retry_at - first.delivered_at
        assert timedelta(seconds=25) < delay1 < timedelta(seconds=35)
        # The immediate test backend cannot defer: retry_due sends what is due.
        later = timezone.now() + timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            assert webhooks.retry_due(later) == 1
        second = WebhookDelivery.objects.get(attempt=2)
        assert second.status == DeliveryStatus.RETRYING and second.response_code == 503
        delay2 = second.next_retry_at - second.delivered_at
        assert delay2 > delay1 * 1.5
        with django_capture_on_commit_callbacks(execute=True):
            webhooks.retry_due(later + timedelta(hours=1))
        third = WebhookDelivery.objects.get(attempt=3)
        assert third.status == DeliveryStatus.SUCCEEDED
        assert len({r[0]["X-Kyoso-Delivery"] for r in receiver.requests}) == 1  # same event id
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_endpoint_is_disabled_after_repeated_failures(
    owner, workspace, allow_private, django_capture_on_commit_callbacks
):
    with override_settings(KYOSO_WEBHOOKS_DISABLE_AFTER=3), Receiver([500] * 10) as receiver:
        endpoint = _endpoint(workspace, owner, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                webhooks.emit(workspace, "gate.decided", {})
    endpoint.refresh_from_db()
    assert not endpoint.is_enabled and "3" in endpoint.disabled_reason
    assert webhooks.emit(workspace, "gate.decided", {}) == []
    # Re-enabling resets the count.
    webhooks.update_endpoint(endpoint=endpoint, by=owner, is_enabled=True)
    endpoint.refresh_from_db()
    assert endpoint.is_enabled and endpoint.consecutive_failures == 0


def test_redirects_are_not_followed(owner, workspace, allow_private, django_capture_on_commit_callbacks):
    with Receiver([302]) as receiver:
        _endpoint(workspace, owner, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            webhooks.emit(workspace, "gate.decided", {})
        assert len(receiver.requests) == 1
    first = WebhookDelivery.objects.get(attempt=1)
    assert first.response_code == 302 and "redirect" in first.error


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://localhost:8000/",
        "ftp://example.com/x",
        "http://user:pw@example.com/",
    ],
)
def test_ssrf_guard_refuses_non_public_targets(owner, workspace, url):
    with pytest.raises(DomainError) as exc:
        _endpoint(workspace, owner, url)
    assert exc.value.field == "url"
    with pytest.raises(outbound.OutboundRefused):
        outbound.vet(url)


def test_ssrf_guard_checks_the_connected_address_at_delivery(
    owner, workspace, django_capture_on_commit_callbacks
):
    with Receiver([200]) as receiver:
        with override_settings(KYOSO_WEBHOOKS_ALLOW_PRIVATE=True):
            _endpoint(workspace, owner, receiver.url)
        # The admin switch is off again (or DNS now points inside): the delivery is refused.
        with django_capture_on_commit_callbacks(execute=True):
            webhooks.emit(workspace, "gate.decided", {})
        assert receiver.requests == []
    delivery = WebhookDelivery.objects.get(attempt=1)
    assert "refused" in delivery.error and delivery.response_code is None


def test_public_address_check():
    assert outbound.is_public_address("93.184.216.34")
    for address in [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
    ]:
        assert not outbound.is_public_address(address), address


def test_webhook_api_routes_and_send_test(
    owner, workspace, allow_private, member, django_capture_on_commit_callbacks
):
    _t, raw = make_token(owner)
    client = Client()
    with Receiver([200]) as receiver:
        r = client.post(
            "/api/v1/webhooks",
            {"url": receiver.url, "events": ["gate.decided", "warning.raised"]},
            content_type="application/json",
            **bearer(raw),
        )
        assert r.status_code == 201, r.content
        created = r.json()
        assert created["secret"].startswith("whsec_")
        hook_id = created["id"]
        r = client.get(f"/api/v1/webhooks/{hook_id}", **bearer(raw))
        assert "secret" not in r.json()
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(f"/api/v1/webhooks/{hook_id}/test", **bearer(raw))
        assert r.status_code == 202 and r.json()["event"] == "ping"
        assert receiver.requests and receiver.requests[0][0]["X-Kyoso-Event"] == "ping"
    r = client.get(f"/api/v1/webhooks/{hook_id}/deliveries", **bearer(raw))
    assert r.json()["count"] == 1 and r.json()["items"][0]["status"] == "succeeded"
    r = client.patch(
        f"/api/v1/webhooks/{hook_id}", {"events": ["bogus"]}, content_type="application/json", **bearer(raw)
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "events"]
    # Members (not owners) cannot see webhooks.
    _t2, raw2 = make_token(member)
    assert client.get("/api/v1/webhooks", **bearer(raw2)).status_code == 403
    r = client.delete(f"/api/v1/webhooks/{hook_id}", **bearer(raw))
    assert r.status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_webhooks_of_other_workspaces_are_404(owner, outsider, other_workspace, allow_private):
    theirs = _endpoint(other_workspace, outsider, "http://127.0.0.1:9/x")
    _t, raw = make_token(owner)
    client = Client()
    assert client.get(f"/api/v1/webhooks/{theirs.pk}", **bearer(raw)).status_code == 404
    assert client.post(f"/api/v1/webhooks/{theirs.pk}/test", **bearer(raw)).status_code == 404
    assert client.get(f"/api/v1/webhooks/{theirs.pk}/deliveries", **bearer(raw)).status_code == 404
