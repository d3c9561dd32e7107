"""JSON input and output: non-finite numbers, out-of-range integers, NUL and lone surrogates.

Each bad value is a 422 naming the field (never a 500), nothing is written, and responses are
standard JSON. Forms refuse the same values with a message on the field.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from kyoso.partners.models import Organisation
from kyoso.projects import services
from kyoso.projects.models import Kpi, KpiMeasurement, LogEntry, Project
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db

NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"]
BAD_STRINGS = {
    "lone high surrogate": '"a\\ud800b"',
    "lone low surrogate": '"\\udfff"',
    "reversed pair": '"\\udc00\\ud800"',
    "NUL": '"a\\u0000b"',
}


@pytest.fixture(autouse=True)
def _api_defaults() -> Any:
    cache.clear()
    with override_settings(KYOSO_API_RATE_LIMIT="10000/minute"):
        yield
    cache.clear()


@pytest.fixture
def headers(owner) -> dict[str, str]:
    return bearer(make_token(owner)[1])


@pytest.fixture
def project(workspace, owner) -> Project:
    return services.create_project(workspace=workspace, by=owner, title="検証案件", partner_name="テスト社")


@pytest.fixture
def kpi(project, owner) -> Kpi:
    return services.add_kpi(project=project, by=owner, name="検出率", target=95.0, unit="%", horizon_months=6)


def send(client: Client, url: str, raw: str, headers: dict[str, str], method: str = "post") -> Any:
    return getattr(client, method)(url, raw, content_type="application/json", **headers)


def assert_422_naming(response: Any, field: str) -> None:
    assert response.status_code == 422, (response.status_code, response.content[:300])
    detail = response.json()["detail"]
    assert any(entry["loc"][-1] == field and entry["loc"][0] == "body" for entry in detail), detail


@pytest.mark.parametrize("literal", NON_FINITE)
def test_non_finite_kpi_target_is_a_422(project, headers, literal) -> None:
    raw = '{"name": "検出率", "target": @}'.replace("@", literal)
    response = send(Client(), f"/api/v1/projects/{project.pk}/kpis", raw, headers)
    assert_422_naming(response, "target")
    assert not Kpi.objects.filter(project=project).exists()


@pytest.mark.parametrize("literal", NON_FINITE)
def test_non_finite_measurement_is_a_422(project, kpi, headers, literal) -> None:
    raw = '{"measured_on": "2026-01-05", "value": @}'.replace("@", literal)
    response = send(Client(), f"/api/v1/projects/{project.pk}/kpis/{kpi.pk}/measurements", raw, headers)
    assert_422_naming(response, "value")
    assert not KpiMeasurement.objects.exists()


@pytest.mark.parametrize("text", ["NaN", "nan", "Infinity", "-inf", "inf"])
def test_non_finite_numbers_sent_as_strings_are_not_stored(project, kpi, headers, text) -> None:
    # pydantic reads "nan" as a float; the save guard must still refuse it, naming the field.
    response = send(
        Client(),
        f"/api/v1/projects/{project.pk}/kpis/{kpi.pk}/measurements",
        json.dumps({"measured_on": "2026-01-05", "value": text}),
        headers,
    )
    assert_422_naming(response, "value")
    assert not KpiMeasurement.objects.exists()


@pytest.mark.parametrize("literal", NON_FINITE)
def test_non_finite_numbers_nested_anywhere_name_their_place(headers, literal) -> None:
    raw = '{"name": "x", "kind": "startup", "industries": ["a", @]}'.replace("@", literal)
    response = send(Client(), "/api/v1/partners/organisations", raw, headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "industries", 1]


@pytest.mark.parametrize(
    "founded",
    ["99999999999999999999", "-99999999999999999999", "9223372036854775808", "70000", "-1", "32768"],
)
def test_integer_beyond_the_fields_range_is_a_422(headers, founded) -> None:
    raw = '{"name": "範囲外", "kind": "startup", "founded": @}'.replace("@", founded)
    response = send(Client(), "/api/v1/partners/organisations", raw, headers)
    assert_422_naming(response, "founded")
    assert not Organisation.objects.filter(name="範囲外").exists()


@pytest.mark.parametrize("employees", ["4294967296000", "99999999999999999999"])
def test_integer_beyond_a_positive_integer_field_is_a_422(headers, employees) -> None:
    raw = '{"name": "範囲外", "kind": "startup", "employees": @}'.replace("@", employees)
    response = send(Client(), "/api/v1/partners/organisations", raw, headers)
    assert_422_naming(response, "employees")


def test_integer_within_range_is_accepted(headers) -> None:
    raw = '{"name": "範囲内", "kind": "startup", "founded": 2019, "employees": 2147483647}'
    response = send(Client(), "/api/v1/partners/organisations", raw, headers)
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("bad", list(BAD_STRINGS.values()), ids=list(BAD_STRINGS))
def test_bad_text_in_a_project_title_is_a_422(headers, bad) -> None:
    response = send(
        Client(), "/api/v1/projects/", '{"title": @, "partner_name": "x"}'.replace("@", bad), headers
    )
    assert_422_naming(response, "title")
    assert not Project.objects.exists()


@pytest.mark.parametrize("bad", list(BAD_STRINGS.values()), ids=list(BAD_STRINGS))
def test_bad_text_in_a_log_note_is_a_422(project, headers, bad) -> None:
    raw = '{"date": "2026-01-05", "note": @}'.replace("@", bad)
    response = send(Client(), f"/api/v1/projects/{project.pk}/log", raw, headers)
    assert_422_naming(response, "note")
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize("bad", list(BAD_STRINGS.values()), ids=list(BAD_STRINGS))
def test_bad_text_in_a_patch_is_a_422(project, headers, bad) -> None:
    response = send(
        Client(), f"/api/v1/projects/{project.pk}", '{"title": @}'.replace("@", bad), headers, "patch"
    )
    assert_422_naming(response, "title")
    project.refresh_from_db()
    assert project.title == "検証案件"


def test_bad_text_in_an_object_key_is_a_422(headers) -> None:
    response = send(Client(), "/api/v1/projects/", '{"ti\\ud800tle": "x", "title": "t"}', headers)
    assert response.status_code == 422


def test_valid_surrogate_pairs_and_unusual_unicode_are_kept(headers) -> None:
    title = "絵文字😀 \u200b ZWJ👩\u200d💻 RTL\u202e"
    response = send(Client(), "/api/v1/projects/", json.dumps({"title": title, "partner_name": "x"}), headers)
    assert response.status_code == 201, response.content
    assert Project.objects.get().title == title


def test_responses_are_standard_json(project, kpi, headers) -> None:
    response = Client().get(f"/api/v1/projects/{project.pk}/kpis", **headers)
    assert response.status_code == 200

    def refuse(constant: str) -> Any:
        raise AssertionError(f"non-standard JSON constant {constant}")

    json.loads(response.content, parse_constant=refuse)


def test_a_non_finite_value_cannot_be_stored_by_any_service(project, owner) -> None:
    from kyoso.core.errors import DomainError

    for value in (math.nan, math.inf, -math.inf):
        with pytest.raises(DomainError) as exc:
            services.add_kpi(project=project, by=owner, name="x", target=value, unit="%", horizon_months=6)
        assert exc.value.field == "target"
    assert not Kpi.objects.exists()


# --------------------------------------------------------------------------- forms


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", "1e999"])
def test_forms_refuse_non_finite_numbers(project, owner, login, value) -> None:
    client = login(owner)
    response = client.post(
        f"/projects/{project.pk}/kpis/add/", {"name": "検出率", "target": value, "unit": "%"}
    )
    assert response.status_code == 400  # the tab again, with the error on the form
    assert not Kpi.objects.exists()


@pytest.mark.parametrize("founded", ["99999999999999999999", "70000", "-5"])
def test_forms_refuse_integers_beyond_the_field(owner, login, founded) -> None:
    client = login(owner)
    response = client.post(
        "/partners/new/",
        {"name": "範囲外", "kind": "startup", "founded": founded, "company_wide_support": "unknown"},
    )
    assert response.status_code == 400  # the form again, with the error
    assert "founded" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_forms_refuse_nul_in_multipart_and_urlencoded_bodies(owner, login) -> None:
    client = login(owner)
    data = {"name": "a\x00b", "kind": "startup", "company_wide_support": "unknown"}
    assert client.post("/partners/new/", data).status_code == 400
    encoded = "name=a%00b&kind=startup&company_wide_support=unknown"
    response = client.post("/partners/new/", encoded, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not Organisation.objects.exists()
