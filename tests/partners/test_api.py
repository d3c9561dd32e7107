"""Partner-directory API: CRUD with pagination, search, fit, import with the 422 row report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kyoso.partners.models import Organisation
from tests.api.helpers import bearer, make_token

from .factories import org
from .test_importing import GOOD, broken_xlsx

BASE = "/api/v1/partners"


@pytest.fixture
def api(member):
    _token, raw = make_token(member)
    client = Client()
    client.defaults.update(bearer(raw))
    return client


def test_organisation_crud_and_pagination(api, workspace):
    for i in range(3):
        org(workspace, f"組織{i}")
    response = api.get(f"{BASE}/organisations", {"limit": 2, "offset": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and len(body["items"]) == 2 and body["limit"] == 2

    response = api.post(
        f"{BASE}/organisations",
        {"name": "新規AI", "kind": "startup", "technologies": ["画像認識"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api.patch(
        f"{BASE}/organisations/{pk}", {"decision_lead_days": 7}, content_type="application/json"
    )
    assert response.json()["decision_lead_days"] == 7
    response = api.put(
        f"{BASE}/organisations/{pk}/checklist/met_in_person",
        {"answer": "yes"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["answer"] == "yes"
    assert api.delete(f"{BASE}/organisations/{pk}").status_code == 204
    assert not Organisation.objects.filter(pk=pk).exists()


def test_bad_kind_is_422(api):
    response = api.post(f"{BASE}/organisations", {"name": "X", "kind": "vc"}, content_type="application/json")
    assert response.status_code == 422


def test_outsider_gets_404(outsider, workspace):
    target = org(workspace, "他人の組織")
    _token, raw = make_token(outsider)
    response = Client().get(f"{BASE}/organisations/{target.pk}", **bearer(raw))
    assert response.status_code == 404


def test_viewer_cannot_write(viewer):
    _token, raw = make_token(viewer)
    response = Client().post(
        f"{BASE}/organisations",
        {"name": "X", "kind": "startup"},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 403


def test_search_and_fit(api, workspace):
    vision = org(
        workspace, "ビジョンテック", description="画像認識AIによる外観検査", technologies=["画像認識"]
    )
    response = api.post(
        f"{BASE}/needs",
        {"title": "外観検査", "description": "画像認識で外観検査を自動化"},
        content_type="application/json",
    )
    assert response.status_code == 201
    need_id = response.json()["id"]
    results = api.get(f"{BASE}/search", {"q": "image recognition"}).json()
    assert results[0]["name"] == "ビジョンテック" and results[0]["reasons"]
    fit = api.get(f"{BASE}/needs/{need_id}/fit", {"lang": "en"}).json()
    assert fit[0]["organisation_id"] == vision.pk
    assert {c["id"] for c in fit[0]["components"]} == {"technology", "culture", "expectation", "checklist"}
    assert api.post(f"{BASE}/needs/{need_id}/shortlist/{vision.pk}").status_code == 201


def test_import_ok_and_422_report(api, workspace):
    response = api.post(f"{BASE}/import", {"file": SimpleUploadedFile("a.csv", GOOD.encode())})
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 3
    bad = SimpleUploadedFile("b.csv", b"name,kind\nA,startup\nB,vc\n")
    response = api.post(f"{BASE}/import", {"file": bad})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "file", 3, "kind"]
    assert Organisation.objects.filter(name="A").count() == 0
    several = SimpleUploadedFile("c.csv", "name,kind,founded\nA,vc,\n,startup,1999\nC,startup,昔\n".encode())
    detail = api.post(f"{BASE}/import", {"file": several}).json()["detail"]
    assert [d["loc"] for d in detail] == [
        ["body", "file", 2, "kind"],
        ["body", "file", 3, "name"],
        ["body", "file", 4, "founded"],
    ]
    assert all(d["type"] == "import_error" and str(d["loc"][2]) in d["msg"] for d in detail)
    empty = api.post(f"{BASE}/import", {"file": SimpleUploadedFile("d.csv", b"")}).json()["detail"]
    assert len(empty) == 1 and empty[0]["loc"] == ["body", "file"]
    assert not Organisation.objects.filter(name__in=["A", "C"]).exists()


def test_import_of_a_broken_workbook_is_a_422_naming_the_file(api, workspace):
    response = api.post(f"{BASE}/import", {"file": SimpleUploadedFile("orgs.xlsx", broken_xlsx())})
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "file"] and "orgs.xlsx" in detail[0]["msg"]
    assert not Organisation.objects.exists()
