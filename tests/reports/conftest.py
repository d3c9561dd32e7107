"""Reports test set-up: four projects with hand-written stage histories (numbers computed by hand in the tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kyoso.projects.models import Gate, Project, StageHistory


def ago(n: int | None) -> dt.date | None:
    return None if n is None else timezone.localdate() - dt.timedelta(days=n)


def make_project(
    workspace: Any, owner: Any, title: str, spells: list[tuple[str, int, int | None]], **fields: Any
) -> Project:
    stage, entered, _ = spells[-1]
    project = Project.objects.create(
        workspace=workspace, owner=owner, title=title, stage=stage, stage_entered=ago(entered), **fields
    )
    StageHistory.objects.bulk_create(
        [
            StageHistory(project=project, stage=s, entered_on=ago(e), left_on=ago(left))
            for s, e, left in spells
        ]
    )
    return project


@pytest.fixture
def portfolio(workspace, owner, executive) -> dict[str, Project]:
    p1 = make_project(
        workspace,
        owner,
        "事業化した案件",
        [("exploration", 100, 90), ("poc", 90, 60), ("pilot", 60, 30), ("commercialisation", 30, None)],
        business_unit="物流本部",
        budget_jpy=50_000_000,
    )
    p2 = make_project(
        workspace,
        owner,
        "止めた案件",
        [("exploration", 80, 70), ("poc", 70, 45), ("stopped", 45, None)],
        business_unit="製造事業部",
    )
    p3 = make_project(
        workspace,
        owner,
        "PoC超過の案件",
        [("exploration", 50, 20), ("poc", 20, None)],
        poc_planned_end=ago(5),
        sponsor_user=executive,
        budget_jpy=10_000_000,
        business_unit="製造事業部",
    )
    p4 = make_project(
        workspace,
        owner,
        "ゲート超過の案件",
        [("exploration", 10, None)],
        sponsor_user=executive,
        budget_jpy=5_000_000,
        business_unit="物流本部",
    )
    Gate.objects.create(project=p4, stage="exploration", due=ago(3))
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4}
