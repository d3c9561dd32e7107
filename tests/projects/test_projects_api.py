"""Projects API (src/kyoso/api/projects.py): token access, scoping, roles, 422 field paths, snapshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from kyoso.accounts.models import User, Workspace
from kyoso.engine.diagnosis import parse_snapshot
from kyoso.partners.models import Organisation
from kyoso.projects import services
from kyoso.projects.models import Gate, LogEntry, Milestone, Project, Side
from tests.api.helpers import bearer, make_token

BASE = "/api/v1/projects"


@pytest.fixture(autouse=True)
def _api_defaults() -> Any:
    cache.clear()
    with override_settings(KYOSO_API_RATE_LIMIT="10000/minute"):
        yield
    cache.clear()


@pytest.fixture
def owner_headers(owner: User) -> dict[str, str]:
    return bearer(make_token(owner)[1])


def post(client: Client, url: str, data: Any, headers: dict[str, str], method: str = "post") -> Any:
    return getattr(client, method)(url, data, content_type="application/json", **headers)


def locs(response: Any) -> list[list[Any]]:
    return [e["loc"] for e in response.json()["detail"]]


# --------------------------------------------------------------------------- list, detail, create, update


def test_list_and_detail_with_a_token(
    project: Project, other_project: Project, owner_headers: dict[str, str]
) -> None:
    client = Client()
    listing = client.get(f"{BASE}/", **owner_headers)
    assert listing.status_code == 200
    body = listing.json()
    assert body["count"] == 2
    assert {p["title"] for p in body["items"]} == {project.title, other_project.title}
    filtered = client.get(f"{BASE}/?stage=poc", **owner_headers).json()
    assert [p["id"] for p in filtered["items"]] == [project.pk]

    detail = client.get(f"{BASE}/{project.pk}", **owner_headers)
    assert detail.status_code == 200
    data = detail.json()
    assert data["id"] == project.pk and data["title"] == project.title and data["stage"] == "poc"
    assert set(data["parties"]) == {"corporate", "partner"}
    assert data["parties"]["partner"]["name"] == "ビジョンテック"


def test_create_and_update_with_a_token(
    workspace: Workspace, owner: User, owner_headers: dict[str, str]
) -> None:
    client = Client()
    created = post(
        client,
        f"{BASE}/",
        {"title": "API案件", "partner_name": "APIスタートアップ", "budget_jpy": 3_000_000},
        owner_headers,
    )
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    project = Project.objects.get(pk=pid)
    assert project.workspace == workspace and project.created_by == owner and project.budget_jpy == 3_000_000
    assert project.parties.get(side=Side.PARTNER).name == "APIスタートアップ"

    changed = post(
        client,
        f"{BASE}/{pid}",
        {"title": "API案件（改）", "status_colour": "amber", "stage": "poc", "stage_reason": "探索完了"},
        owner_headers,
        method="patch",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "API案件（改）" and changed.json()["stage"] == "poc"
    project.refresh_from_db()
    assert (project.status_colour, project.stage) == ("amber", "poc")


def test_a_refused_stage_change_keeps_the_fields_unchanged(
    project: Project, owner_headers: dict[str, str]
) -> None:
    """A PATCH is one save: the stage change is refused (no reason to stop), so the title stays too."""
    title = project.title
    refused = post(
        Client(),
        f"{BASE}/{project.pk}",
        {"title": "途中まで保存されない", "stage": "stopped"},
        owner_headers,
        method="patch",
    )
    assert refused.status_code == 422, refused.content
    assert locs(refused) == [["body", "stage_reason"]]
    project.refresh_from_db()
    assert (project.title, project.stage) == (title, "poc")


def test_create_linked_to_the_partner_directory(
    workspace: Workspace, other_workspace: Workspace, owner_headers: dict[str, str]
) -> None:
    org = Organisation.objects.create(
        workspace=workspace, name="名簿スタートアップ", kind="startup", decision_lead_days=3
    )
    foreign = Organisation.objects.create(workspace=other_workspace, name="他社名簿", kind="startup")
    client = Client()
    created = post(client, f"{BASE}/", {"title": "名簿から", "organisation_id": org.pk}, owner_headers)
    assert created.status_code == 201
    party = Project.objects.get(pk=created.json()["id"]).parties.get(side=Side.PARTNER)
    assert (party.organisation_id, party.name, party.decision_lead_days) == (org.pk, "名簿スタートアップ", 3)
    refused = post(client, f"{BASE}/", {"title": "越境", "organisation_id": foreign.pk}, owner_headers)
    assert refused.status_code == 422
    assert locs(refused) == [["body", "organisation_id"]]
    assert not Project.objects.filter(title="越境").exists()


def test_gate_milestone_and_log_routes(project: Project, owner_headers: dict[str, str]) -> None:
    client = Client()
    gate = post(
        client,
        f"{BASE}/{project.pk}/gates",
        {"stage": "poc", "criteria": ["検出率95%以上", "現場の合意"]},
        owner_headers,
    )
    assert gate.status_code == 201
    gid, criteria = gate.json()["id"], gate.json()["criteria"]
    decided = post(
        client,
        f"{BASE}/{project.pk}/gates/{gid}/decisions",
        {
            "decision": "go",
            "note": "基準達成",
            "evidence": [{"criterion_id": criteria[0]["id"], "met": True}],
        },
        owner_headers,
    )
    assert decided.status_code == 201 and decided.json()["decisions"][0]["decision"] == "go"
    project.refresh_from_db()
    assert project.stage == "pilot"  # a Go on the current stage's gate moves the project on
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    assert (
        post(
            client,
            f"{BASE}/{project.pk}/milestones",
            {"title": "現場検証", "due": due, "visibility": "shared"},
            owner_headers,
        ).status_code
        == 201
    )
    assert (
        post(
            client,
            f"{BASE}/{project.pk}/log",
            {"date": timezone.localdate().isoformat(), "kind": "call", "note": "電話で進捗確認"},
            owner_headers,
        ).status_code
        == 201
    )
    assert client.get(f"{BASE}/{project.pk}/log", **owner_headers).json()["count"] == 1
    assert len(client.get(f"{BASE}/{project.pk}/milestones", **owner_headers).json()) == 1


# --------------------------------------------------------------------------- scope and roles


def test_outsider_gets_404_and_an_empty_list(project: Project, outsider: User) -> None:
    client = Client()
    headers = bearer(make_token(outsider)[1])
    assert client.get(f"{BASE}/", **headers).json()["count"] == 0
    for path in ("", "/gates", "/milestones", "/kpis", "/log", "/contracts", "/snapshot"):
        assert client.get(f"{BASE}/{project.pk}{path}", **headers).status_code == 404, path
    r = post(client, f"{BASE}/{project.pk}", {"title": "乗っ取り"}, headers, method="patch")
    assert r.status_code == 404
    r = post(client, f"{BASE}/{project.pk}/log", {"date": timezone.localdate().isoformat()}, headers)
    assert r.status_code == 404
    project.refresh_from_db()
    assert project.title != "乗っ取り" and not LogEntry.objects.filter(project=project).exists()


def test_partner_user_has_no_api_access_to_the_workspace(project: Project, partner: User) -> None:
    client = Client()
    headers = bearer(make_token(partner, ["projects:read"])[1])
    response = client.get(f"{BASE}/{project.pk}", **headers)
    assert response.status_code in {403, 404}


def test_read_only_token_cannot_write(project: Project, owner: User) -> None:
    client = Client()
    headers = bearer(make_token(owner, ["projects:read"])[1])
    assert client.get(f"{BASE}/{project.pk}", **headers).status_code == 200
    assert post(client, f"{BASE}/", {"title": "読み取り専用"}, headers).status_code == 403
    assert post(client, f"{BASE}/{project.pk}", {"title": "x"}, headers, method="patch").status_code == 403
    assert not Project.objects.filter(title="読み取り専用").exists()


def test_viewer_can_read_but_not_write(project: Project, viewer: User) -> None:
    client = Client()
    headers = bearer(make_token(viewer, ["projects:write"])[1])
    assert client.get(f"{BASE}/{project.pk}", **headers).status_code == 200
    assert post(client, f"{BASE}/", {"title": "閲覧者の案件"}, headers).status_code == 403
    due = timezone.localdate().isoformat()
    assert (
        post(client, f"{BASE}/{project.pk}/milestones", {"title": "m", "due": due}, headers).status_code
        == 403
    )
    assert not Project.objects.filter(title="閲覧者の案件").exists()
    assert not Milestone.objects.filter(project=project).exists()


def test_executive_may_decide_a_gate_but_not_create_projects(
    project: Project, owner: User, executive: User
) -> None:
    gate = services.create_gate(project=project, by=owner, stage="pilot", criteria=["検出率95%以上"])
    client = Client()
    headers = bearer(make_token(executive, ["projects:write"])[1])
    assert post(client, f"{BASE}/", {"title": "経営層の案件"}, headers).status_code == 403
    r = post(
        client,
        f"{BASE}/{project.pk}/gates/{gate.pk}/decisions",
        {"decision": "extend", "extended_to": (timezone.localdate() + dt.timedelta(days=30)).isoformat()},
        headers,
    )
    assert r.status_code == 201, r.content


# --------------------------------------------------------------------------- bad input


def test_bad_input_is_422_with_field_paths(project: Project, owner_headers: dict[str, str]) -> None:
    client = Client()
    r = post(client, f"{BASE}/", {"title": "x", "stage": "launch", "budget_jpy": "many"}, owner_headers)
    assert r.status_code == 422
    assert {tuple(loc[-1:]) for loc in locs(r)} >= {("stage",), ("budget_jpy",)}
    r = post(client, f"{BASE}/", {"title": "  "}, owner_headers)
    assert r.status_code == 422 and locs(r) == [["body", "title"]]
    r = post(client, f"{BASE}/", {"title": "赤字", "budget_jpy": -1}, owner_headers)
    assert r.status_code == 422 and locs(r) == [["body", "budget_jpy"]]
    r = post(client, f"{BASE}/{project.pk}", {"stage": "poc"}, owner_headers, method="patch")
    assert r.status_code == 200  # same stage: nothing to change
    r = post(client, f"{BASE}/{project.pk}/gates", {"stage": "pilot", "criteria": []}, owner_headers)
    assert r.status_code == 422 and locs(r) == [["body", "criteria"]]
    r = post(
        client,
        f"{BASE}/{project.pk}/kpis",
        {"name": "検出率", "target": 95, "unit": "", "horizon_months": 12},
        owner_headers,
    )
    assert r.status_code == 422 and locs(r) == [["body", "unit"]]
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    r = post(client, f"{BASE}/{project.pk}/log", {"date": future, "kind": "meeting"}, owner_headers)
    assert r.status_code == 422 and locs(r) == [["body", "date"]]
    assert not Gate.objects.filter(project=project).exists()
    assert not LogEntry.objects.filter(project=project).exists()
    assert Project.objects.filter(workspace=project.workspace).count() == 1


# --------------------------------------------------------------------------- snapshot


def test_snapshot_route_is_a_valid_diagnosis_snapshot(
    project: Project, owner: User, owner_headers: dict[str, str]
) -> None:
    services.add_benefit(
        project=project,
        by=owner,
        metric="不良検出率",
        target=95,
        unit="%",
        by_date=timezone.localdate() + dt.timedelta(days=180),
    )
    services.create_gate(project=project, by=owner, stage="pilot", criteria=["検出率95%以上"])
    response = Client().get(f"{BASE}/{project.pk}/snapshot", **owner_headers)
    assert response.status_code == 200
    data = response.json()
    snapshot = parse_snapshot(data)
    assert data["kyoso_snapshot"] == 1
    assert snapshot.project.title == project.title
