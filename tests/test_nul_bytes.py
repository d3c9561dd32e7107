from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_nul_bytes_in_a_query_are_a_clear_400(owner, login) -> None:
    client = login(owner)
    assert client.get("/api/v1/projects/?q=a%00b").status_code == 400


def test_nul_bytes_in_a_json_body_are_a_422_naming_the_field(owner, login) -> None:
    client = login(owner)
    response = client.post(
        "/api/v1/diagnosis", data='{"kyoso_snapshot": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "kyoso_snapshot"]
    assert "NUL" in response.json()["detail"][0]["msg"]


def test_ordinary_requests_pass() -> None:
    assert Client().get("/healthz").status_code == 200
