"""Tokens: shown once, stored hashed, scopes, expiry, revocation, last use; anonymous 401; sessions + CSRF."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kyoso.accounts.models import Membership, Role
from kyoso.api import services
from kyoso.api.models import ApiToken
from kyoso.core.errors import DomainError
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_and_stored_hashed(owner, workspace):
    token, raw = make_token(owner)
    assert raw.startswith("kyoso_") and raw.startswith(token.prefix + "_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values().get(pk=token.pk))
    # Listing never shows the secret again.
    r = Client().get("/api/v1/tokens", **bearer(raw))
    assert r.status_code == 200
    assert raw not in r.content.decode()
    assert r.json()["items"][0]["prefix"] == token.prefix


def test_write_scope_implies_read_and_unknown_scopes_are_refused(owner):
    token, _raw = make_token(owner, ["projects:write"])
    assert token.scopes == ["projects:read", "projects:write"]
    with pytest.raises(DomainError) as exc:
        make_token(owner, ["projects:admin"])
    assert exc.value.field == "scopes"


def test_wrong_expired_and_revoked_tokens_get_401(owner):
    client = Client()
    assert client.get("/api/v1/me", **bearer("kyoso_nope_nope")).status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Basic abc").status_code == 401
    token, raw = make_token(owner)
    assert client.get("/api/v1/me", **bearer(raw + "x")).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    r = client.get("/api/v1/me", **bearer(raw))
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    assert r["WWW-Authenticate"].startswith("Bearer")
    token2, raw2 = make_token(owner)
    assert client.get("/api/v1/me", **bearer(raw2)).status_code == 200
    services.revoke_token(token=token2, by=owner)
    r = client.get("/api/v1/me", **bearer(raw2))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


def test_expiry_must_be_in_the_future(owner):
    with pytest.raises(DomainError):
        make_token(owner, expires_at=timezone.now() - timedelta(days=1))


def test_last_used_is_recorded_and_throttled(owner, django_assert_max_num_queries):
    token, raw = make_token(owner)
    assert token.last_used_at is None
    client = Client()
    client.get("/api/v1/me", **bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/me", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first  # not rewritten within the throttle window
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=5))
    client.get("/api/v1/me", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=5)


def test_anonymous_gets_401_everywhere_but_docs_openapi_and_healthz(db):
    client = Client()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/healthz").status_code == 200
    for path, item in schema.json()["paths"].items():
        url = path.replace("{", "").replace("}", "")
        url = "/".join("1" if part.endswith("_id") else part for part in url.split("/"))
        for method in item:
            r = client.generic(method.upper(), url, "{}", content_type="application/json")
            assert r.status_code == 401, (method, url, r.status_code)
            assert r["Content-Type"].startswith("application/json")


def test_token_without_scope_gets_403_and_scopes_gate_each_app(owner, workspace):
    _t, raw = make_token(owner, ["webhooks:read"])
    client = Client()
    r = client.get("/api/v1/workspace/members", **bearer(raw))
    assert r.status_code == 403 and "workspace:read" in r.json()["detail"]
    assert client.get("/api/v1/webhooks", **bearer(raw)).status_code == 200
    r = client.post(
        "/api/v1/webhooks",
        {"url": "https://example.com/h", "events": ["gate.decided"]},
        content_type="application/json",
        **bearer(raw),
    )
    assert r.status_code == 403 and "webhooks:write" in r.json()["detail"]
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200  # /me needs no scope


def test_read_only_role_cannot_write_even_with_write_scope(viewer, workspace):
    _t, raw = make_token(viewer, ["workspace:write"])
    r = Client().post(
        "/api/v1/workspace/invitations",
        {"email": "x@example.com", "role": "member"},
        content_type="application/json",
        **bearer(raw),
    )
    assert r.status_code == 403
    assert "viewer" in r.json()["detail"] or "owner" in r.json()["detail"]


def test_outside_scope_is_404(owner, outsider, workspace, other_workspace):
    theirs = Membership.objects.get(user=outsider)
    _t, raw = make_token(owner)
    r = Client().patch(
        f"/api/v1/workspace/members/{theirs.pk}",
        {"role": "viewer"},
        content_type="application/json",
        **bearer(raw),
    )
    assert r.status_code == 404
    assert r.json() == {"detail": "Not found."}
    theirs.refresh_from_db()
    assert theirs.role == Role.OWNER


def test_pat_with_several_workspaces_needs_header(owner, workspace, other_workspace):
    Membership.objects.create(user=owner, workspace=other_workspace, role=Role.VIEWER)
    _t, raw = make_token(owner)
    client = Client()
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200
    r = client.get("/api/v1/workspace", **bearer(raw))
    assert r.status_code == 400 and "X-Kyoso-Workspace" in r.json()["detail"]
    r = client.get("/api/v1/workspace", **bearer(raw, "other-ws"))
    assert r.json()["slug"] == "other-ws" and r.json()["role"] == "viewer"
    assert client.get("/api/v1/workspace", **bearer(raw, "nope")).status_code == 404


def test_token_bound_to_workspace_stays_there(owner, workspace, other_workspace):
    Membership.objects.create(user=owner, workspace=other_workspace, role=Role.OWNER)
    _t, raw = make_token(owner, workspace=workspace)
    client = Client()
    assert client.get("/api/v1/workspace", **bearer(raw)).json()["slug"] == "test-ws"
    assert client.get("/api/v1/workspace", **bearer(raw, "other-ws")).status_code == 404


def test_service_token_owner_only_and_stops_when_creator_leaves(owner, member, workspace):
    with pytest.raises(DomainError):
        make_token(member, kind="service", workspace=workspace)
    with pytest.raises(DomainError):
        make_token(owner, kind="service")
    token, raw = make_token(owner, kind="service", workspace=workspace)
    client = Client()
    me = client.get("/api/v1/me", **bearer(raw)).json()
    assert me["auth"] == "service" and me["workspace"]["slug"] == "test-ws"
    Membership.objects.filter(user=owner).delete()
    assert client.get("/api/v1/workspace", **bearer(raw)).status_code == 401


def test_tokens_cannot_create_tokens_but_sessions_can(owner, workspace, login):
    _t, raw = make_token(owner)
    r = Client().post(
        "/api/v1/tokens",
        {"name": "x", "scopes": ["projects:read"]},
        content_type="application/json",
        **bearer(raw),
    )
    assert r.status_code == 403
    client = login(owner)
    r = client.post(
        "/api/v1/tokens",
        {"name": "ci", "scopes": ["projects:read"], "workspace": "test-ws"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["token"].startswith("kyoso_") and body["workspace"] == "test-ws"
    assert Client().get("/api/v1/me", **bearer(body["token"])).status_code == 200
    # Revoke through the API, then it no longer works.
    r = client.delete(f"/api/v1/tokens/{body['id']}")
    assert r.status_code == 204
    assert Client().get("/api/v1/me", **bearer(body["token"])).status_code == 401


def test_session_needs_csrf_for_unsafe_methods(owner, workspace):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/api/v1/me").status_code == 200
    r = client.post(
        "/api/v1/workspace/invitations", {"email": "a@example.com"}, content_type="application/json"
    )
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    client.get("/accounts/profile/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    r = client.post(
        "/api/v1/workspace/invitations",
        {"email": "a@example.com"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert r.status_code == 201, r.content


def test_anonymous_post_is_401_not_csrf_403(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/api/v1/webhooks", {}, content_type="application/json").status_code == 401
