"""Projects linked to the partner directory: start a project from a partner or a shortlisted candidate."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import User, Workspace
from kyoso.core.errors import DomainError
from kyoso.partners.models import Candidate, CandidateStatus, Need, Organisation
from kyoso.projects import services
from kyoso.projects.models import PartnerAccess, Project, ProjectParty, Side

Login = Callable[[User], Client]


def make_org(workspace: Workspace, name: str = "ビジョンテック株式会社") -> Organisation:
    return Organisation.objects.create(
        workspace=workspace,
        name=name,
        kind="startup",
        oi_experience_count=2,
        company_wide_support="no",
        decision_lead_days=5,
        quality_approach="ship_and_iterate",
        risk_appetite="high",
    )


@pytest.fixture
def org(workspace: Workspace) -> Organisation:
    return make_org(workspace)


@pytest.fixture
def need(workspace: Workspace) -> Need:
    return Need.objects.create(
        workspace=workspace,
        title="外観検査の自動化",
        description="不良品検出率を上げたい",
        why="社内に画像AIの知見がない",
        budget_max_jpy=8_000_000,
        goal_type="improve_existing",
    )


def test_create_from_organisation_copies_culture(
    workspace: Workspace, owner: User, org: Organisation
) -> None:
    project = services.create_project(workspace=workspace, by=owner, title="外観検査PoC", organisation=org)
    party = ProjectParty.objects.get(project=project, side=Side.PARTNER)
    assert party.organisation == org
    assert (party.name, party.kind, party.oi_experience_count) == (org.name, "startup", 2)
    assert party.company_wide_support is False
    assert (party.decision_lead_days, party.quality_approach, party.risk_appetite) == (
        5,
        "ship_and_iterate",
        "high",
    )


def test_organisation_of_another_workspace_is_refused(
    workspace: Workspace, other_workspace: Workspace, owner: User
) -> None:
    foreign = make_org(other_workspace, "他社の連携先")
    with pytest.raises(DomainError) as exc:
        services.create_project(workspace=workspace, by=owner, title="x", organisation=foreign)
    assert exc.value.field == "organisation"
    assert not Project.objects.filter(title="x").exists()


def test_start_page_prefills_from_organisation_and_need(
    login: Login, owner: User, org: Organisation, need: Need
) -> None:
    url = reverse("projects:create") + f"?organisation={org.pk}&need={need.pk}"
    response = login(owner).get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["organisation"] == org.pk
    assert form.initial["partner_name"] == org.name
    assert form.initial["need"] == need.pk
    assert form.initial["goal"] == need.description
    assert form.initial["budget_jpy"] == 8_000_000
    assert form.initial["purpose_category"] == "improve_existing"
    assert org.name in response.content.decode()


def test_start_from_shortlisted_candidate_marks_it_started(
    login: Login, workspace: Workspace, owner: User, org: Organisation, need: Need
) -> None:
    candidate = Candidate.objects.create(need=need, organisation=org, added_by=owner)
    response = login(owner).post(
        reverse("projects:create") + f"?organisation={org.pk}&need={need.pk}",
        {
            "title": "外観検査PoC",
            "type": "inbound",
            "organisation": org.pk,
            "need": need.pk,
            "partner_name": "",
            "partner_kind": "startup",
            "stage": "exploration",
            "owner": owner.pk,
            "status_colour": "green",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(title="外観検査PoC")
    assert project.parties.get(side=Side.PARTNER).organisation == org
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PROJECT


def test_start_page_is_404_for_another_workspaces_organisation(
    login: Login, owner: User, other_workspace: Workspace
) -> None:
    foreign = make_org(other_workspace, "他社の連携先")
    assert login(owner).get(reverse("projects:create") + f"?organisation={foreign.pk}").status_code == 404
    assert login(owner).get(reverse("projects:create") + "?organisation=abc").status_code == 404


def test_create_form_offers_only_own_organisations(
    login: Login, owner: User, org: Organisation, other_workspace: Workspace
) -> None:
    foreign = make_org(other_workspace, "他社の連携先")
    client = login(owner)
    page = client.get(reverse("projects:create")).content.decode()
    assert org.name in page and foreign.name not in page
    response = client.post(
        reverse("projects:create"),
        {
            "title": "越境",
            "type": "inbound",
            "organisation": foreign.pk,
            "partner_kind": "startup",
            "stage": "exploration",
            "status_colour": "green",
        },
    )
    assert response.status_code == 400
    assert not Project.objects.filter(title="越境").exists()


def test_party_form_links_an_organisation_and_fills_empty_fields(
    login: Login, workspace: Workspace, owner: User, org: Organisation
) -> None:
    project = services.create_project(workspace=workspace, by=owner, title="案件", partner_name="旧名称")
    response = login(owner).post(
        reverse("projects:party_edit", args=[project.pk, "partner"]),
        {
            "partner-organisation": org.pk,
            "partner-name": "",
            "partner-kind": "startup",
            "partner-decision_lead_days": "9",
        },
    )
    assert response.status_code == 302
    party = project.parties.get(side=Side.PARTNER)
    assert party.organisation == org
    assert party.name == org.name
    assert party.decision_lead_days == 9  # typed by the user: kept
    assert party.risk_appetite == "high"  # left empty: from the directory


def test_partner_access_records_the_directory_organisation(
    workspace: Workspace, owner: User, org: Organisation
) -> None:
    from tests.conftest import make_user

    project = services.create_project(workspace=workspace, by=owner, title="案件", organisation=org)
    access = services.grant_partner_access(project=project, user=make_user("a@startup.example"), by=owner)
    assert PartnerAccess.objects.get(pk=access.pk).organisation == org
