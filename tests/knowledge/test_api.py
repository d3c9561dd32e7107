"""Knowledge API: CRUD with tags, search, similar cases, roles and scope."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kyoso.knowledge.models import Retrospective
from kyoso.risk.models import Diagnosis
from tests.api.helpers import bearer, make_token
from tests.knowledge.conftest import closed_project

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, data: dict, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_create_read_update_delete(workspace, owner) -> None:
    project = closed_project(workspace, owner, "API案件")
    _t, raw = make_token(owner, ["knowledge:write"])
    client = Client()
    r = _post(
        client,
        "/api/v1/lessons/retrospectives",
        {
            "project_id": project.pk,
            "outcome": "stopped",
            "headline": "契約前に知財を決める",
            "causes": {"ip_contract": 3},
            "lessons": "帰属を先に決める",
        },
        **bearer(raw),
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["causes"] == [{"cause": "ip_contract", "weight": 3}] and body["exchanged"] is False
    rid = body["id"]
    r = client.patch(
        f"/api/v1/lessons/retrospectives/{rid}",
        json.dumps({"causes": {"purpose": 2}}),
        content_type="application/json",
        **bearer(raw),
    )
    assert r.status_code == 200 and r.json()["causes"] == [{"cause": "purpose", "weight": 2}]
    assert (
        client.get(f"/api/v1/lessons/retrospectives/{rid}", **bearer(raw)).json()["headline"]
        == "契約前に知財を決める"
    )
    assert client.delete(f"/api/v1/lessons/retrospectives/{rid}", **bearer(raw)).status_code == 204
    assert not Retrospective.objects.exists()


def test_bad_weight_is_422_naming_the_field(workspace, owner) -> None:
    project = closed_project(workspace, owner, "API案件")
    _t, raw = make_token(owner, ["knowledge:write"])
    r = _post(
        Client(),
        "/api/v1/lessons/retrospectives",
        {"project_id": project.pk, "outcome": "stopped", "headline": "x", "causes": {"ip_contract": 7}},
        **bearer(raw),
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "causes"


def test_viewer_cannot_write_and_outsider_gets_404(culture_case, viewer, outsider) -> None:
    _t, raw = make_token(viewer, ["knowledge:write"])
    r = _post(
        Client(), f"/api/v1/lessons/retrospectives/{culture_case.pk}/share", {"agreed": True}, **bearer(raw)
    )
    assert r.status_code == 403
    _t, raw = make_token(outsider, ["knowledge:read"])
    assert Client().get(f"/api/v1/lessons/retrospectives/{culture_case.pk}", **bearer(raw)).status_code == 404
    assert Client().get("/api/v1/lessons/retrospectives", **bearer(raw)).json()["count"] == 0


def test_search_and_similar(culture_case, ip_case, live_project, owner) -> None:
    Diagnosis.objects.create(
        project=live_project,
        snapshot_hash="x",
        overall_score=70,
        overall_level="high",
        partner_fit=85,
        internal_structure=55,
        top_cause="partner_fit",
    )
    _t, raw = make_token(owner, ["knowledge:read"])
    client = Client()
    hits = client.get("/api/v1/lessons/search", {"q": "知財"}, **bearer(raw)).json()["items"]
    assert [h["retrospective"]["id"] for h in hits] == [ip_case.pk]
    similar = client.get(
        f"/api/v1/lessons/projects/{live_project.pk}/similar", {"lang": "en"}, **bearer(raw)
    ).json()
    assert similar[0]["retrospective"]["id"] == culture_case.pk
    assert any("partner mismatch" in r for r in similar[0]["reasons"])
