"""`kyoso demo --port N` must make worker mails link to where the demo actually serves."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from kyoso.accounts.management.commands import demo
from kyoso.accounts.management.commands.demo import served_site_url


@pytest.fixture
def no_demo_load(monkeypatch):
    # The database already "has" demo data: the test is about settings, not the data loader.
    monkeypatch.setattr(demo, "demo_exists", lambda: True)
    monkeypatch.setattr(settings, "SITE_URL", "http://127.0.0.1:8000")


@pytest.mark.django_db
def test_demo_port_sets_site_url_when_not_configured(no_demo_load, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    out = io.StringIO()
    call_command("demo", "--no-serve", "--port", "8123", stdout=out)
    assert settings.SITE_URL == "http://127.0.0.1:8123"
    assert "http://127.0.0.1:8123" in out.getvalue()


@pytest.mark.django_db
def test_explicit_site_url_wins(no_demo_load, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://kyoso.example.com")
    monkeypatch.setattr(settings, "SITE_URL", "https://kyoso.example.com")
    call_command("demo", "--no-serve", "--port", "8123", stdout=io.StringIO())
    assert settings.SITE_URL == "https://kyoso.example.com"


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:9000"),
        ("0.0.0.0", "http://127.0.0.1:9000"),
        ("::", "http://127.0.0.1:9000"),
        ("::1", "http://[::1]:9000"),
        ("kyoso.local", "http://kyoso.local:9000"),
    ],
)
def test_served_site_url(host, url):
    assert served_site_url(host, 9000) == url


def test_check_deploy_warns_about_a_local_site_url(settings):
    from kyoso.core.checks import site_url_is_public

    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [w.id for w in site_url_is_public()] == ["kyoso.W001"]
    settings.SITE_URL = "https://kyoso.example.com"
    assert site_url_is_public() == []
