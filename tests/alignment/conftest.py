"""A project of `workspace` whose shared space a startup's user entered, and one of another workspace."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kyoso.accounts.models import User, Workspace
from kyoso.projects import services as project_services
from kyoso.projects.models import Project
from tests.conftest import make_user


@pytest.fixture
def project(workspace: Workspace, owner: User) -> Project:
    return project_services.create_project(
        workspace=workspace,
        by=owner,
        title="外観検査AIの共同開発",
        stage="poc",
        stage_entered=timezone.localdate() - dt.timedelta(days=120),
        partner_name="ビジョンテック株式会社",
        summary="画像認識AIによる外観検査",
        internal_note="社内限定：予算は部長決裁の範囲内",
    )


@pytest.fixture
def partner_user(project: Project, owner: User) -> User:
    user = make_user("sato@visiontech.example", "佐藤 翔")
    project_services.grant_partner_access(
        project=project, user=user, by=owner, organisation_name="ビジョンテック"
    )
    return user


@pytest.fixture
def other_project(other_workspace: Workspace, outsider: User) -> Project:
    return project_services.create_project(
        workspace=other_workspace, by=outsider, title="他社の案件", stage="poc"
    )


CORPORATE = {
    "goal_type": "improve_existing",
    "first_result_months": 12,
    "decision_lead_days": 90,
    "quality_approach": "verify_first",
    "result_owner": "corporate",
    "budget_jpy": 50_000_000,
    "success_kpi": "勘定系の段階的改善",
}
PARTNER = {
    "goal_type": "replace",
    "first_result_months": 3,
    "decision_lead_days": 7,
    "quality_approach": "ship_and_iterate",
    "result_owner": "partner",
    "budget_jpy": 200_000_000,
    "success_kpi": "新基盤への全面移行",
}
