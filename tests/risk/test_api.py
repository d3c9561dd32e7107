"""Risk API: stored diagnoses, heat map, warnings. Internal: partners and outsiders get 404."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kyoso.risk import services
from kyoso.risk.models import RiskWarning, WarningStatus
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db


def test_members_read_the_diagnosis_in_their_language(client, member, project):
    services.recompute(project)
    _, raw = make_token(member, ["risk:read"])
    body = client.get(f"/api/v1/risk/projects/{project.pk}/diagnosis?lang=en", **bearer(raw)).json()
    assert len(body["result"]["causes"]) == 6
    assert set(body["scores"]) == {
        "purpose",
        "partner_fit",
        "internal_structure",
        "communication",
        "ip_contract",
        "short_termism",
    }
    assert body["result"]["lang"] == "en"
    history = client.get(f"/api/v1/risk/projects/{project.pk}/diagnoses", **bearer(raw)).json()
    assert history["count"] == 1


def test_the_heat_map_lists_projects_with_six_cells(client, member, project, other_project):
    services.recompute(project)
    services.recompute(other_project)
    _, raw = make_token(member, ["risk:read"])
    body = client.get("/api/v1/risk/heatmap?sort=communication", **bearer(raw)).json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["project"]["id"] == project.pk and len(row["cells"]) == 6


def test_warnings_are_listed_acknowledged_and_resolved(client, member, viewer, project):
    services.recompute(project, as_of=timezone.localdate())
    warning = RiskWarning.objects.get(project=project, kind="no_contact")
    _, raw = make_token(member, ["risk:write"])
    listing = client.get("/api/v1/risk/warnings?kind=no_contact", **bearer(raw)).json()
    assert [w["id"] for w in listing["items"]] == [warning.pk]

    _, view = make_token(viewer, ["risk:write"])
    assert client.post(f"/api/v1/risk/warnings/{warning.pk}/acknowledge", **bearer(view)).status_code == 403

    body = client.post(f"/api/v1/risk/warnings/{warning.pk}/acknowledge", **bearer(raw)).json()
    assert body["status"] == "acknowledged" and body["acknowledged_by"] == member.email
    body = client.post(f"/api/v1/risk/warnings/{warning.pk}/resolve", **bearer(raw)).json()
    assert body["status"] == "resolved"
    warning.refresh_from_db()
    assert warning.status == WarningStatus.RESOLVED


def test_outsiders_and_partners_get_404(client, outsider, partner_user, project):
    services.recompute(project, as_of=timezone.localdate())
    warning = RiskWarning.objects.filter(project=project).first()
    for user in (outsider, partner_user):
        _, raw = make_token(user, ["risk:write"])
        assert client.get(f"/api/v1/risk/projects/{project.pk}/diagnosis", **bearer(raw)).status_code in (
            403,
            404,
        )
        assert client.post(f"/api/v1/risk/warnings/{warning.pk}/resolve", **bearer(raw)).status_code in (
            403,
            404,
        )
    _, raw = make_token(outsider, ["risk:read"])
    assert client.get("/api/v1/risk/heatmap", **bearer(raw)).json()["count"] == 0
    assert client.get("/api/v1/risk/warnings", **bearer(raw)).json()["count"] == 0


def test_recompute_needs_write(client, member, viewer, project):
    _, read = make_token(member, ["risk:read"])
    assert client.post(f"/api/v1/risk/projects/{project.pk}/recompute", **bearer(read)).status_code == 403
    _, write = make_token(member, ["risk:write"])
    response = client.post(f"/api/v1/risk/projects/{project.pk}/recompute", **bearer(write))
    assert response.status_code == 200
    assert response.json()["overall"]["level"] in {"low", "medium", "high", "critical"}
