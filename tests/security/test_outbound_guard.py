"""The outbound-address guard (kyoso.core.outbound): webhooks reach globally routable addresses only.

Checked at creation, at "send test" and at every delivery; the connection goes to the address
that was checked (no second resolution); redirects are not followed.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import requests
from django.core.cache import cache
from django.test import Client, override_settings

from kyoso.api import webhooks
from kyoso.api.models import WebhookDelivery, WebhookEndpoint
from kyoso.core import outbound
from kyoso.core.errors import DomainError
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.215.14"

REFUSED_ADDRESSES = [
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "192.0.0.1",
    "192.0.0.8",
    "192.0.0.170",
    "192.0.0.192",
    "192.0.2.1",
    "192.88.99.1",
    "198.18.0.1",
    "198.51.100.1",
    "203.0.113.1",
    "0.0.0.0",
    "0.1.2.3",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456::1",
    "fec0::1",
    "ff02::1",
    "ff0e::1",
    "2001:db8::1",
    "100::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:192.0.0.192",
    "::ffff:7f00:1",
    "::127.0.0.1",
    "::10.0.0.1",
    "::a9fe:a9fe",
    "2002:7f00:1::",
    "2002:7f00:0001::1",
    "2002:a9fe:a9fe::",
    "2002:c000:00c0::",
    "2002:0a00:0001::",
    "64:ff9b::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::c000:c0",
    "64:ff9b:1::1",
    "64:ff9b:1::8.8.8.8",
    "2001::1",
]
ALLOWED_ADDRESSES = [
    PUBLIC,
    "8.8.8.8",
    "1.1.1.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "2002:0808:0808::1",
]

ODD_HOSTS = [
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0x7f.1/",
    "http://0x7f.0.0.1/",
    "http://127.1/",
    "http://127.0.1/",
    "http://0177.0.0.1/",
    "http://0177.1/",
    "http://017700000001/",
    "http://3232235777/",
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://0x08080808/",
    "http://134744072/",
]

REFUSED_URLS = [
    "http://127.0.0.1/hook",
    "http://localhost/",
    "http://localhost.:8000/",
    "http://192.0.0.192/",
    "http://[2002:7f00:1::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::1]:8080/",
    "http://[64:ff9b::7f00:1]/",
    "http://[fe80::1]/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/",
    "http://[::]/",
    "ftp://example.com/",
    "gopher://example.com/",
    "file:///etc/passwd",
    "http://user:pw@example.com/",
    "https:///x",
    "//example.com/",
    *ODD_HOSTS,
]


@pytest.fixture(autouse=True)
def _api_defaults() -> Any:
    cache.clear()
    with override_settings(KYOSO_API_RATE_LIMIT="10000/minute", KYOSO_WEBHOOKS_ALLOW_PRIVATE=False):
        yield
    cache.clear()


class Resolver:
    """Stands in for DNS: each call answers the next list of addresses (the last one repeats)."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.mark.parametrize("address", REFUSED_ADDRESSES)
def test_non_global_addresses_are_refused(address) -> None:
    assert outbound.refusal(address) is not None


@pytest.mark.parametrize("address", ALLOWED_ADDRESSES)
def test_global_addresses_are_allowed(address) -> None:
    assert outbound.refusal(address) is None


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_creating_a_webhook_refuses(workspace, owner, url) -> None:
    with pytest.raises(DomainError) as exc:
        webhooks.create_endpoint(workspace=workspace, url=url, events=["gate.decided"], by=owner)
    assert exc.value.field == "url"
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_creating_a_webhook_through_the_api_refuses(owner, url) -> None:
    response = Client().post(
        "/api/v1/webhooks",
        {"url": url, "events": ["gate.decided"]},
        content_type="application/json",
        **bearer(make_token(owner)[1]),
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][-1] == "url"
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url", ODD_HOSTS)
def test_non_standard_ipv4_forms_are_refused_even_when_public(url, monkeypatch) -> None:
    monkeypatch.setattr(outbound, "resolve_host", Resolver([PUBLIC]))
    with pytest.raises(outbound.OutboundRefused):
        outbound.vet(url)


@pytest.mark.parametrize(
    "private", ["127.0.0.1", "10.0.0.5", "192.0.0.192", "::1", "2002:7f00:1::", "::ffff:10.0.0.1"]
)
def test_one_private_address_among_public_ones_refuses(monkeypatch, private) -> None:
    for answer in ([PUBLIC, private], [private, PUBLIC], [PUBLIC, "8.8.8.8", private]):
        monkeypatch.setattr(outbound, "resolve_host", Resolver(answer))
        with pytest.raises(outbound.OutboundRefused):
            outbound.vet("https://hooks.example.com/x")


def test_a_public_only_answer_is_vetted_to_its_first_address(monkeypatch) -> None:
    monkeypatch.setattr(outbound, "resolve_host", Resolver([PUBLIC, "8.8.8.8"]))
    target = outbound.vet("https://hooks.example.com:8443/x?y=1")
    assert (target.host, target.port, target.address, target.path) == (
        "hooks.example.com",
        8443,
        PUBLIC,
        "/x?y=1",
    )


def test_delivery_connects_to_the_checked_address_not_a_second_lookup(monkeypatch) -> None:
    # DNS rebinding: the first answer is public, every later one points inside.
    resolver = Resolver([PUBLIC], ["127.0.0.1"])
    monkeypatch.setattr(outbound, "resolve_host", resolver)
    connected: list[tuple[str, int]] = []

    def fake_connect(address: str, port: int, timeout: float) -> Any:
        connected.append((address, port))
        raise OSError("no network in tests")

    monkeypatch.setattr(outbound, "_connect", fake_connect)
    monkeypatch.setattr("socket.create_connection", lambda *a, **k: pytest.fail("resolved again"))
    result = webhooks.post("http://hooks.example.com/hook", b"{}", {})
    assert not result.ok and "no network" in result.error
    assert connected == [(PUBLIC, 80)]
    assert resolver.calls == ["hooks.example.com"]


def test_delivery_sends_the_original_host_header_to_the_vetted_address(monkeypatch) -> None:
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(dict(self.headers))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_port
        monkeypatch.setattr(outbound, "resolve_host", Resolver(["127.0.0.1"]))
        with override_settings(KYOSO_WEBHOOKS_ALLOW_PRIVATE=True):
            result = webhooks.post(f"http://hooks.example.test:{port}/hook", b"{}", {})
        assert result.ok, result.error
        assert seen[0]["Host"] == f"hooks.example.test:{port}"
        # Without the switch the same resolution is refused before any connection.
        result = webhooks.post(f"http://hooks.example.test:{port}/hook", b"{}", {})
        assert not result.ok and result.error.startswith("refused") and len(seen) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_send_test_and_every_delivery_check_again(
    workspace, owner, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(outbound, "resolve_host", Resolver([PUBLIC]))
    endpoint = webhooks.create_endpoint(
        workspace=workspace, url="https://hooks.example.com/x", events=["gate.decided"], by=owner
    )
    # The name now points at the metadata address Python 3.11 calls global.
    monkeypatch.setattr(outbound, "resolve_host", Resolver(["192.0.0.192"]))
    monkeypatch.setattr(outbound, "_connect", lambda *a: pytest.fail("connected to a refused address"))
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.send_test(endpoint, by=owner)
        webhooks.emit(workspace, "gate.decided", {})
    deliveries = list(WebhookDelivery.objects.filter(attempt=1))
    assert len(deliveries) == 2
    assert all(d.error.startswith("refused") and d.response_code is None for d in deliveries)


def test_the_switch_allows_private_addresses(workspace, owner) -> None:
    with override_settings(KYOSO_WEBHOOKS_ALLOW_PRIVATE=True):
        endpoint = webhooks.create_endpoint(
            workspace=workspace, url="http://127.0.0.1:9/hook", events=["gate.decided"], by=owner
        )
    assert endpoint.pk


# --- identity providers (kyoso.sso.fetch) go through the same pinned connection ----------------------


def test_sso_fetch_connects_to_the_checked_address_not_a_second_lookup(monkeypatch) -> None:
    from kyoso.sso import fetch

    # DNS rebinding: the first answer is public, every later one points at the metadata service.
    resolver = Resolver([PUBLIC], ["169.254.169.254"])
    monkeypatch.setattr(outbound, "resolve_host", resolver)
    connected: list[tuple[str, int]] = []

    def fake_connect(address: str, port: int, timeout: float) -> Any:
        connected.append((address, port))
        raise OSError("no network in tests")

    monkeypatch.setattr(outbound, "_connect", fake_connect)
    monkeypatch.setattr("socket.getaddrinfo", lambda *a, **k: pytest.fail("resolved again"))
    with override_settings(KYOSO_SSO_ALLOW_PRIVATE=False), pytest.raises(requests.ConnectionError):
        fetch.GuardedSession().get("https://login.corp.example/.well-known/openid-configuration")
    assert connected == [(PUBLIC, 443)]
    assert resolver.calls == ["login.corp.example"]


def test_sso_fetch_reaches_loopback_only_with_the_switch(monkeypatch) -> None:
    from kyoso.sso import fetch

    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(dict(self.headers))
            body = b'{"issuer": "x"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://idp.example.test:{server.server_port}/.well-known/openid-configuration"
        monkeypatch.setattr(outbound, "resolve_host", Resolver(["127.0.0.1"]))
        with override_settings(KYOSO_SSO_ALLOW_PRIVATE=True):
            response = fetch.GuardedSession().get(url)
        assert response.status_code == 200 and response.json() == {"issuer": "x"}
        assert seen[0]["Host"] == f"idp.example.test:{server.server_port}"
        with override_settings(KYOSO_SSO_ALLOW_PRIVATE=False), pytest.raises(requests.exceptions.InvalidURL):
            fetch.GuardedSession().get(url)
        assert len(seen) == 1
    finally:
        server.shutdown()
        server.server_close()
