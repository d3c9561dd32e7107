"""The settings pages: tokens shown once, revocation, webhooks for owners, send test, delivery log."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from kyoso.api.models import ApiToken, WebhookDelivery, WebhookEndpoint
from kyoso.api.services import hash_token
from tests.api.helpers import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.web_urlconf")]


def test_anonymous_is_sent_to_login(db):
    r = Client().get("/settings/api/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_create_token_shows_it_once(member, workspace, login):
    client = login(member)
    r = client.get("/settings/api/")
    assert r.status_code == 200
    assert "service" not in [c[0] for c in r.context["form"].fields["kind"].choices]
    r = client.post(
        "/settings/api/",
        {
            "name": "CRM連携",
            "kind": "personal",
            "bind_workspace": "on",
            "expires": "90",
            "scope_projects": "write",
            "scope_partners": "read",
        },
    )
    assert r.status_code == 200
    token, raw = r.context["created"]
    assert raw in r.content.decode()
    assert r["Cache-Control"] == "no-store"
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hash_token(raw) and stored.workspace == workspace
    assert stored.scopes == ["partners:read", "projects:read", "projects:write"]
    assert raw not in client.get("/settings/api/").content.decode()
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200
    r = client.post(f"/settings/api/tokens/{token.pk}/revoke/")
    assert r.status_code == 302
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401


def test_token_form_errors_name_the_field(member, login):
    r = login(member).post("/settings/api/", {"name": "x", "kind": "personal", "expires": "90"})
    assert r.status_code == 400
    assert "permission" in r.content.decode().lower() or r.context["form"].non_field_errors()
    assert not ApiToken.objects.exists()


def test_cannot_revoke_someone_elses_token(owner, member, login):
    from tests.api.helpers import make_token

    token, _raw = make_token(member)
    r = login(owner).post(f"/settings/api/tokens/{token.pk}/revoke/")
    assert r.status_code == 404


def test_webhook_pages_are_for_owners(owner, member, workspace, login, django_capture_on_commit_callbacks):
    assert login(member).get("/settings/api/webhooks/").status_code == 403
    client = login(owner)
    r = client.post("/settings/api/webhooks/", {"url": "http://127.0.0.1/x", "events": ["gate.decided"]})
    assert r.status_code == 400 and not WebhookEndpoint.objects.exists()
    with override_settings(KYOSO_WEBHOOKS_ALLOW_PRIVATE=True):
        r = client.post(
            "/settings/api/webhooks/", {"url": "http://127.0.0.1:9/x", "events": ["gate.decided"]}
        )
    assert r.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/settings/api/webhooks/{endpoint.pk}/test/")
    assert r.status_code == 302
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "ping" and delivery.status == "failed" and "refused" in delivery.error
    r = client.get(f"/settings/api/webhooks/{endpoint.pk}/")
    assert r.status_code == 200 and "refused" in r.content.decode()
    assert endpoint.secret not in r.content.decode()
    client.post(f"/settings/api/webhooks/{endpoint.pk}/disable/")
    endpoint.refresh_from_db()
    assert not endpoint.is_enabled
    client.post(f"/settings/api/webhooks/{endpoint.pk}/delete/")
    assert not WebhookEndpoint.objects.exists()


def test_other_workspaces_webhooks_are_404(owner, outsider, other_workspace, login):
    endpoint = WebhookEndpoint.objects.create(
        workspace=other_workspace, url="https://example.com/", events=["*"], secret="s"
    )
    client = login(owner)
    assert client.get(f"/settings/api/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/settings/api/webhooks/{endpoint.pk}/delete/").status_code == 404
    assert WebhookEndpoint.objects.exists()
