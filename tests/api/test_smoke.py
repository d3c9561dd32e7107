from django.test import Client

from tests.api.helpers import bearer, make_token


def test_me_with_token(owner, workspace):
    _token, raw = make_token(owner)
    r = Client().get("/api/v1/me", **bearer(raw))
    assert r.status_code == 200, r.content
    assert r.json()["workspace"]["slug"] == workspace.slug


def test_anonymous(db):
    assert Client().get("/api/v1/me").status_code == 401
    assert Client().get("/api/v1/openapi.json").status_code == 200
    assert Client().get("/api/v1/docs").status_code == 200
