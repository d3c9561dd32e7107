"""Pages of the partner directory: who may see and change what, bounded queries, the import journey."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kyoso.accounts.models import AuditEvent
from kyoso.partners import services
from kyoso.partners.models import Candidate, ChecklistAnswer, ImportJob, Need, Organisation

from .factories import org
from .test_importing import GOOD


@pytest.fixture
def vision(workspace):
    return org(
        workspace,
        "株式会社ビジョンテック",
        description="画像認識AIによる外観検査",
        technologies=["画像認識"],
        internal_notes="社外秘のメモ",
        decision_lead_days=7,
        quality_approach="ship_and_iterate",
    )


@pytest.fixture
def need(workspace):
    corporate = org(
        workspace, "自社", kind="corporate", decision_lead_days=90, quality_approach="verify_first"
    )
    return services.create_need(
        workspace=workspace,
        by=None,
        organisation=corporate,
        title="外観検査の自動化",
        description="画像認識で外観検査を自動化したい",
    )


def test_empty_directory_says_what_it_is_for(login, member):
    response = login(member).get(reverse("partners:directory"))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("partners:import") in content


def test_member_sees_profile_checklist_and_notes(login, member, vision):
    response = login(member).get(reverse("partners:organisation_detail", args=[vision.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "社外秘のメモ" in content and "check-met_in_person" in content
    assert AuditEvent.objects.filter(action="view", object_id=str(vision.pk)).exists()


def test_outsider_gets_404(login, outsider, vision, need):
    client = login(outsider)
    for url in (
        reverse("partners:organisation_detail", args=[vision.pk]),
        reverse("partners:organisation_edit", args=[vision.pk]),
        reverse("partners:need_detail", args=[need.pk]),
        reverse("partners:fit_detail", args=[need.pk, vision.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("partners:checklist_answer", args=[vision.pk, "met_in_person"]), {"answer": "yes"}
    )
    assert response.status_code == 404
    assert not ChecklistAnswer.objects.exists()


def test_outsider_directory_is_their_own(login, outsider, vision):
    response = login(outsider).get(reverse("partners:directory"))
    assert "株式会社ビジョンテック" not in response.content.decode()


def test_viewer_can_read_but_not_write(login, viewer, vision, need):
    client = login(viewer)
    assert client.get(reverse("partners:organisation_detail", args=[vision.pk])).status_code == 200
    assert client.get(reverse("partners:need_detail", args=[need.pk])).status_code == 200
    response = client.post(reverse("partners:organisation_create"), {"name": "X", "kind": "startup"})
    assert response.status_code == 403
    response = client.post(
        reverse("partners:checklist_answer", args=[vision.pk, "met_in_person"]), {"answer": "yes"}
    )
    assert response.status_code == 403
    response = client.post(reverse("partners:shortlist", args=[need.pk, vision.pk]))
    assert response.status_code == 403
    assert client.post(reverse("partners:import"), {}).status_code == 403
    assert not Candidate.objects.exists() and Organisation.objects.count() == 2


def test_partner_user_cannot_see_the_directory(login, db, vision):
    from tests.conftest import make_user

    partner = make_user("partner@startup.example", "パートナー")
    client = login(partner)
    for url in (
        reverse("partners:directory"),
        reverse("partners:organisation_detail", args=[vision.pk]),
        reverse("partners:search") + "?q=画像認識",
    ):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert "社外秘のメモ" not in response.content.decode()


def test_create_and_edit_organisation(login, member, workspace):
    client = login(member)
    response = client.post(
        reverse("partners:organisation_create"),
        {
            "name": "センソリオ株式会社",
            "kind": "startup",
            "industries": "IoT; 製造業",
            "technologies": "予知保全",
            "company_wide_support": "unknown",
        },
    )
    created = Organisation.objects.get(name="センソリオ株式会社")
    assert response.status_code == 302 and created.industries == ["IoT", "製造業"]
    response = client.post(
        reverse("partners:organisation_edit", args=[created.pk]),
        {
            "name": "センソリオ株式会社",
            "kind": "startup",
            "industries": "IoT",
            "company_wide_support": "yes",
        },
    )
    created.refresh_from_db()
    assert response.status_code == 302 and created.company_wide_support == "yes"


def test_create_without_kind_names_the_field(login, member):
    response = login(member).post(reverse("partners:organisation_create"), {"name": "X"})
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_checklist_answer_by_htmx(login, member, vision):
    response = login(member).post(
        reverse("partners:checklist_answer", args=[vision.pk, "met_in_person"]),
        {"answer": "yes", "note": "本社で面談", "answered_on": "2026-05-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="check-met_in_person"' in response.content.decode()
    answer = ChecklistAnswer.objects.get(organisation=vision, item="met_in_person")
    assert answer.answer == "yes" and str(answer.answered_on) == "2026-05-01"


def test_need_page_ranks_candidates_and_shortlists(login, member, vision, need):
    client = login(member)
    response = client.get(reverse("partners:need_detail", args=[need.pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0].organisation == vision
    assert "技術の関連度" in response.content.decode()
    response = client.post(
        reverse("partners:shortlist", args=[need.pk, vision.pk]), {"fit_score": rows[0].fit.score}
    )
    assert response.status_code == 302
    assert Candidate.objects.get(need=need, organisation=vision).fit_score == rows[0].fit.score


def test_fit_page_in_english(login, member, vision, need):
    member.language = "en"
    member.save()
    response = login(member).get(reverse("partners:fit_detail", args=[need.pk, vision.pk]))
    assert response.status_code == 200
    assert "Culture and speed fit" in response.content.decode()


def test_search_page(login, member, vision):
    response = login(member).get(reverse("partners:search"), {"q": "image recognition"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "株式会社ビジョンテック" in content and "<mark>" in content
    response = login(member).get(reverse("partners:search"), {"q": "画像認識", "kind": "corporate"})
    assert response.context["rows"] == []


def test_search_facets_count_the_hits_like_the_grouped_queries(login, member, workspace):
    from kyoso.partners import selectors

    for i, (kind, stage, country) in enumerate(
        [
            ("startup", "seed", "日本"),
            ("startup", "", "US"),
            ("corporate", "", "日本"),
            ("startup", "seed", ""),
        ]
    ):
        org(workspace, f"画像認識ラボ{i}", kind=kind, stage=stage, country=country, description="画像認識")
    org(workspace, "物流ロボット", description="倉庫の自動化")
    response = login(member).get(reverse("partners:search"), {"q": "画像認識"})
    assert response.context["total"] == 4
    hits = Organisation.objects.filter(name__startswith="画像認識ラボ")
    expected = selectors.facets(hits)
    for facet in ("kind", "stage", "country"):
        got = response.context["facets"][facet]
        assert sorted((f["value"], f["count"]) for f in got) == sorted(
            (f["value"], f["count"]) for f in expected[facet]
        )
    assert [f["value"] for f in response.context["facets"]["kind"]] == ["startup", "corporate"]


def test_import_journey_bad_then_good(login, member, workspace):
    client = login(member)
    bad = SimpleUploadedFile("partners.csv", b"name,kind\nA,startup\nB,vc\n", content_type="text/csv")
    response = client.post(reverse("partners:import"), {"file": bad})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == "invalid"
    page = client.get(reverse("partners:import_job", args=[job.pk])).content.decode()
    assert "vc" in page and "import-errors" in page
    assert not Organisation.objects.exists()

    good = SimpleUploadedFile("partners.csv", GOOD.encode(), content_type="text/csv")
    client.post(reverse("partners:import"), {"file": good})
    job = ImportJob.objects.latest("pk")
    assert job.status == "validated" and job.created_count == 3
    assert not Organisation.objects.exists()  # nothing until confirmed
    response = client.post(reverse("partners:import_job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and Organisation.objects.count() == 3
    response = client.get(reverse("partners:search"), {"q": "外観検査"})
    assert response.context["rows"][0].organisation.name == "株式会社ビジョンテック"


def test_import_refuses_a_file_over_the_limit_or_of_another_type(login, member, workspace, settings):
    """The upload rule (kyoso.core.uploads) runs before the file is read: no job is kept."""
    client = login(member)
    settings.KYOSO_IMPORT_MAX_MB = 0
    big = SimpleUploadedFile("partners.csv", GOOD.encode(), content_type="text/csv")
    response = client.post(reverse("partners:import"), {"file": big})
    assert response.status_code == 400
    assert "partners.csv" in str(response.context["form"].errors["file"])
    settings.KYOSO_IMPORT_MAX_MB = 40
    pdf = SimpleUploadedFile("partners.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("partners:import"), {"file": pdf})
    assert response.status_code == 400 and "file" in response.context["form"].errors
    assert not ImportJob.objects.exists()


def test_large_import_runs_as_a_task(login, member, workspace, monkeypatch):
    from kyoso.partners import services as partner_services

    monkeypatch.setattr(partner_services, "BACKGROUND_IMPORT_ROWS", 2)
    client = login(member)
    client.post(reverse("partners:import"), {"file": SimpleUploadedFile("p.csv", GOOD.encode())})
    job = ImportJob.objects.get()
    client.post(reverse("partners:import_job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.processed_rows == 3  # the immediate backend ran it


def _fill(workspace, n: int, start: int = 0) -> None:
    Organisation.objects.bulk_create(
        [
            Organisation(
                workspace=workspace,
                name=f"組織{i:04d}",
                kind="startup",
                industries=["AI"],
                technologies=["画像認識"],
                country="日本",
                stage="seed",
            )
            for i in range(start, start + n)
        ]
    )


def test_directory_queries_are_bounded(login, member, workspace, django_assert_max_num_queries):
    client = login(member)
    _fill(workspace, 5)
    client.get(reverse("core:dashboard"))  # the workspace's sign-in rules are read once per session
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("partners:directory"))
    _fill(workspace, 120, start=5)
    with django_assert_max_num_queries(14) as large:
        response = client.get(reverse("partners:directory"), {"kind": "startup"})
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_need_list_and_offer_list_bounded(login, member, workspace, need, django_assert_max_num_queries):
    client = login(member)
    for i in range(30):
        Need.objects.create(workspace=workspace, title=f"テーマ{i}", description="x")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("partners:need_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("partners:offer_list")).status_code == 200


def test_demo_loader(db):
    from kyoso.accounts.demo_data import load_demo

    ctx = load_demo()
    assert ctx.objects["org_visiontech"].name == "株式会社ビジョンテック"
    assert Organisation.objects.filter(workspace=ctx.workspace).count() >= 30
    assert Need.objects.filter(workspace=ctx.workspace).count() >= 3


def _aggregates(captured) -> list[str]:
    # the layout's pending-invitations badge counts on every page; the directory's own counts are cached
    return [q["sql"] for q in captured if "COUNT(" in q["sql"].upper() and "invitation" not in q["sql"]]


def test_directory_counts_are_cached_until_a_write(login, member, workspace, django_assert_max_num_queries):
    client = login(member)
    for i in range(3):
        org(workspace, f"組織{i}", country="日本", stage="seed")
    first = client.get(reverse("partners:directory"))
    assert first.context["page"].paginator.count == 3
    with django_assert_max_num_queries(14) as again:
        response = client.get(reverse("partners:directory"))
    assert _aggregates(again.captured_queries) == []
    assert response.context["page"].paginator.count == 3
    assert response.context["facets"] == first.context["facets"]
    assert {f["value"]: f["count"] for f in response.context["facets"]["country"]} == {"日本": 3}

    # A write bumps the index version: the next request counts again.
    vision = org(workspace, "ビジョンテック", kind="corporate", country="US")
    response = client.get(reverse("partners:directory"))
    assert response.context["page"].paginator.count == 4
    assert {f["value"]: f["count"] for f in response.context["facets"]["kind"]} == {
        "startup": 3,
        "corporate": 1,
    }
    filtered = {"checklist": "oi_experience"}
    assert client.get(reverse("partners:directory"), filtered).context["page"].paginator.count == 0
    services.answer_checklist(organisation=vision, item="oi_experience", answer="yes", by=member)
    assert client.get(reverse("partners:directory"), filtered).context["page"].paginator.count == 1
    assert client.get(reverse("partners:directory"), {"country": "us"}).context["page"].paginator.count == 1


def test_directory_counts_are_per_workspace(login, member, outsider, workspace, other_workspace):
    org(workspace, "組織A")
    org(other_workspace, "組織B", kind="corporate")
    org(other_workspace, "組織C", kind="corporate")
    mine = login(member).get(reverse("partners:directory"))
    theirs = login(outsider).get(reverse("partners:directory"))
    assert mine.context["page"].paginator.count == 1
    assert theirs.context["page"].paginator.count == 2
    again = login(member).get(reverse("partners:directory"))  # from the cache, labelled per request
    assert [(f["value"], f["count"]) for f in again.context["facets"]["kind"]] == [("startup", 1)]
    assert str(again.context["facets"]["kind"][0]["label"])


def test_import_of_a_broken_workbook_shows_the_error_naming_the_file(login, member, workspace):
    from .test_importing import broken_xlsx

    client = login(member)
    response = client.post(
        reverse("partners:import"), {"file": SimpleUploadedFile("orgs.xlsx", broken_xlsx())}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == "invalid"
    page = client.get(reverse("partners:import_job", args=[job.pk])).content.decode()
    assert "orgs.xlsx" in page and "import-errors" in page
    assert not Organisation.objects.exists()
