"""Open redirect: every view that reads `next` lands on an in-site address whatever is sent."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client

from kyoso.projects import services as project_services
from kyoso.projects.models import LogEntry
from kyoso.risk.models import RiskWarning

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example/x",
    "http://evil.example",
    "//evil.example/",
    "///evil.example/",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "http:evil.example",
    "https:evil.example",
    "http:/evil.example",
    "https:///evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "\t//evil.example",
    "\n//evil.example",
    "\r\n/\\evil.example",
    "\x00//evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "https://testserver@evil.example/",
    "https://evil.example\\@testserver/",
    "http://evil.example%23@testserver/",
    "ftp://testserver/",
    "evil.example",
    "https://testserver.evil.example/",
]


def assert_in_site(response, fallback_prefix: str = "/") -> None:
    assert response.status_code in {301, 302, 303}, response.status_code
    location = response["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "\\" not in location and "evil" not in location, location
    assert location.startswith(fallback_prefix), location


@pytest.fixture
def project(workspace, owner):
    return project_services.create_project(workspace=workspace, by=owner, title="案件", partner_name="社")


def _log_entry(project, owner) -> LogEntry:
    import datetime as dt

    return project_services.add_log_entry(
        project=project, by=owner, date=dt.date(2026, 1, 5), kind="meeting", parties="both", note="x"
    )


@pytest.mark.parametrize("target", OFF_SITE)
def test_deleting_a_log_entry(project, owner, login, target) -> None:
    entry = _log_entry(project, owner)
    response = login(owner).post(f"/projects/{project.pk}/records/log/{entry.pk}/delete/", {"next": target})
    assert_in_site(response, f"/projects/{project.pk}/")


@pytest.mark.parametrize("target", OFF_SITE)
def test_changing_a_records_visibility(project, owner, login, target) -> None:
    entry = _log_entry(project, owner)
    response = login(owner).post(
        f"/projects/{project.pk}/records/log/{entry.pk}/visibility/", {"next": target, "visibility": "shared"}
    )
    assert_in_site(response, f"/projects/{project.pk}/")


@pytest.mark.parametrize("target", OFF_SITE)
def test_switching_workspace(workspace, owner, login, target) -> None:
    response = login(owner).post("/accounts/workspaces/switch/", {"workspace": workspace.pk, "next": target})
    assert_in_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_switching_language(owner, login, target) -> None:
    assert_in_site(login(owner).post("/accounts/language/", {"language": "en", "next": target}))
    assert_in_site(Client().post("/accounts/language/", {"language": "en", "next": target}))


@pytest.mark.parametrize("target", OFF_SITE)
def test_acknowledging_a_warning(workspace, project, owner, login, target) -> None:
    warning = RiskWarning.objects.create(
        project=project, kind="no_contract", key="no_contract", message_ja="m", message_en="m"
    )
    response = login(owner).post(f"/risk/warnings/{warning.pk}/acknowledge/", {"next": target})
    assert_in_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_logging_in(owner, target) -> None:
    owner.set_password("pw-Long-enough-1")
    owner.save()
    response = Client().post(
        "/accounts/login/", {"login": owner.email, "password": "pw-Long-enough-1", "next": target}
    )
    assert_in_site(response)


def test_a_secure_request_never_goes_to_http() -> None:
    response = Client().post(
        "/accounts/language/", {"language": "en", "next": "http://testserver/x"}, secure=True
    )
    assert_in_site(response)


@pytest.mark.parametrize("target", ["/projects/", "/risk/warnings/?status=open", "/partners/?q=a#frag"])
def test_in_site_targets_are_kept(workspace, owner, login, target) -> None:
    response = login(owner).post("/accounts/workspaces/switch/", {"workspace": workspace.pk, "next": target})
    assert response["Location"] == target
