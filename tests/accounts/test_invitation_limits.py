"""Workspace invitations per workspace and hour (attack report #6): one allowance, shared by the
members page and the API because both call `services.invite_member`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kyoso.accounts import services
from kyoso.accounts.models import Invitation
from kyoso.core.limits import LimitReached
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db


def test_page_and_api_share_the_hourly_allowance(owner, workspace, other_workspace, login, settings):
    settings.KYOSO_INVITATIONS_PER_HOUR = 3
    client = login(owner)
    for i in range(2):
        response = client.post(
            reverse("accounts:invitation_create"), {"email": f"web{i}@example.org", "role": "viewer"}
        )
        assert response.status_code == 302
    _, raw = make_token(owner, scopes=["workspace:write"])
    api = {"content_type": "application/json", **bearer(raw, workspace.slug)}
    ok = client.post("/api/v1/workspace/invitations", {"email": "api0@example.org", "role": "viewer"}, **api)
    assert ok.status_code == 201, ok.content
    refused = client.post(
        "/api/v1/workspace/invitations", {"email": "api1@example.org", "role": "viewer"}, **api
    )
    assert refused.status_code == 429, refused.content
    body = refused.json()
    assert body["limit"] == {"setting": "KYOSO_INVITATIONS_PER_HOUR", "max": 3, "per_seconds": 3600}
    assert "3" in body["detail"] and int(refused["Retry-After"]) > 0
    page = client.post(
        reverse("accounts:invitation_create"),
        {"email": "web9@example.org", "role": "viewer"},
    )
    assert page.status_code == 429
    assert "1時間に送れる招待（3件）" in page.content.decode()
    assert Invitation.objects.filter(workspace=workspace).count() == 3
    # another workspace has its own allowance
    services.invite_member(workspace=other_workspace, email="x@example.org", role="viewer", by=owner)


def test_the_allowance_comes_back_as_the_hour_passes(owner, workspace, settings):
    settings.KYOSO_INVITATIONS_PER_HOUR = 2
    for i in range(2):
        services.invite_member(workspace=workspace, email=f"a{i}@example.org", role="viewer", by=owner)
    with pytest.raises(LimitReached) as exc:
        services.invite_member(workspace=workspace, email="a2@example.org", role="viewer", by=owner)
    assert exc.value.setting == "KYOSO_INVITATIONS_PER_HOUR" and 0 < exc.value.retry_after <= 3601
    oldest = Invitation.objects.order_by("pk").first()
    Invitation.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(minutes=61))
    services.invite_member(workspace=workspace, email="a2@example.org", role="viewer", by=owner)
    assert Invitation.objects.count() == 3
