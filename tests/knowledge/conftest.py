"""Knowledge test set-up: closed projects with retrospectives, a live project, a partner user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kyoso.accounts.models import User, Workspace
from kyoso.knowledge import search as library_search
from kyoso.knowledge import services as knowledge
from kyoso.knowledge.models import Retrospective
from kyoso.projects import services as projects
from kyoso.projects.models import Project
from tests.conftest import make_user


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def _fresh_index() -> None:
    library_search.forget_memory()


def closed_project(
    workspace: Workspace,
    owner: User,
    title: str,
    *,
    partner: str = "先方株式会社",
    kind: str = "startup",
    stage: str = "poc",
) -> Project:
    project = projects.create_project(
        workspace=workspace,
        by=owner,
        title=title,
        partner_name=partner,
        partner_kind=kind,
        stage="exploration",
        stage_entered=days_ago(300),
    )
    if stage in ("poc", "pilot"):
        projects.change_stage(project=project, stage="poc", by=owner, reason="探索完了", on=days_ago(200))
    if stage == "pilot":
        projects.change_stage(project=project, stage="pilot", by=owner, reason="PoC完了", on=days_ago(150))
    projects.change_stage(project=project, stage="stopped", by=owner, reason="中止", on=days_ago(100))
    return project


@pytest.fixture
def culture_case(workspace: Workspace, owner: User) -> Retrospective:
    project = closed_project(workspace, owner, "画像検査AIの試験導入", partner="アイビジョン")
    return knowledge.create_retrospective(
        project=project,
        by=owner,
        outcome="stopped",
        headline="意思決定の速度差でスタートアップが離れた",
        causes={"partner_fit": 3, "internal_structure": 1},
        what_failed="稟議に3か月かかり、先方は半年で協業を終了した。",
        lessons="品質の考え方を契約前に確認する。",
        countermeasure="文化・意思決定速度のチェックリストを使う。",
        industry="製造業",
    )


@pytest.fixture
def ip_case(workspace: Workspace, owner: User) -> Retrospective:
    project = closed_project(
        workspace, owner, "配車アルゴリズムの共同開発", partner="ライドラボ", stage="pilot"
    )
    return knowledge.create_retrospective(
        project=project,
        by=owner,
        outcome="stopped",
        headline="成果の帰属を決めずに紛争になった",
        causes={"ip_contract": 3, "communication": 1},
        what_failed="共同開発契約で知財の帰属が「別途協議」のままだった。",
        lessons="契約締結前に知財の帰属を決める。",
        industry="モビリティ",
    )


@pytest.fixture
def live_project(workspace: Workspace, owner: User) -> Project:
    return projects.create_project(
        workspace=workspace,
        by=owner,
        title="外観検査AIの共同開発",
        partner_name="ビジョン株式会社",
        partner_kind="startup",
        stage="poc",
        stage_entered=days_ago(30),
    )


@pytest.fixture
def partner(workspace: Workspace, owner: User, culture_case: Retrospective) -> User:
    user = make_user("founder@startup.example", "創業者")
    projects.grant_partner_access(
        project=culture_case.project, user=user, by=owner, organisation_name="アイビジョン"
    )
    return user
