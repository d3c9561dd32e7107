"""Error reporting: nothing without SENTRY_DSN; with one, exceptions reach the DSN's server
without personal data. The server here is a real HTTP listener on loopback."""

from __future__ import annotations

import gzip
import http.server
import threading

import pytest
import sentry_sdk
from django.test import Client
from django.urls import path

from kyoso.core.error_reporting import init_from_env


def _boom(request):
    raise RuntimeError("kyoso-test-boom")


urlpatterns = [path("boom", _boom)]


class _Collector(http.server.BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        _Collector.bodies.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_nothing_is_set_up_without_a_dsn() -> None:
    assert init_from_env({}, release="x") is False
    assert init_from_env({"SENTRY_DSN": "  "}, release="x") is False


@pytest.mark.django_db
def test_an_unhandled_exception_reaches_the_dsn_without_personal_data(settings, owner) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ROOT_URLCONF = __name__
    try:
        port = server.server_address[1]
        assert init_from_env({"SENTRY_DSN": f"http://public@127.0.0.1:{port}/1"}, release="0.0-test")
        client = Client(raise_request_exception=False)
        client.force_login(owner)
        response = client.get("/boom", HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert response.status_code == 500
        sentry_sdk.flush(timeout=10)
    finally:
        sentry_sdk.init(dsn=None)  # back to a client that sends nothing
        server.shutdown()
    sent = b"".join(_Collector.bodies)
    assert b"kyoso-test-boom" in sent
    assert b"kyoso@0.0-test" in sent
    assert owner.email.encode() not in sent
    assert b"203.0.113.9" not in sent
    assert b"sessionid" not in sent
