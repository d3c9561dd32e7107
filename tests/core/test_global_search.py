"""The layout's search box: every kind the caller may see, exact names first, per audience."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kyoso.accounts.models import User, Workspace
from kyoso.core.global_search import SearchCaller, search_everything
from kyoso.events.models import Event, Participant
from kyoso.knowledge.models import Retrospective
from kyoso.partners.models import Need, Organisation
from kyoso.projects.models import PartnerAccess, Project
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(workspace: Workspace, other_workspace: Workspace) -> dict[str, Any]:
    org = Organisation.objects.create(workspace=workspace, name="株式会社ビジョンテック", kind="startup")
    Organisation.objects.create(
        workspace=workspace, name="ビジョン物流研究所", kind="startup", description="需要予測の研究"
    )
    Organisation.objects.create(workspace=workspace, name="株式会社ビジョンテック ラボ", kind="startup")
    need = Need.objects.create(workspace=workspace, title="物流の需要予測", description="倉庫の在庫")
    shared = Project.objects.create(workspace=workspace, title="需要予測ビジョン PoC", summary="倉庫")
    internal = Project.objects.create(
        workspace=workspace, title="社内向け需要予測", summary="vision 2030 の社内検討"
    )
    event = Event.objects.create(workspace=workspace, name="需要予測ピッチ会", date=dt.date(2026, 12, 1))
    shared_lesson = Retrospective.objects.create(
        project=shared, outcome="stopped", headline="需要予測は現場データが鍵", visibility="shared"
    )
    internal_lesson = Retrospective.objects.create(
        project=shared, outcome="stopped", headline="需要予測の社内調整に時間", visibility="internal"
    )
    foreign = Organisation.objects.create(
        workspace=other_workspace, name="需要予測ビジョン社", kind="startup"
    )
    return {
        "org": org,
        "need": need,
        "shared": shared,
        "internal": internal,
        "event": event,
        "shared_lesson": shared_lesson,
        "internal_lesson": internal_lesson,
        "foreign": foreign,
    }


def titles(groups: list[Any]) -> dict[str, list[str]]:
    return {g.provider.key: [r.title for r in g.results] for g in groups}


def test_a_member_finds_every_kind_grouped_with_counts(
    owner: User, workspace: Workspace, records: dict[str, Any]
) -> None:
    groups = search_everything(SearchCaller(owner, workspace), "需要予測")
    found = titles(groups)
    assert list(found) == ["organisations", "needs", "projects", "events", "lessons"]
    assert found["organisations"] == ["ビジョン物流研究所"]  # by its description; never another workspace's
    assert found["needs"] == ["物流の需要予測"]
    assert set(found["projects"]) == {"需要予測ビジョン PoC", "社内向け需要予測"}
    assert found["events"] == ["需要予測ピッチ会"]
    assert set(found["lessons"]) >= {"需要予測は現場データが鍵", "需要予測の社内調整に時間"}
    by_kind = {g.provider.key: g for g in groups}
    assert by_kind["projects"].total == 2
    assert by_kind["projects"].hits.see_all.startswith("/projects/?q=")


def test_the_exact_name_ranks_first_then_prefix_then_substring(
    owner: User, workspace: Workspace, records: dict[str, Any]
) -> None:
    found = titles(search_everything(SearchCaller(owner, workspace), "株式会社ビジョンテック"))
    assert found["organisations"] == ["株式会社ビジョンテック", "株式会社ビジョンテック ラボ"]
    found = titles(search_everything(SearchCaller(owner, workspace), "ビジョン"))
    assert found["organisations"][0] == "ビジョン物流研究所"  # starts with the word
    assert set(found["organisations"]) == {
        "ビジョン物流研究所",
        "株式会社ビジョンテック",
        "株式会社ビジョンテック ラボ",
    }


def test_english_and_several_words_match_inside_text(
    owner: User, workspace: Workspace, records: dict[str, Any]
) -> None:
    found = titles(search_everything(SearchCaller(owner, workspace), "Vision"))
    # written "vision" first, then the project that writes it 「ビジョン」
    assert found["projects"] == ["社内向け需要予測", "需要予測ビジョン PoC"]
    found = titles(search_everything(SearchCaller(owner, workspace), "倉庫 需要予測"))
    assert set(found["projects"]) == {"需要予測ビジョン PoC"}
    assert found["needs"] == ["物流の需要予測"]


def test_results_per_kind_are_limited_but_counted(owner: User, workspace: Workspace) -> None:
    for i in range(8):
        Project.objects.create(workspace=workspace, title=f"需要予測 {i}")
    (group,) = search_everything(SearchCaller(owner, workspace), "需要予測", limit=3)
    assert len(group.results) == 3 and group.total == 8


def test_a_partner_user_finds_only_their_shared_project_and_shared_lessons(
    records: dict[str, Any], workspace: Workspace
) -> None:
    partner = make_user("partner@startup.example")
    PartnerAccess.objects.create(project=records["shared"], user=partner)
    found = titles(search_everything(SearchCaller(partner), "需要予測"))
    assert found == {"projects": ["需要予測ビジョン PoC"], "lessons": ["需要予測は現場データが鍵"]}
    groups = search_everything(SearchCaller(partner), "需要予測")
    assert groups[0].results[0].url == f"/projects/shared/{records['shared'].pk}/"
    # the internal summary is not searched for a partner
    assert search_everything(SearchCaller(partner), "倉庫") == []


def test_a_participant_finds_only_their_events(records: dict[str, Any], workspace: Workspace) -> None:
    person = make_user("startup@example.com")
    event = records["event"]
    event.status = "published"
    event.save(update_fields=["status"])
    Event.objects.create(
        workspace=workspace, name="需要予測 別の会", date=dt.date(2026, 12, 2), status="published"
    )
    mine = Participant.objects.create(event=event, side="startup", code="u1", name="自社", account=person)
    found = search_everything(SearchCaller(person), "需要予測")
    assert titles(found) == {"events": ["需要予測ピッチ会"]}
    assert found[0].results[0].url == f"/events/mine/{mine.pk}/"


def test_an_outsider_finds_nothing(
    outsider: User, other_workspace: Workspace, records: dict[str, Any]
) -> None:
    assert titles(search_everything(SearchCaller(outsider, other_workspace), "需要予測")) == {
        "organisations": ["需要予測ビジョン社"]
    }
    assert search_everything(SearchCaller(make_user("nobody@example.com")), "需要予測") == []


def test_the_search_page_groups_kinds_and_links_to_each_list(
    login: Any, owner: User, records: dict[str, Any]
) -> None:
    page = login(owner).get("/search/", {"q": "株式会社ビジョンテック"}).content.decode()
    assert 'data-kind="organisations"' in page and "株式会社ビジョンテック" in page
    assert "/partners/search/?q=" in page


def test_a_partner_user_reaches_the_search_page(records: dict[str, Any]) -> None:
    partner = make_user("partner@startup.example")
    PartnerAccess.objects.create(project=records["shared"], user=partner)
    client = Client()
    client.force_login(partner, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/search/", {"q": "需要予測"})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "需要予測ビジョン PoC" in page and "社内向け需要予測" not in page and "需要予測の社内調整" not in page
    )


def test_the_api_searches_through_the_same_selectors(
    login: Any, owner: User, records: dict[str, Any]
) -> None:
    client = login(owner)
    body = client.get("/api/v1/search", {"q": "ビジョンテック"}).json()
    assert body["groups"][0]["kind"] == "organisations"
    assert body["groups"][0]["results"][0]["title"] == "株式会社ビジョンテック"
    assert body["groups"][0]["total"] == 2
    response = client.get("/api/v1/search", {"q": "  "})
    assert response.status_code == 422 and "q" in response.content.decode()


def test_the_api_answers_a_partner_user_with_their_shared_project_only(records: dict[str, Any]) -> None:
    partner = make_user("partner@startup.example")
    PartnerAccess.objects.create(project=records["shared"], user=partner)
    client = Client()
    client.force_login(partner, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get("/api/v1/search", {"q": "需要予測"}).json()
    assert {g["kind"]: [r["title"] for r in g["results"]] for g in body["groups"]} == {
        "projects": ["需要予測ビジョン PoC"],
        "lessons": ["需要予測は現場データが鍵"],
    }


def test_an_english_query_finds_a_record_written_only_in_japanese(owner: User, workspace: Workspace) -> None:
    Organisation.objects.create(
        workspace=workspace, name="株式会社みらい電池", kind="startup", description="再生可能エネルギーの蓄電"
    )
    Organisation.objects.create(
        workspace=workspace, name="株式会社さくら食品", kind="startup", description="冷凍食品"
    )
    found = titles(search_everything(SearchCaller(owner, workspace), "energy"))
    assert found.get("organisations") == ["株式会社みらい電池"]


def test_a_japanese_query_finds_a_record_written_only_in_english(owner: User, workspace: Workspace) -> None:
    Need.objects.create(workspace=workspace, title="Warehouse logistics", description="Picking robots")
    Need.objects.create(workspace=workspace, title="Office snacks", description="Vending")
    found = titles(search_everything(SearchCaller(owner, workspace), "物流"))
    assert found.get("needs") == ["Warehouse logistics"]


def test_the_written_words_rank_before_their_translations(owner: User, workspace: Workspace) -> None:
    Organisation.objects.create(
        workspace=workspace, name="Alpha", kind="startup", description="エネルギー管理"
    )
    Organisation.objects.create(
        workspace=workspace, name="Beta", kind="startup", description="energy storage"
    )
    found = titles(search_everything(SearchCaller(owner, workspace), "energy"))
    assert found["organisations"] == ["Beta", "Alpha"]


def test_translated_search_keeps_each_audience_to_its_records(
    records: dict[str, Any], workspace: Workspace, other_workspace: Workspace, owner: User
) -> None:
    """「需要予測」 is in the partner's shared project, an internal project and another workspace:
    "demand forecasting" finds it for each audience only where the audience may look."""
    partner = make_user("partner@startup.example")
    PartnerAccess.objects.create(project=records["shared"], user=partner)
    found = titles(search_everything(SearchCaller(partner), "demand forecasting"))
    assert found.get("projects") == ["需要予測ビジョン PoC"]
    assert "organisations" not in found and "needs" not in found
    member_found = titles(search_everything(SearchCaller(owner, workspace), "demand forecasting"))
    assert set(member_found["projects"]) == {"需要予測ビジョン PoC", "社内向け需要予測"}
    assert "需要予測ビジョン社" not in member_found.get("organisations", [])
