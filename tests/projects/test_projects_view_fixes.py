"""Regressions found by the browser journey: the invite view and messages after htmx inline forms."""

from __future__ import annotations

from collections.abc import Callable

from django.core import mail
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import User
from kyoso.projects.models import PartnerInvitation, Project


def test_invite_view_sends_the_link_and_says_so(
    login: Callable[[User], Client], owner: User, project: Project
) -> None:
    client = login(owner)
    response = client.post(
        reverse("projects:partner_invite", args=[project.pk]),
        {"email": "cto@startup.example", "organisation_name": "ビジョンテック"},
        follow=True,
    )
    assert response.status_code == 200
    assert PartnerInvitation.objects.filter(project=project, email="cto@startup.example").exists()
    assert mail.outbox[-1].to == ["cto@startup.example"]
    page = response.content.decode()
    assert "/projects/join/" in page  # the link is shown once, in the message


def test_htmx_inline_form_shows_its_message_inside_the_swapped_tab(
    login: Callable[[User], Client], owner: User, project: Project
) -> None:
    client = login(owner)
    response = client.post(
        reverse("projects:milestone_add", args=[project.pk]),
        {"title": "現場検証", "due": "2030-01-31", "visibility": "internal"},
        follow=True,
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    tab_body = page[page.index('id="tab-body"') :]
    assert "マイルストーンを追加しました。" in tab_body
    assert page.count("マイルストーンを追加しました。") == 2  # the layout's copy is dropped by hx-select


def test_edit_form_sets_the_team_from_workspace_members(
    login: Callable[[User], Client], owner: User, member: User, outsider: User, project: Project
) -> None:
    client = login(owner)
    data = {"title": project.title, "type": "inbound", "owner": owner.pk, "status_colour": "green"}
    response = client.post(reverse("projects:edit", args=[project.pk]), {**data, "team": [member.pk]})
    assert response.status_code == 302
    assert list(project.team.all()) == [member]
    response = client.post(reverse("projects:edit", args=[project.pk]), {**data, "team": [outsider.pk]})
    assert response.status_code == 400  # not a member of this workspace: not a choice
    assert list(project.team.all()) == [member]
