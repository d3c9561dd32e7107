"""Report numbers against a hand-computed fixture (see conftest: four projects)."""

from __future__ import annotations

import pytest

from kyoso.knowledge import services as knowledge
from kyoso.knowledge.models import RetrospectiveCause
from kyoso.projects.models import Project
from kyoso.reports import selectors
from kyoso.reports.selectors import ReportFilters
from kyoso.risk.models import Diagnosis

pytestmark = pytest.mark.django_db


def test_funnel_counts_and_conversion(portfolio) -> None:
    data = selectors.funnel(Project.objects.all(), ReportFilters())
    rows = {r["stage"]: r for r in data["rows"]}
    assert [rows[s]["reached"] for s in selectors.STAGES] == [4, 3, 1, 1]
    assert [rows[s]["current"] for s in selectors.STAGES] == [1, 1, 0, 1]
    assert rows["poc"]["stopped_here"] == 1
    assert rows["exploration"]["conversion"] == 0.75
    assert rows["poc"]["conversion"] == round(1 / 3, 4)
    assert rows["pilot"]["conversion"] == 1.0
    assert rows["commercialisation"]["conversion"] is None
    assert data["total"] == 4 and data["stopped"] == 1 and data["overall_conversion"] == 0.25


def test_funnel_filters_by_business_unit_and_period(portfolio) -> None:
    data = selectors.funnel(Project.objects.all(), ReportFilters(business_unit="製造事業部"))
    assert [r["reached"] for r in data["rows"]] == [2, 2, 0, 0]
    recent = ReportFilters(period_from=selectors.timezone.localdate() - selectors.dt.timedelta(days=60))
    assert (
        selectors.funnel(Project.objects.all(), recent)["total"] == 2
    )  # p3 and p4 started in the last 60 days


def test_time_in_stage_median_and_p90(portfolio) -> None:
    data = selectors.time_in_stage(Project.objects.all(), ReportFilters())
    rows = {r["stage"]: r for r in data["rows"]}
    # exploration spells finished: 10 (p1), 10 (p2), 30 (p3)
    assert rows["exploration"]["spells"] == 3
    assert rows["exploration"]["median_days"] == 10
    assert rows["exploration"]["p90_days"] == 30
    # poc: 30 (p1), 25 (p2)
    assert rows["poc"]["median_days"] == 27.5
    assert rows["poc"]["p90_days"] == 30
    assert rows["pilot"]["median_days"] == 30 and rows["pilot"]["spells"] == 1
    stuck = {s["title"]: s for s in data["stuck"]}
    assert set(stuck) == {"PoC超過の案件", "ゲート超過の案件"}
    assert stuck["PoC超過の案件"]["poc_overdue_days"] == 5
    assert stuck["ゲート超過の案件"]["gate_overdue_days"] == 3


def test_sponsor_view(portfolio, executive) -> None:
    Diagnosis.objects.create(
        project=portfolio["p3"],
        snapshot_hash="h",
        overall_score=80,
        overall_level="critical",
        partner_fit=80,
        top_cause="partner_fit",
    )
    data = selectors.sponsor_view(
        Project.objects.all(), Diagnosis.objects.all(), executive.pk, ReportFilters()
    )
    assert data["live"] == 2
    assert data["budget_jpy"] == 15_000_000
    assert data["at_risk"] == 1
    assert [w["title"] for w in data["decisions_waiting"]] == ["ゲート超過の案件"]
    assert data["decisions_waiting"][0]["gate_overdue"] is True
    by_title = {p["title"]: p for p in data["projects"]}
    assert by_title["PoC超過の案件"]["risk_score"] == 80
    sponsors = selectors.sponsors(Project.objects.all(), ReportFilters())
    assert sponsors == [
        {"user_id": executive.pk, "name": "役員", "projects": 2, "live": 2, "budget_jpy": 15_000_000}
    ]


def test_risk_counts_live_projects_per_cause_and_level(portfolio) -> None:
    for p, score in ((portfolio["p3"], 80), (portfolio["p4"], 30), (portfolio["p2"], 90)):
        Diagnosis.objects.create(
            project=p,
            snapshot_hash="h",
            overall_score=score,
            overall_level="high",
            communication=score,
            top_cause="communication",
        )
    data = selectors.risk(Project.objects.all(), Diagnosis.objects.all(), ReportFilters())
    assert data["diagnosed"] == 2  # the stopped p2 is left out
    comm = next(c for c in data["causes"] if c["cause"] == "communication")
    assert (comm["critical"], comm["medium"], comm["average"]) == (1, 1, 55.0)
    assert [t["overall"] for t in data["top"]] == [80, 30]


def test_lessons_by_cause_over_time(workspace, owner, portfolio) -> None:
    import datetime as dt

    for year, causes in (
        (2023, {"purpose": 3}),
        (2024, {"purpose": 1, "ip_contract": 2}),
        (2024, {"ip_contract": 3}),
    ):
        knowledge.create_retrospective(
            project=portfolio["p2"],
            by=owner,
            outcome="stopped",
            headline="教訓",
            causes=causes,
            written_on=dt.date(year, 6, 1),
        )
    data = selectors.lessons_by_cause(RetrospectiveCause.objects.all(), ReportFilters())
    rows = {r["year"]: r for r in data["rows"]}
    assert rows[2023]["purpose"] == 1 and rows[2023]["ip_contract"] == 0
    assert rows[2024]["purpose"] == 1 and rows[2024]["ip_contract"] == 2
    assert rows[2024]["weight"]["ip_contract"] == 5
    assert data["totals"]["purpose"] == 2
