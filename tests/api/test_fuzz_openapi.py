"""Schemathesis over /api/v1/openapi.json with a full-scope token: no 5xx, responses match the schema."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

import django  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

django.setup()

from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from kyoso.api.core import api  # noqa: E402
from kyoso.api.models import ALL_SCOPES  # noqa: E402
from tests.api.helpers import make_token  # noqa: E402

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.slow]
APP = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Like Django's test client: the raw WSGI app would close the database connection after each
    # request (request_started/finished), which on PostgreSQL ends the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(owner, member, workspace):
    _t, raw = make_token(
        owner, sorted(s for s in ALL_SCOPES if s.endswith(":write")) + ["diagnosis:read"], workspace=workspace
    )
    return raw


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, fuzz_token):
    response = case.call(app=APP, headers={"Authorization": f"Bearer {fuzz_token}"})
    assert response.status_code < 500, (
        case.method,
        case.formatted_path,
        response.status_code,
        response.text[:500],
    )
    if response.status_code < 300 and response.status_code != 204:
        case.validate_response(response, checks=[response_schema_conformance])
