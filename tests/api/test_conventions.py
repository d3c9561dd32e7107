"""Errors with field paths, pagination, ETags, rate limits, diagnosis, audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client, override_settings

from kyoso.api.models import ApiToken
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db
CASES = Path(__file__).resolve().parent.parent / "engine" / "diagnosis" / "cases"


def test_422_names_the_field(owner, workspace):
    _t, raw = make_token(owner)
    client = Client()
    r = client.post(
        "/api/v1/workspace/invitations", {"role": "member"}, content_type="application/json", **bearer(raw)
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "data", "email"]
    r = client.post(
        "/api/v1/workspace/invitations",
        {"email": "a@example.com", "role": "king"},
        content_type="application/json",
        **bearer(raw),
    )
    assert r.status_code == 422
    assert r.json()["detail"] == [
        {"loc": ["body", "role"], "msg": r.json()["detail"][0]["msg"], "type": "domain_error"}
    ]
    r = client.get("/api/v1/workspace/members?limit=500", **bearer(raw))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "limit"
    r = client.get("/api/v1/workspace/members?ordering=password", **bearer(raw))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "ordering"]


def test_malformed_json_is_400(owner):
    _t, raw = make_token(owner)
    r = Client().post(
        "/api/v1/workspace/invitations", "{not json", content_type="application/json", **bearer(raw)
    )
    assert r.status_code == 400 and "detail" in r.json()


def test_pagination_envelope_and_ordering(owner, member, viewer, executive, workspace):
    _t, raw = make_token(owner)
    r = Client().get("/api/v1/workspace/members?limit=2&offset=1&ordering=-email", **bearer(raw))
    body = r.json()
    assert (body["count"], body["limit"], body["offset"]) == (4, 2, 1)
    assert [m["email"] for m in body["items"]] == ["owner@example.com", "member@example.com"]


def test_etag_and_conditional_get(owner, workspace):
    _t, raw = make_token(owner)
    client = Client()
    r = client.get("/api/v1/workspace/members", **bearer(raw))
    etag = r["ETag"]
    r2 = client.get("/api/v1/workspace/members", HTTP_IF_NONE_MATCH=etag, **bearer(raw))
    assert r2.status_code == 304
    r3 = client.get("/api/v1/workspace/members", HTTP_IF_NONE_MATCH='"other"', **bearer(raw))
    assert r3.status_code == 200


def test_rate_limit_answers_429_with_retry_after(owner, member):
    _t, raw = make_token(owner)
    client = Client()
    with override_settings(KYOSO_API_RATE_LIMIT="3/minute"):
        codes = [client.get("/api/v1/me", **bearer(raw)).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = client.get("/api/v1/me", **bearer(raw))
        assert r.status_code == 429
        assert 1 <= int(r["Retry-After"]) <= 60
        # Another token has its own budget.
        _t2, raw2 = make_token(member)
        assert client.get("/api/v1/me", **bearer(raw2)).status_code == 200


def test_diagnosis_post_is_stateless(owner):
    _t, raw = make_token(owner, ["diagnosis:read"])
    snapshot = json.loads((CASES / "case_b_ip_dispute.json").read_text())
    before = ApiToken.objects.count()
    r = Client().post("/api/v1/diagnosis?lang=en", snapshot, content_type="application/json", **bearer(raw))
    assert r.status_code == 200, r.content
    body = r.json()
    assert len(body["causes"]) == 6 and body["lang"] == "en"
    assert body["overall"]["level"] in {"low", "medium", "high", "critical"}
    assert ApiToken.objects.count() == before


def test_diagnosis_bad_snapshot_names_the_json_path(owner):
    _t, raw = make_token(owner, ["diagnosis:read"])
    snapshot = json.loads((CASES / "healthy_poc.json").read_text())
    snapshot["project"]["stage"] = "flying"
    r = Client().post("/api/v1/diagnosis", snapshot, content_type="application/json", **bearer(raw))
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "project", "stage"]
    r = Client().post("/api/v1/diagnosis", [1, 2], content_type="application/json", **bearer(raw))
    assert r.status_code == 422


def test_diagnosis_needs_the_scope(owner):
    _t, raw = make_token(owner, ["projects:read"])
    r = Client().post("/api/v1/diagnosis", {}, content_type="application/json", **bearer(raw))
    assert r.status_code == 403


def test_audit_is_for_owners(owner, member, workspace):
    _t, raw = make_token(owner, workspace=workspace)  # creating it is audited in the workspace
    r = Client().get("/api/v1/audit?action=create", **bearer(raw))
    assert r.status_code == 200 and r.json()["count"] >= 1
    _t2, raw2 = make_token(member)
    assert Client().get("/api/v1/audit", **bearer(raw2)).status_code == 403


def test_openapi_documents_every_route(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Kyoso API"
    for path, item in schema["paths"].items():
        for method, op in item.items():
            assert op.get("summary"), (method, path)
            assert {"401", "403", "404"} <= set(op["responses"]), (method, path)
