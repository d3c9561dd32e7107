"""Partner search means its matches: the own company never appears, engaged partners can be
hidden, and the long tail of weakly related organisations is cut off and counted."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kyoso.partners import selectors
from kyoso.partners.models import Need
from kyoso.projects.models import Project, ProjectParty, Side, Stage
from tests.api.helpers import bearer, make_token

from .factories import org

NEED = "画像認識で溶接の外観検査を自動化し、製造ラインの品質を高めたい"


@pytest.fixture
def directory(workspace):
    own = org(
        workspace,
        "共創デモ株式会社（自社）",
        kind="corporate",
        description="産業機械の製造。画像認識による外観検査の自動化で製造ラインの品質を高めている。",
        technologies=["画像認識", "外観検査"],
        is_own=True,
    )
    vision = org(
        workspace,
        "ビジョンテック",
        description="画像認識AIによる溶接の外観検査。製造ラインに導入。",
        technologies=["画像認識", "外観検査"],
    )
    engaged = org(
        workspace,
        "ミルエーアイ",
        description="画像認識による外観検査と溶接の品質管理。",
        technologies=["画像認識"],
    )
    # each shares one everyday word of the need and nothing more
    weak = [
        org(workspace, f"コンサル{i}", description=f"{word}に関する一般的な助言。")
        for i, word in enumerate(["品質", "製造", "ライン", "品質", "製造", "ライン"])
    ]
    project = Project.objects.create(workspace=workspace, title="溶接検査PoC", stage=Stage.POC)
    ProjectParty.objects.create(project=project, side=Side.PARTNER, organisation=engaged, name=engaged.name)
    return {"own": own, "vision": vision, "engaged": engaged, "weak": weak, "project": project}


def _names(rows):
    return [r.organisation.name for r in rows]


def test_directory_search_never_lists_the_own_company(workspace, directory):
    results = selectors.search_directory(
        directory["own"].__class__.objects.filter(workspace=workspace),
        workspace.pk,
        NEED,
        {},
        lang="ja",
        show_weak=True,
    )
    names = _names(results.rows)
    assert "共創デモ株式会社（自社）" not in names
    assert names[0] == "ビジョンテック"


def test_engaged_partners_are_hidden_on_request_while_their_project_is_active(workspace, directory):
    qs = directory["own"].__class__.objects.filter(workspace=workspace)
    shown = _names(selectors.search_directory(qs, workspace.pk, NEED, {}, lang="ja").rows)
    assert "ミルエーアイ" in shown
    hidden = _names(selectors.search_directory(qs, workspace.pk, NEED, {}, lang="ja", hide_engaged=True).rows)
    assert "ミルエーアイ" not in hidden and "ビジョンテック" in hidden
    assert selectors.engaged_ids(workspace.pk) == {directory["engaged"].pk}
    directory["project"].stage = Stage.STOPPED
    directory["project"].save()
    assert selectors.engaged_ids(workspace.pk) == set()


def test_weakly_related_organisations_are_cut_off_and_counted(workspace, directory):
    qs = directory["own"].__class__.objects.filter(workspace=workspace)
    cut = selectors.search_directory(qs, workspace.pk, NEED, {}, lang="ja")
    assert _names(cut.rows) == ["ビジョンテック", "ミルエーアイ"]
    assert (cut.total, cut.hidden) == (2, 6)
    everything = selectors.search_directory(qs, workspace.pk, NEED, {}, lang="ja", show_weak=True)
    assert (everything.total, everything.hidden) == (8, 0)


def test_search_page_says_how_many_are_hidden_and_shows_them_on_request(login, member, directory):
    client = login(member)
    response = client.get(reverse("partners:search"), {"q": NEED})
    content = response.content.decode()
    assert response.context["hidden"] == 6 and len(response.context["rows"]) == 2
    assert "weak=on" in content and 'name="hide_engaged"' in content
    assert "共創デモ株式会社（自社）" not in content
    # the ranking and its reasons speak; the engine's raw score (e.g. 17.51) means nothing to a reader
    for row in response.context["rows"]:
        assert f"{row.hit.score:.2f}" not in content
    response = client.get(reverse("partners:search"), {"q": NEED, "weak": "on"})
    assert len(response.context["rows"]) == 8 and response.context["hidden"] == 0
    response = client.get(reverse("partners:search"), {"q": NEED, "hide_engaged": "on"})
    assert [r.organisation.name for r in response.context["rows"]] == ["ビジョンテック"]


def test_search_page_hidden_note_in_english(login, member, directory):
    member.language = "en"
    member.save()
    content = login(member).get(reverse("partners:search"), {"q": NEED}).content.decode()
    assert "6 more weakly related organisations hidden" in content


def test_api_counts_hidden_matches_and_filters(member, directory):
    _token, raw = make_token(member)
    api = Client()
    api.defaults.update(bearer(raw))
    response = api.get("/api/v1/partners/search", {"q": NEED, "top": 20})
    assert response.status_code == 200
    assert [r["name"] for r in response.json()] == ["ビジョンテック", "ミルエーアイ"]
    assert response["X-Kyoso-Hidden-Count"] == "6"
    response = api.get("/api/v1/partners/search", {"q": NEED, "top": 20, "weak": "true"})
    assert len(response.json()) == 8 and response["X-Kyoso-Hidden-Count"] == "0"
    assert "共創デモ株式会社（自社）" not in {r["name"] for r in response.json()}
    response = api.get("/api/v1/partners/search", {"q": NEED, "hide_engaged": "true"})
    assert [r["name"] for r in response.json()] == ["ビジョンテック"]


def test_cli_keeps_its_json_shape_and_reports_the_cut(directory, capsys):
    call_command("search", NEED, "--format", "json", "--top", "20")
    captured = capsys.readouterr()
    results = json.loads(captured.out)
    assert [r["name"] for r in results] == ["ビジョンテック", "ミルエーアイ"]
    assert all(set(r) >= {"name", "score", "reasons"} for r in results)
    assert "6" in captured.err
    call_command("search", NEED, "--format", "json", "--top", "20", "--all", "--hide-engaged")
    results = json.loads(capsys.readouterr().out)
    names = [r["name"] for r in results]
    assert len(names) == 7 and "ミルエーアイ" not in names and "共創デモ株式会社（自社）" not in names
    call_command("search", NEED)
    assert "関連の弱い組織 6 件を省略しました" in capsys.readouterr().out


def test_candidate_list_never_offers_the_own_company(workspace, directory):
    # a need of the own company, with the own company made a startup to be sure only the flag excludes it
    directory["own"].kind = "startup"
    directory["own"].save()
    need = Need.objects.create(workspace=workspace, title="外観検査", description=NEED)
    rows = selectors.ranked_candidates(
        need, directory["own"].__class__.objects.filter(workspace=workspace), lang="ja"
    )
    assert rows and directory["own"].pk not in {r.organisation.pk for r in rows}
