"""The party forms pick a directory organisation by autocomplete, never by a <select> of the whole directory."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import User, Workspace
from kyoso.partners.models import Organisation
from kyoso.projects import services
from kyoso.projects.models import Side

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def orgs(workspace: Workspace, n: int, prefix: str = "株式会社テスト") -> list[Organisation]:
    return Organisation.objects.bulk_create(
        Organisation(workspace=workspace, name=f"{prefix}{i:03d}", kind="startup") for i in range(n)
    )


def test_project_page_renders_no_directory_sized_list(
    login: Login, workspace: Workspace, owner: User, django_assert_max_num_queries
) -> None:
    orgs(workspace, 60)
    project = services.create_project(workspace=workspace, by=owner, title="案件", partner_name="x")
    client = login(owner)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "株式会社テスト0" not in page  # no option per organisation
    assert "<select" not in page.split('name="partner-organisation"')[0].rsplit("<label", 1)[-1]
    assert 'name="partner-organisation"' in page and 'list="id_partner-organisation-suggestions"' in page
    assert '<label for="id_partner-organisation"' in page
    assert 'aria-autocomplete="list"' in page
    assert reverse("projects:organisation_suggest") in page


def test_suggestions_are_scoped_bounded_and_matching(
    login: Login, workspace: Workspace, other_workspace: Workspace, owner: User
) -> None:
    orgs(workspace, 30)
    orgs(other_workspace, 5, prefix="株式会社テスト他社")
    Organisation.objects.create(workspace=workspace, name="ビジョンテック株式会社", kind="startup")
    client = login(owner)
    url = reverse("projects:organisation_suggest")
    body = client.get(
        url, {"field": "partner-organisation", "partner-organisation": "テスト"}
    ).content.decode()
    assert body.count("<option") == 20
    assert "他社" not in body
    one = client.get(url, {"q": "ビジョン"}).content.decode()
    vision = Organisation.objects.get(name="ビジョンテック株式会社")
    assert one.count("<option") == 1 and f"ビジョンテック株式会社 #{vision.pk}" in one
    data = client.get(url, {"q": "ビジョン"}, headers={"Accept": "application/json"}).json()
    assert [o["label"] for o in data["organisations"]] == [f"ビジョンテック株式会社 #{vision.pk}"]


def test_party_form_accepts_the_suggested_label_and_a_unique_name(
    login: Login, workspace: Workspace, owner: User
) -> None:
    a, b = orgs(workspace, 2)
    project = services.create_project(workspace=workspace, by=owner, title="案件", partner_name="旧名称")
    client = login(owner)
    url = reverse("projects:party_edit", args=[project.pk, "partner"])
    post = {"partner-name": "", "partner-kind": "startup"}
    assert client.post(url, {**post, "partner-organisation": f"{a.name} #{a.pk}"}).status_code == 302
    assert project.parties.get(side=Side.PARTNER).organisation == a
    assert client.post(url, {**post, "partner-organisation": b.name}).status_code == 302
    assert project.parties.get(side=Side.PARTNER).organisation == b
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'value="{b.name} #{b.pk}"' in page


def test_party_form_refuses_another_workspaces_organisation_naming_the_field(
    login: Login, workspace: Workspace, other_workspace: Workspace, owner: User
) -> None:
    (foreign,) = orgs(other_workspace, 1, prefix="他社")
    project = services.create_project(workspace=workspace, by=owner, title="案件", partner_name="旧名称")
    client = login(owner)
    url = reverse("projects:party_edit", args=[project.pk, "partner"])
    for value in (str(foreign.pk), f"{foreign.name} #{foreign.pk}", foreign.name):
        response = client.post(
            url, {"partner-organisation": value, "partner-name": "", "partner-kind": "startup"}
        )
        assert response.status_code == 400
        form = response.context["party_form_error"]
        assert "organisation" in form.errors
        label = str(form.fields["organisation"].label)
        assert form.errors["organisation"][0].startswith(f"{label}:")
    assert project.parties.get(side=Side.PARTNER).organisation is None


def test_same_named_organisations_need_the_suggestion(
    login: Login, workspace: Workspace, owner: User
) -> None:
    a, b = (Organisation.objects.create(workspace=workspace, name="同名", kind="startup") for _ in range(2))
    project = services.create_project(workspace=workspace, by=owner, title="案件", partner_name="旧名称")
    client = login(owner)
    url = reverse("projects:party_edit", args=[project.pk, "partner"])
    post = {"partner-name": "", "partner-kind": "startup"}
    assert client.post(url, {**post, "partner-organisation": "同名"}).status_code == 400
    assert client.post(url, {**post, "partner-organisation": f"同名 #{b.pk}"}).status_code == 302
    assert project.parties.get(side=Side.PARTNER).organisation == b
