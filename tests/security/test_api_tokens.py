"""One token rule for the settings page and the API, for every role.

Personal tokens: every role creates, lists and revokes its own, in the page and through the API.
Service tokens: owners only. A token never acts beyond its user's role, whatever its scopes.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kyoso.api import services
from kyoso.api.models import ApiToken

pytestmark = pytest.mark.django_db

ROLES = ["owner", "member", "executive", "viewer"]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    cache.clear()
    settings.KYOSO_API_RATE_LIMIT = "10000/minute"
    yield
    cache.clear()


@pytest.fixture(params=ROLES)
def user(request):
    return request.getfixturevalue(request.param)


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _web_create(client: Client, **extra: str):
    data = {"name": "BI export", "kind": "personal", "bind_workspace": "on", "expires": "90"}
    data.update({"scope_projects": "read"}, **extra)
    return client.post(reverse("api_settings:tokens"), data)


def test_every_role_creates_lists_and_revokes_its_own_token_in_the_page(user, login):
    client = login(user)
    assert _web_create(client).status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.prefix in client.get(reverse("api_settings:tokens")).content.decode()
    response = client.post(reverse("api_settings:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_every_role_creates_lists_and_revokes_its_own_token_through_the_api(user, login):
    client = login(user)
    created = client.post(
        "/api/v1/tokens",
        {"name": "BI export", "scopes": ["projects:read", "tokens:write"], "workspace": "test-ws"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    listed = client.get("/api/v1/tokens").json()["items"]
    assert [t["id"] for t in listed] == [body["id"]]
    # a second token of the same user, revoked with the first token (scope tokens:write)
    other, _raw = services.create_token(by=user, name="spare", scopes=["projects:read"])
    assert Client().delete(f"/api/v1/tokens/{other.pk}", **_bearer(body["token"])).status_code == 204
    # and the first one with the browser session
    assert client.delete(f"/api/v1/tokens/{body['id']}").status_code == 204
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 0


def test_a_token_without_the_tokens_write_scope_cannot_revoke(user):
    _token, raw = services.create_token(by=user, name="reader", scopes=["projects:read", "tokens:read"])
    other, _ = services.create_token(by=user, name="spare", scopes=["projects:read"])
    assert Client().delete(f"/api/v1/tokens/{other.pk}", **_bearer(raw)).status_code == 403
    other.refresh_from_db()
    assert other.revoked_at is None


@pytest.mark.parametrize("role", ["member", "executive", "viewer"])
def test_only_owners_create_see_and_revoke_service_tokens(role, owner, workspace, login, request):
    someone = request.getfixturevalue(role)
    service, _raw = services.create_token(
        by=owner, name="CRM", scopes=["projects:read"], kind="service", workspace=workspace
    )
    client = login(someone)
    page = _web_create(client, kind="service")
    assert page.status_code == 400
    api = client.post(
        "/api/v1/tokens",
        {"name": "CRM", "scopes": ["projects:read"], "kind": "service", "workspace": "test-ws"},
        content_type="application/json",
    )
    assert api.status_code in (403, 422)
    assert not ApiToken.objects.filter(user=someone).exists()
    assert service.prefix not in client.get(reverse("api_settings:tokens")).content.decode()
    assert client.get(f"/api/v1/tokens/{service.pk}").status_code == 404
    assert client.post(reverse("api_settings:token_revoke", args=[service.pk])).status_code == 404
    assert client.delete(f"/api/v1/tokens/{service.pk}").status_code == 404
    service.refresh_from_db()
    assert service.revoked_at is None
    # the owner does all of it
    owner_client = login(owner)
    assert _web_create(owner_client, kind="service").status_code == 200
    assert owner_client.delete(f"/api/v1/tokens/{service.pk}").status_code == 204


@pytest.mark.parametrize("role", ["executive", "viewer"])
def test_a_token_never_acts_beyond_its_users_role(role, request):
    someone = request.getfixturevalue(role)
    _token, raw = services.create_token(by=someone, name="w", scopes=["partners:write"])
    response = Client().post(
        "/api/v1/partners/organisations",
        {"name": "書き込めないはずの会社", "kind": "startup"},
        content_type="application/json",
        **_bearer(raw),
    )
    assert response.status_code == 403


def test_someone_elses_personal_token_is_not_found(owner, member, login):
    theirs, _raw = services.create_token(by=member, name="mine", scopes=["projects:read"])
    client = login(owner)
    assert client.delete(f"/api/v1/tokens/{theirs.pk}").status_code == 404
    assert client.post(reverse("api_settings:token_revoke", args=[theirs.pk])).status_code == 404
