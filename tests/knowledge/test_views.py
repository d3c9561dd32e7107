"""Library pages: search in Japanese and English, filters, similar cases, access, partner separation, query bounds."""

from __future__ import annotations

import pytest
from django.test import Client

from kyoso.knowledge import services
from kyoso.knowledge.models import Retrospective
from kyoso.risk.models import Diagnosis
from tests.knowledge.conftest import closed_project

pytestmark = pytest.mark.django_db


def test_library_search_finds_lessons_in_japanese(culture_case, ip_case, owner, login) -> None:
    page = login(owner).get("/lessons/", {"q": "知財 帰属"}).content.decode()
    assert ip_case.headline in page
    assert culture_case.headline not in page


def test_library_search_finds_japanese_lessons_from_english_words(
    culture_case, ip_case, owner, login
) -> None:
    page = login(owner).get("/lessons/", {"q": "intellectual property"}).content.decode()
    assert ip_case.headline in page
    assert culture_case.headline not in page
    page = login(owner).get("/lessons/", {"q": "contract"}).content.decode()
    assert page.index(ip_case.headline) < page.index(culture_case.headline)


def test_library_filters_by_cause_and_industry(culture_case, ip_case, owner, login) -> None:
    client = login(owner)
    page = client.get("/lessons/", {"cause": "partner_fit"}).content.decode()
    assert culture_case.headline in page and ip_case.headline not in page
    page = client.get("/lessons/", {"industry": "モビリティ"}).content.decode()
    assert ip_case.headline in page and culture_case.headline not in page
    page = client.get("/lessons/", {"stage": "pilot"}).content.decode()
    assert ip_case.headline in page and culture_case.headline not in page


def test_htmx_request_gets_only_the_results(culture_case, owner, login) -> None:
    response = login(owner).get("/lessons/", {"q": "稟議"}, HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<div id="library-results">')


def test_write_a_retrospective_through_the_form(workspace, owner, login) -> None:
    project = closed_project(workspace, owner, "止めた案件")
    client = login(owner)
    assert "止めた案件" in client.get("/lessons/awaiting/").content.decode()
    response = client.post(
        f"/lessons/new/{project.pk}/",
        {
            "outcome": "stopped",
            "headline": "目的を数字で共有しなかった",
            "written_on": "2024-05-01",
            "cause_purpose": "3",
            "cause_communication": "1",
            "lessons": "目的を数値化する",
        },
    )
    retro = Retrospective.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lessons/{retro.pk}/"
    assert retro.weights() == {"purpose": 3, "communication": 1}
    assert "止めた案件" not in client.get("/lessons/awaiting/").content.decode()


def test_a_form_without_causes_says_so_and_writes_nothing(workspace, owner, login) -> None:
    project = closed_project(workspace, owner, "止めた案件")
    response = login(owner).post(
        f"/lessons/new/{project.pk}/", {"outcome": "stopped", "headline": "教訓", "written_on": "2024-05-01"}
    )
    assert response.status_code == 200
    assert "Tag at least one" in response.content.decode() or "6つの原因" in response.content.decode()
    assert not Retrospective.objects.exists()


def test_outsiders_get_404(culture_case, live_project, outsider, login) -> None:
    client = login(outsider)
    for url in (
        f"/lessons/{culture_case.pk}/",
        f"/lessons/{culture_case.pk}/edit/",
        f"/lessons/similar/{live_project.pk}/",
        f"/lessons/new/{live_project.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert culture_case.headline not in client.get("/lessons/", {"q": "稟議"}).content.decode()


def test_viewers_read_but_cannot_write(culture_case, viewer, login) -> None:
    client = login(viewer)
    assert client.get(f"/lessons/{culture_case.pk}/").status_code == 200
    response = client.post(
        f"/lessons/{culture_case.pk}/edit/",
        {"outcome": "stopped", "headline": "書き換え", "written_on": "2024-01-01", "cause_purpose": "3"},
    )
    assert response.status_code == 403
    assert client.post(f"/lessons/{culture_case.pk}/delete/").status_code == 403
    assert client.post(f"/lessons/{culture_case.pk}/share/", {"agreed": "1"}).status_code == 403
    culture_case.refresh_from_db()
    assert culture_case.headline != "書き換え" and not culture_case.share_agreed


def test_partner_never_sees_internal_retrospectives_and_each_side_sees_the_other_only_after_both_agree(
    culture_case, owner, partner, login
) -> None:
    partner_client = login(partner)
    assert partner_client.get(f"/lessons/{culture_case.pk}/").status_code in (302, 404)
    page = partner_client.get(f"/lessons/shared/{culture_case.project_id}/").content.decode()
    assert culture_case.headline not in page
    partner_client.post(
        f"/lessons/shared/{culture_case.project_id}/",
        {"lessons": "先方視点: 決裁の遅さが致命的", "cause_partner_fit": "3", "share_agreed": "on"},
    )
    team_page = login(owner).get(f"/lessons/{culture_case.pk}/").content.decode()
    assert "決裁の遅さが致命的" not in team_page
    assert (
        culture_case.headline
        not in partner_client.get(f"/lessons/shared/{culture_case.project_id}/").content.decode()
    )

    login(owner).post(f"/lessons/{culture_case.pk}/share/", {"agreed": "1"})
    assert "決裁の遅さが致命的" in login(owner).get(f"/lessons/{culture_case.pk}/").content.decode()
    assert (
        culture_case.headline
        in partner_client.get(f"/lessons/shared/{culture_case.project_id}/").content.decode()
    )


def test_partner_cannot_open_another_projects_view(culture_case, ip_case, partner, login) -> None:
    assert login(partner).get(f"/lessons/shared/{ip_case.project_id}/").status_code == 404


def test_similar_cases_rank_the_matching_failure_first_with_reasons(
    culture_case, ip_case, live_project, owner, login
) -> None:
    Diagnosis.objects.create(
        project=live_project,
        snapshot_hash="x",
        overall_score=70,
        overall_level="high",
        partner_fit=85,
        internal_structure=55,
        ip_contract=10,
        top_cause="partner_fit",
    )
    page = login(owner).get(f"/lessons/similar/{live_project.pk}/").content.decode()
    assert culture_case.headline in page
    assert (
        page.index(culture_case.headline) < page.index(ip_case.headline) if ip_case.headline in page else True
    )
    assert "「連携先とのミスマッチ」のリスクが高く" in page
    en = login(owner)
    en.cookies["django_language"] = "en"
    owner.language = "en"
    owner.save()
    page_en = login(owner).get(f"/lessons/similar/{live_project.pk}/").content.decode()
    assert "High risk of partner mismatch" in page_en


def test_global_search_finds_lessons(culture_case, owner, login) -> None:
    page = login(owner).get("/search/", {"q": "稟議"}).content.decode()
    assert culture_case.headline in page


def _many(workspace, owner, n: int) -> None:
    for i in range(n):
        project = closed_project(workspace, owner, f"案件{i}", stage="poc")
        services.create_retrospective(
            project=project,
            by=owner,
            outcome="stopped",
            headline=f"教訓{i} 契約",
            causes={"ip_contract": 3, "purpose": 1},
            industry="製造業",
        )


@pytest.mark.parametrize("n", [3, 15])
def test_library_and_similar_pages_issue_bounded_queries(
    workspace, owner, live_project, login, n, django_assert_max_num_queries
) -> None:
    _many(workspace, owner, n)
    client: Client = login(owner)
    client.get("/lessons/", {"q": "契約"})  # warm the index
    with django_assert_max_num_queries(25):
        assert client.get("/lessons/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/lessons/", {"q": "契約", "cause": "ip_contract"}).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/lessons/similar/{live_project.pk}/").status_code == 200
