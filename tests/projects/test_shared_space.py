"""The boundary: partner users see shared records of their own project only; outsiders get 404; roles hold."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kyoso.accounts.models import AuditEvent
from kyoso.projects import services
from kyoso.projects.models import Contract, Document, LogEntry, Milestone, Note, PartnerAccess, Project
from tests.conftest import join_by_invitation

from .conftest import days_ago


def _records(project, owner):
    services.add_milestone(
        project=project, by=owner, title="共有マイルストーン", due=days_ago(-10), visibility="shared"
    )
    services.add_milestone(project=project, by=owner, title="社内マイルストーン", due=days_ago(-5))
    services.add_log_entry(
        project=project,
        by=owner,
        date=days_ago(3),
        kind="meeting",
        parties="both",
        note="共有された定例メモ",
        visibility="shared",
    )
    services.add_log_entry(
        project=project,
        by=owner,
        date=days_ago(2),
        kind="meeting",
        parties="corporate",
        note="社内だけの稟議メモ",
    )
    services.add_note(project=project, by=owner, body="先方の資金繰りが心配(社内)")
    services.create_contract(
        project=project, by=owner, kind="nda", status="draft", title="共有NDA", visibility="shared"
    )
    services.create_contract(
        project=project,
        by=owner,
        kind="poc",
        status="draft",
        title="社内検討中のPoC契約",
        internal_note="値引き交渉の余地あり",
    )


def test_partner_sees_only_shared_records_of_their_project(
    project, other_project, partner, other_partner, owner, login
):
    _records(project, owner)
    services.add_milestone(
        project=other_project,
        by=owner,
        title="他案件の共有マイルストーン",
        due=days_ago(-3),
        visibility="shared",
    )
    client = login(partner)
    home = client.get(reverse("projects:partner_home"))
    assert home.status_code == 200
    body = home.content.decode()
    assert project.title in body and other_project.title not in body

    page = client.get(reverse("projects:partner_project", args=[project.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for visible in ("共有マイルストーン", "共有された定例メモ", "共有NDA"):
        assert visible in html
    for hidden in (
        "社内マイルストーン",
        "社内だけの稟議メモ",
        "先方の資金繰り",
        "社内検討中のPoC契約",
        "他案件",
        "他社スタートアップ",
        "値引き交渉",
    ):
        assert hidden not in html, hidden

    assert client.get(reverse("projects:partner_project", args=[other_project.pk])).status_code == 404


def test_partner_querysets(project, other_project, partner, owner):
    _records(project, owner)
    assert set(Milestone.objects.for_partner(partner).values_list("title", flat=True)) == {
        "共有マイルストーン"
    }
    assert list(Project.objects.for_partner(partner)) == [project]
    assert Note.objects.for_partner(partner).count() == 0
    assert list(Contract.objects.for_partner(partner).values_list("title", flat=True)) == ["共有NDA"]
    assert PartnerAccess.objects.for_partner(partner).count() == 0


def test_partner_cannot_open_internal_pages_or_post_to_them(project, partner, login):
    client = login(partner)
    for url in (
        reverse("projects:list"),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:tab", args=[project.pk, "contracts"]),
        reverse("projects:export", args=[project.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response["Location"] == reverse("projects:partner_home")
    response = client.post(
        reverse("projects:milestone_add", args=[project.pk]), {"title": "x", "due": "2030-01-01"}
    )
    assert response.status_code in (302, 403, 404)
    assert not Milestone.objects.filter(title="x").exists()


def test_revoked_partner_loses_access(project, partner, owner, login):
    access = PartnerAccess.objects.get(user=partner)
    services.revoke_partner_access(access=access, by=owner)
    assert login(partner).get(reverse("projects:partner_project", args=[project.pk])).status_code == 404


def test_partner_adds_shared_log_entry_and_comment(project, partner, login):
    client = login(partner)
    url = reverse("projects:partner_log_add", args=[project.pk])
    response = client.post(
        url, {"date": days_ago(1).isoformat(), "kind": "call", "attendees": "佐藤", "note": "先方からの報告"}
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(note="先方からの報告")
    assert entry.visibility == "shared" and entry.by_partner and entry.parties == "both"
    client.post(reverse("projects:partner_note_add", args=[project.pk]), {"body": "資料を追加しました"})
    assert Note.objects.get(body="資料を追加しました").visibility == "shared"


def test_partner_bad_log_entry_writes_nothing(project, partner, login):
    client = login(partner)
    response = client.post(
        reverse("projects:partner_log_add", args=[project.pk]),
        {"date": days_ago(-5).isoformat(), "kind": "call", "note": "未来"},
        follow=True,
    )
    assert "未来" not in [e.note for e in LogEntry.objects.all()]
    assert response.status_code == 200


def test_partner_cannot_post_to_other_project(other_project, partner, login):
    response = login(partner).post(
        reverse("projects:partner_log_add", args=[other_project.pk]),
        {"date": days_ago(1).isoformat(), "kind": "call", "note": "侵入"},
    )
    assert response.status_code == 404
    assert not LogEntry.objects.filter(note="侵入").exists()


def _shared_and_internal_documents(project, owner) -> tuple[Document, Document]:
    shared = services.upload_document(
        project=project, by=owner, file=SimpleUploadedFile("仕様.pdf", b"%PDF-1"), visibility="shared"
    )
    internal = services.upload_document(
        project=project, by=owner, file=SimpleUploadedFile("社内.pdf", b"%PDF-2")
    )
    return shared, internal


def _assert_only_the_shared_document_downloads(client, project, shared, internal) -> None:
    ok = client.get(reverse("projects:partner_document", args=[project.pk, shared.pk]))
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == b"%PDF-1"
    assert client.get(reverse("projects:partner_document", args=[project.pk, internal.pk])).status_code == 404


def test_shared_document_download_is_scoped_and_audited(project, partner, owner, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    shared, internal = _shared_and_internal_documents(project, owner)
    client = login(partner)
    _assert_only_the_shared_document_downloads(client, project, shared, internal)
    assert AuditEvent.objects.filter(user=partner, action="view", model="projects.Document").exists()


def test_outsider_gets_404_everywhere(project, outsider, login):
    client = login(outsider)
    for url in (
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:tab", args=[project.pk, "charter"]),
        reverse("projects:partner_project", args=[project.pk]),
        reverse("projects:export", args=[project.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("projects:milestone_add", args=[project.pk]), {"title": "x", "due": "2030-01-01"}
        ).status_code
        == 404
    )


def test_viewer_reads_but_cannot_write(project, viewer, login):
    client = login(viewer)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    response = client.post(
        reverse("projects:milestone_add", args=[project.pk]), {"title": "x", "due": "2030-01-01"}
    )
    assert response.status_code == 403
    assert not Milestone.objects.filter(title="x").exists()


def test_executive_signs_gate_but_cannot_edit(project, executive, owner, login):
    project.sponsor_user = executive
    project.save()
    gate = services.create_gate(project=project, by=owner, stage="poc", criteria=["検出率95%以上"])
    client = login(executive)
    assert (
        client.post(reverse("projects:charter_edit", args=[project.pk]), {"goal": "改ざん"}).status_code
        == 403
    )
    criterion = gate.criteria.get()
    response = client.post(
        reverse("projects:gate_decide", args=[project.pk, gate.pk]),
        {
            "decision": "go",
            "decided_on": days_ago(0).isoformat(),
            f"met_{criterion.pk}": "yes",
            f"evidence_{criterion.pk}": "検出率96.2%",
        },
    )
    assert response.status_code == 302
    decision = gate.decisions.get()
    assert decision.signed_by_sponsor and decision.decided_by == executive
    project.refresh_from_db()
    assert project.sponsor_last_engaged == days_ago(0)
    assert project.stage == "pilot"


def test_viewing_contracts_and_internal_notes_is_audited(project, owner, member, login):
    services.add_note(project=project, by=owner, body="社内メモ")
    services.create_contract(project=project, by=owner, kind="nda", status="draft")
    client = login(member)
    client.get(reverse("projects:detail", args=[project.pk]))
    client.get(reverse("projects:tab", args=[project.pk, "contracts"]))
    actions = set(AuditEvent.objects.filter(user=member, action="view").values_list("model", flat=True))
    assert {"projects.Project", "projects.Contract"} <= actions


def test_member_preview_of_shared_space_shows_shared_only(project, owner, login):
    _records(project, owner)
    html = login(owner).get(reverse("projects:partner_project", args=[project.pk])).content.decode()
    assert "共有マイルストーン" in html and "社内マイルストーン" not in html


def test_partner_invitation_flow(project, owner, login, client):
    invitation, link = services.invite_partner(project=project, email="new@startup.example", by=owner)
    token = link.rsplit("/", 2)[-2]
    response = join_by_invitation(
        client, reverse("projects:partner_accept", args=[token]), name="新 太郎", password="a-Long-pass-123"
    )
    assert response.status_code == 302
    access = PartnerAccess.objects.get(user__email="new@startup.example")
    assert access.project == project
    again = client.get(reverse("projects:partner_accept", args=[token]))
    assert again.status_code == 410


def test_upload_limits(project, owner, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(owner)
    response = client.post(
        reverse("projects:document_add", args=[project.pk]),
        {"file": SimpleUploadedFile("virus.exe", b"MZ"), "visibility": "internal"},
    )
    assert response.status_code == 400
    assert "virus.exe" in response.content.decode()
    assert Document.objects.count() == 0


def test_shared_contract_page_partner_and_member_preview_see_shared_contracts_only(
    project, other_project, partner, owner, outsider, login
):
    _records(project, owner)
    shared = Contract.objects.get(title="共有NDA")
    internal = Contract.objects.get(title="社内検討中のPoC契約")
    for who in (partner, owner):
        client = login(who)
        page = client.get(reverse("projects:partner_contract", args=[project.pk, shared.pk]))
        assert page.status_code == 200, who
        assert "共有NDA" in page.content.decode()
        assert (
            client.get(reverse("projects:partner_contract", args=[project.pk, internal.pk])).status_code
            == 404
        ), who
    assert AuditEvent.objects.filter(user=partner, action="view", model="projects.Contract").exists()
    client = login(outsider)
    assert client.get(reverse("projects:partner_contract", args=[project.pk, shared.pk])).status_code == 404
    # Only under its own project: the same contract id under another project is 404.
    other = login(partner).get(reverse("projects:partner_contract", args=[other_project.pk, shared.pk]))
    assert other.status_code == 404


def test_member_preview_downloads_shared_documents_only(project, owner, outsider, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    shared, internal = _shared_and_internal_documents(project, owner)
    client = login(owner)
    _assert_only_the_shared_document_downloads(client, project, shared, internal)
    assert (
        login(outsider).get(reverse("projects:partner_document", args=[project.pk, shared.pk])).status_code
        == 404
    )
