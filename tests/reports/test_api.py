"""Reports API: JSON data and file exports, audited; outsiders see nothing of the workspace."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from kyoso.accounts.models import AuditAction, AuditEvent
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db


def test_report_json(portfolio, owner) -> None:
    _t, raw = make_token(owner, ["reports:read"])
    body = Client().get("/api/v1/reports/pipeline", **bearer(raw)).json()
    assert [r["reached"] for r in body["data"]["rows"]] == [4, 3, 1, 1]
    body = Client().get("/api/v1/reports/time", {"business_unit": "物流本部"}, **bearer(raw)).json()
    assert [s["title"] for s in body["data"]["stuck"]] == ["ゲート超過の案件"]


def test_sponsor_json_and_outsider_404(portfolio, executive, outsider) -> None:
    _t, raw = make_token(executive, ["reports:read"])
    body = Client().get(f"/api/v1/reports/sponsors/{executive.pk}", **bearer(raw)).json()
    assert body["data"]["live"] == 2
    _t, raw = make_token(outsider, ["reports:read"])
    assert Client().get(f"/api/v1/reports/sponsors/{executive.pk}", **bearer(raw)).status_code == 404


def test_exports_as_files(portfolio, owner) -> None:
    _t, raw = make_token(owner, ["reports:read"])
    r = Client().get("/api/v1/reports/export/portfolio/xlsx", **bearer(raw))
    assert r.status_code == 200
    assert len(load_workbook(io.BytesIO(r.content)).sheetnames) > 3
    r = Client().get("/api/v1/reports/export/risk/pdf", **bearer(raw))
    assert r.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_token_without_scope_is_refused(portfolio, owner) -> None:
    _t, raw = make_token(owner, ["partners:read"])
    assert Client().get("/api/v1/reports/pipeline", **bearer(raw)).status_code == 403
