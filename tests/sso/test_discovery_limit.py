"""Home-realm discovery (POST /sso/) tells which domains sign in through SSO, so it is throttled per
visitor address (attack report #9); the answers themselves stay as they are."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_lookups_from_one_address_stop_at_the_hourly_limit(settings):
    settings.KYOSO_SSO_DISCOVERY_PER_IP_PER_HOUR = 2
    client = Client()
    client.cookies["kyoso_language"] = "en"
    for i in range(2):
        response = client.post("/sso/", {"email": f"a@unknown{i}.example"}, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 400
        assert "No workspace signs in this address" in response.content.decode()
    refused = client.post("/sso/", {"email": "a@unknown9.example"}, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Too many look-ups from your network" in html and "No workspace signs in" not in html
    # a mistyped address (no look-up made) does not count, and other visitors are not held back
    other = Client()
    assert other.post("/sso/", {"email": "a@unknown.example"}, REMOTE_ADDR="198.51.100.1").status_code == 400


def test_japanese_visitors_read_the_refusal_in_japanese(settings):
    settings.KYOSO_SSO_DISCOVERY_PER_IP_PER_HOUR = 1
    client = Client()
    client.post("/sso/", {"email": "a@unknown.example"})
    refused = client.post("/sso/", {"email": "b@unknown.example"})
    assert refused.status_code == 429 and "問い合わせが多すぎます" in refused.content.decode()


def test_invalid_addresses_do_not_count(settings):
    settings.KYOSO_SSO_DISCOVERY_PER_IP_PER_HOUR = 1
    client = Client()
    for _ in range(3):
        assert client.post("/sso/", {"email": "not an address"}).status_code == 400
    assert client.post("/sso/", {"email": "a@unknown.example"}).status_code == 400
    assert client.post("/sso/", {"email": "a@unknown.example"}).status_code == 429
