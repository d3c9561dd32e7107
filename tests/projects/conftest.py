"""Projects test set-up: a project of `workspace`, a partner user invited to it, and a second partner elsewhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kyoso.accounts.models import User, Workspace
from kyoso.projects import services
from kyoso.projects.models import Project
from tests.conftest import make_user


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def project(workspace: Workspace, owner: User) -> Project:
    return services.create_project(
        workspace=workspace,
        by=owner,
        title="画像認識AIによる外観検査",
        partner_name="ビジョンテック",
        stage="poc",
        stage_entered=days_ago(60),
    )


@pytest.fixture
def other_project(workspace: Workspace, owner: User) -> Project:
    return services.create_project(
        workspace=workspace, by=owner, title="別案件(非公開)", partner_name="他社スタートアップ"
    )


@pytest.fixture
def partner(project: Project, owner: User) -> User:
    user = make_user("founder@startup.example", "創業者")
    services.grant_partner_access(project=project, user=user, by=owner, organisation_name="ビジョンテック")
    return user


@pytest.fixture
def other_partner(other_project: Project, owner: User) -> User:
    user = make_user("rival@startup.example", "別パートナー")
    services.grant_partner_access(project=other_project, user=user, by=owner)
    return user
