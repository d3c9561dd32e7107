"""Risk pages: heat map, a project's diagnosis, warnings, the dashboard panel. Internal to members."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kyoso.projects import services as project_services
from kyoso.risk import services
from kyoso.risk.models import RiskWarning, WarningStatus

pytestmark = pytest.mark.django_db


def _projects(workspace, owner, n: int) -> list:
    made = []
    for i in range(n):
        p = project_services.create_project(
            workspace=workspace,
            by=owner,
            title=f"案件{i:03d}",
            stage="poc",
            stage_entered=timezone.localdate() - dt.timedelta(days=30 + i),
        )
        services.recompute(p)
        made.append(p)
    return made


def test_the_heat_map_is_a_table_with_numbers_and_levels(
    login, member, workspace, owner, project, other_project
):
    services.recompute(project)
    services.recompute(other_project)
    page = login(member).get(reverse("risk:index")).content.decode()
    assert "<table" in page and 'scope="col"' in page and 'scope="row"' in page
    assert project.title in page
    assert other_project.title not in page
    d = project.diagnoses.get(is_current=True)
    assert f">{d.overall_score}<" in page
    assert reverse("risk:project", args=[project.pk]) in page


@pytest.mark.parametrize("n", [3, 25])
def test_the_heat_map_reads_stored_diagnoses_in_bounded_queries(
    login, member, workspace, owner, n, django_assert_max_num_queries, monkeypatch
):
    _projects(workspace, owner, n)
    client = login(member)
    # Never runs the engine while rendering.
    monkeypatch.setattr("kyoso.engine.diagnosis.diagnose", lambda *a, **k: pytest.fail("engine ran"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("risk:index"), {"sort": "communication", "dir": "asc"})
    assert response.status_code == 200
    assert response.content.decode().count('scope="row"') == n


def test_the_heat_map_lists_undiagnosed_projects_last(login, member, workspace, owner):
    done = _projects(workspace, owner, 1)[0]
    pending = project_services.create_project(workspace=workspace, by=owner, title="未診断の案件")
    page = login(member).get(reverse("risk:index")).content.decode()
    assert page.index(done.title) < page.index(pending.title)


def test_the_project_page_shows_causes_evidence_and_countermeasures(login, member, project):
    services.recompute(project)
    page = login(member).get(reverse("risk:project", args=[project.pk])).content.decode()
    assert "コミュニケーション不足・認識の齟齬" in page
    assert "scorebar" in page
    assert "対策" in page  # the article's countermeasures, in Japanese
    assert "communication." in page  # the rules that fired (why)


def test_the_project_page_diagnoses_a_project_seen_for_the_first_time(login, member, project):
    response = login(member).get(reverse("risk:project", args=[project.pk]))
    assert response.status_code == 200
    assert project.diagnoses.filter(is_current=True).exists()


def test_english_users_read_the_diagnosis_in_english(login, project, workspace):
    from tests.conftest import add_member, make_user

    emma = make_user("emma@example.com", "Emma", language="en")
    add_member(workspace, emma, "member")
    services.recompute(project)
    page = login(emma).get(reverse("risk:project", args=[project.pk])).content.decode()
    assert "Too little communication" in page


def test_outsiders_get_404_everywhere(login, outsider, project):
    services.recompute(project, as_of=timezone.localdate())
    warning = RiskWarning.objects.filter(project=project).first()
    assert warning is not None
    client = login(outsider)
    assert client.get(reverse("risk:project", args=[project.pk])).status_code == 404
    assert client.post(reverse("risk:recompute", args=[project.pk])).status_code == 404
    assert client.post(reverse("risk:warning_acknowledge", args=[warning.pk])).status_code == 404
    assert client.post(reverse("risk:warning_resolve", args=[warning.pk])).status_code == 404
    assert project.title not in client.get(reverse("risk:index")).content.decode()
    assert project.title not in client.get(reverse("risk:warnings")).content.decode()


def test_viewers_cannot_acknowledge_or_recompute(login, viewer, project):
    services.recompute(project, as_of=timezone.localdate())
    warning = RiskWarning.objects.filter(project=project).first()
    client = login(viewer)
    assert client.post(reverse("risk:warning_acknowledge", args=[warning.pk])).status_code == 403
    assert client.post(reverse("risk:warning_resolve", args=[warning.pk])).status_code == 403
    assert client.post(reverse("risk:recompute", args=[project.pk])).status_code == 403
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN


def test_members_acknowledge_and_resolve_warnings_from_the_list(
    login, member, project, django_assert_max_num_queries
):
    services.recompute(project, as_of=timezone.localdate())
    warning = RiskWarning.objects.get(project=project, kind="no_contact")
    client = login(member)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("risk:warnings")).content.decode()
    assert warning.message_ja in page

    response = client.post(
        reverse("risk:warning_acknowledge", args=[warning.pk]), {"next": "/risk/warnings/"}
    )
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED and warning.acknowledged_by == member

    client.post(reverse("risk:warning_resolve", args=[warning.pk]))
    warning.refresh_from_db()
    assert warning.status == WarningStatus.RESOLVED and warning.resolved_by == member
    assert warning.message_ja not in client.get(reverse("risk:warnings")).content.decode()
    assert warning.message_ja in client.get(reverse("risk:warnings"), {"status": "resolved"}).content.decode()


def test_the_warnings_list_filters_by_kind_and_project(login, member, workspace, owner, project):
    services.recompute(project, as_of=timezone.localdate())
    client = login(member)
    page = client.get(reverse("risk:warnings"), {"kind": "sponsor_silent", "status": "all"}).content.decode()
    assert "連携先との最後の連絡" not in page and "連絡記録がありません" not in page
    page = client.get(reverse("risk:warnings"), {"project": str(project.pk)}).content.decode()
    assert "連絡記録がありません" in page


def test_the_dashboard_shows_open_warnings(login, member, project):
    services.recompute(project, as_of=timezone.localdate())
    page = login(member).get(reverse("core:dashboard")).content.decode()
    assert "panel-warnings-title" in page
    assert project.title in page


def test_the_risk_menu_entry_is_there_for_members_only(login, member, partner_user):
    page = login(member).get(reverse("core:dashboard")).content.decode()
    assert reverse("risk:index") in page


def test_the_heat_map_is_paginated_keeping_sort_and_filter(
    login, member, workspace, owner, django_assert_max_num_queries
):
    from kyoso.risk.views import HEAT_MAP_PAGE_SIZE

    made = _projects(workspace, owner, HEAT_MAP_PAGE_SIZE + 3)
    pending = project_services.create_project(workspace=workspace, by=owner, title="未診断の案件")
    client = login(member)
    with django_assert_max_num_queries(10):
        first = client.get(reverse("risk:index"), {"sort": "title", "dir": "asc", "stopped": "1"})
    page1 = first.content.decode()
    assert page1.count('scope="row"') == HEAT_MAP_PAGE_SIZE
    assert made[0].title in page1 and made[-1].title not in page1 and pending.title not in page1
    assert "sort=title&amp;dir=asc&amp;stopped=1&amp;page=2" in page1
    with django_assert_max_num_queries(10):
        second = client.get(reverse("risk:index"), {"sort": "title", "dir": "asc", "stopped": "1", "page": 2})
    page2 = second.content.decode()
    assert page2.count('scope="row"') == 4  # three diagnosed, then the undiagnosed one last
    assert page2.index(made[-1].title) < page2.index(pending.title)
    assert made[0].title not in page2
    assert "sort=title&amp;dir=asc&amp;stopped=1&amp;page=1" in page2


def test_open_warnings_use_the_partial_index():
    from kyoso.risk.models import RiskWarning

    (index,) = [i for i in RiskWarning._meta.indexes if i.name == "risk_warning_open_recent"]
    assert index.condition is not None and index.fields == ["-raised_at", "-id"]


def test_heat_map_pages_cover_every_project_once_in_order(workspace, owner, other_workspace):
    from kyoso.projects.models import Project
    from kyoso.risk import selectors
    from kyoso.risk.models import Diagnosis

    made = _projects(workspace, owner, 3)
    pending = [
        project_services.create_project(workspace=workspace, by=owner, title=f"未診断{i}") for i in range(4)
    ]
    stopped = project_services.create_project(workspace=workspace, by=owner, title="中止", stage="stopped")
    _projects(other_workspace, owner, 2)  # another workspace's diagnoses never count here
    diagnoses = Diagnosis.objects.filter(project__workspace=workspace)
    projects = Project.objects.filter(workspace=workspace)
    for include_stopped in (False, True):
        rows = selectors.HeatMapRows(
            diagnoses, projects, sort="title", descending=False, include_stopped=include_stopped
        )
        expected = [p.pk for p in made] + [
            p.pk
            for p in sorted(
                [*pending, *([stopped] if include_stopped else [])], key=lambda p: (p.title, p.pk)
            )
        ]
        assert rows.count() == len(expected)
        # pages of 2: within the diagnosed rows, across the boundary, and wholly among the undiagnosed
        paged = [r.project.pk for start in range(0, len(expected), 2) for r in rows[start : start + 2]]
        assert paged == expected
        assert [r.diagnosis is not None for r in rows[2:4]] == [True, False]


def test_the_project_page_separates_data_to_complete_from_risks(login, member, owner, project, workspace):
    from tests.conftest import add_member, make_user

    # A PoC contract that records neither its deliverable nor its end date: asked for, not scored.
    project_services.create_contract(
        project=project,
        by=owner,
        kind="poc",
        status="signed",
        signed_on=timezone.localdate() - dt.timedelta(days=100),
        fee_jpy=3_000_000,
        foreground_ip_owner="partner",
    )
    services.recompute(project)
    stored = project.diagnoses.get(is_current=True)
    fields = {d["field"] for d in stored.result_ja["data_to_complete"]}
    assert {"project.contracts[0].terms.deliverable", "project.contracts[0].terms.end_date"} <= fields
    fired = {r["id"] for c in stored.result_ja["causes"] for r in c["rules"]}
    assert not {"ip_contract.poc_no_deliverable", "ip_contract.poc_no_end_date"} & fired

    page = login(member).get(reverse("risk:project", args=[project.pk])).content.decode()
    assert "記録すべきデータ" in page and "リスク：6つの失敗要因" in page
    assert "成果物（例：検証報告書）" in page
    emma = make_user("emma.d@example.com", "Emma", language="en")
    add_member(workspace, emma, "member")
    page = login(emma).get(reverse("risk:project", args=[project.pk])).content.decode()
    assert "Data to complete" in page and "Risks: the six causes" in page
    assert "Record the deliverable of the PoC contract" in page
