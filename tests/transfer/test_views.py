"""The export/import page and API: owners only; background export with progress and download."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kyoso.accounts.middleware import SESSION_WORKSPACE_KEY
from kyoso.accounts.models import AuditAction, AuditEvent, User, Workspace
from kyoso.projects.models import Project
from kyoso.transfer.models import ExportJob, ExportStatus
from tests.api.helpers import bearer, make_token
from tests.transfer.helpers import export_bytes, read

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def project(workspace: Workspace, owner: User) -> Project:
    return Project.objects.create(workspace=workspace, title="AI外観検査の共同開発", created_by=owner)


def test_the_owner_exports_in_the_background_and_downloads_the_archive(
    login: Callable[[User], Client], owner: User, workspace: Workspace, project: Project
) -> None:
    client = login(owner)
    page = client.get(reverse("transfer:home"))
    assert page.status_code == 200
    assert "このワークスペースをエクスポート" in page.content.decode()
    response = client.post(reverse("transfer:export_start"))
    job = ExportJob.objects.get(workspace=workspace)
    assert response.status_code == 302 and response["Location"] == reverse(
        "transfer:export_job", args=[job.pk]
    )
    assert job.status == ExportStatus.DONE and job.progress == 100  # the task ran inline
    waiting = client.get(reverse("transfer:export_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert waiting["HX-Refresh"] == "true" and "アーカイブをダウンロード" in waiting.content.decode()
    download = client.get(reverse("transfer:export_download", args=[job.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["workspace"]["slug"] == workspace.slug
    assert {m["model"]: m["count"] for m in manifest["models"]}["projects.Project"] == 1
    assert AuditEvent.objects.filter(
        workspace=workspace, action=AuditAction.EXPORT, model="accounts.Workspace"
    ).exists()
    listing = client.get(reverse("transfer:home")).content.decode()
    assert "作成済み" in listing and reverse("transfer:export_download", args=[job.pk]) in listing


@pytest.mark.parametrize("role", ["member", "viewer", "executive"])
def test_other_roles_can_neither_export_nor_import(
    request: Any,
    login: Callable[[User], Client],
    owner: User,
    workspace: Workspace,
    project: Project,
    role: str,
) -> None:
    job = ExportJob.objects.create(workspace=workspace, created_by=owner, status=ExportStatus.DONE)
    client = login(request.getfixturevalue(role))
    assert client.get(reverse("transfer:home")).status_code == 403
    assert client.post(reverse("transfer:export_start")).status_code == 403
    assert client.get(reverse("transfer:export_job", args=[job.pk])).status_code == 403
    assert client.get(reverse("transfer:export_download", args=[job.pk])).status_code == 403
    upload = SimpleUploadedFile("ws.zip", export_bytes(workspace), content_type="application/zip")
    assert client.post(reverse("transfer:import"), {"archive": upload, "slug": "copy"}).status_code == 403
    assert ExportJob.objects.count() == 1 and not Workspace.objects.filter(slug="copy").exists()


def test_an_owner_of_another_workspace_cannot_reach_this_ones_exports(
    login: Callable[[User], Client], owner: User, outsider: User, workspace: Workspace
) -> None:
    job = ExportJob.objects.create(workspace=workspace, created_by=owner, status=ExportStatus.DONE)
    client = login(outsider)
    assert client.get(reverse("transfer:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("transfer:export_download", args=[job.pk])).status_code == 404


def test_an_owner_who_is_not_the_operator_cannot_import(
    login: Callable[[User], Client], owner: User, workspace: Workspace, project: Project
) -> None:
    """An archive makes the people it names members; an owner (anyone can create a workspace) must
    not be able to attach other people's accounts to a workspace of theirs that way."""
    client = login(owner)
    page = client.get(reverse("transfer:home")).content.decode()
    assert 'action="/settings/transfer/import/"' not in page and "kyoso import-workspace" in page
    response = client.post(
        reverse("transfer:import"),
        {"archive": SimpleUploadedFile("ws.zip", export_bytes(workspace)), "slug": "test-ws-copy"},
    )
    assert response.status_code == 400 and "運営者" in response.content.decode()
    assert not Workspace.objects.filter(slug="test-ws-copy").exists()


def test_the_operator_imports_an_archive_as_a_new_workspace(
    login: Callable[[User], Client], owner: User, workspace: Workspace, project: Project
) -> None:
    data = export_bytes(workspace)
    owner.is_superuser = True
    owner.save(update_fields=["is_superuser"])
    client = login(owner)
    taken = client.post(
        reverse("transfer:import"), {"archive": SimpleUploadedFile("ws.zip", data), "slug": ""}
    )
    assert taken.status_code == 400 and "既にあります" in taken.content.decode()
    response = client.post(
        reverse("transfer:import"), {"archive": SimpleUploadedFile("ws.zip", data), "slug": "test-ws-copy"}
    )
    assert response.status_code == 302
    copy = Workspace.objects.get(slug="test-ws-copy")
    assert client.session[SESSION_WORKSPACE_KEY] == copy.pk
    assert Project.objects.filter(workspace=copy, title=project.title).exists()
    assert copy.memberships.get(user=owner).role == "owner"


def test_bad_uploads_are_refused_on_the_form(
    settings: Any, login: Callable[[User], Client], owner: User, workspace: Workspace
) -> None:
    owner.is_superuser = True
    owner.save(update_fields=["is_superuser"])
    client = login(owner)
    wrong_type = client.post(
        reverse("transfer:import"), {"archive": SimpleUploadedFile("ws.csv", b"a,b"), "slug": "x1"}
    )
    assert wrong_type.status_code == 400 and "ws.csv" in wrong_type.content.decode()
    settings.KYOSO_ARCHIVE_MAX_MB = 0
    too_big = client.post(
        reverse("transfer:import"),
        {"archive": SimpleUploadedFile("ws.zip", export_bytes(workspace)), "slug": "x2"},
    )
    assert too_big.status_code == 400 and "0 MB" in too_big.content.decode()
    settings.KYOSO_ARCHIVE_MAX_MB = 500
    traversal = io.BytesIO()
    with zipfile.ZipFile(traversal, "w") as zf:
        zf.writestr("manifest.json", "{}")
        zf.writestr("../../etc/cron.d/evil", "x")
    refused = client.post(
        reverse("transfer:import"),
        {"archive": SimpleUploadedFile("ws.zip", traversal.getvalue()), "slug": "x3"},
    )
    assert refused.status_code == 400 and "../../etc/cron.d/evil" in refused.content.decode()
    assert Workspace.objects.count() == 1


def test_the_api_exports_for_owners_only(
    owner: User, member: User, viewer: User, workspace: Workspace, project: Project
) -> None:
    client = Client()
    _token, raw = make_token(owner)
    started = client.post("/api/v1/workspace/export", **bearer(raw))
    assert started.status_code == 202, started.content
    body = started.json()
    status = client.get(f"/api/v1/workspace/export/{body['id']}", **bearer(raw)).json()
    assert status["status"] == "done" and status["counts"]["projects.Project"] == 1
    download = client.get(status["download_url"], **bearer(raw))
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as zf:
        assert "manifest.json" in zf.namelist()
    for person in (member, viewer):
        _t, other = make_token(person)
        assert client.post("/api/v1/workspace/export", **bearer(other)).status_code == 403
        assert client.get(f"/api/v1/workspace/export/{body['id']}", **bearer(other)).status_code == 403
        assert client.get(status["download_url"], **bearer(other)).status_code == 403
    assert ExportJob.objects.count() == 1


def test_a_partner_user_without_membership_reaches_nothing(
    login: Callable[[User], Client], owner: User, workspace: Workspace
) -> None:
    partner = User.objects.create_user("partner@startup.example", "x" * 12, name="パートナー")
    job = ExportJob.objects.create(workspace=workspace, created_by=owner, status=ExportStatus.DONE)
    client = login(partner)
    for url in (reverse("transfer:home"), reverse("transfer:export_job", args=[job.pk])):
        assert client.get(url).status_code in {302, 404}
    assert client.post(reverse("transfer:export_start")).status_code in {302, 404}
    assert ExportJob.objects.count() == 1


def test_the_page_reads_in_english_for_an_english_speaker(
    login: Callable[[User], Client], owner: User, workspace: Workspace
) -> None:
    owner.language = "en"
    owner.save(update_fields=["language"])
    page = login(owner).get(reverse("transfer:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Export this workspace" in page and "Import a workspace archive" in page


def test_an_archive_carries_no_sso_domain_proof_or_identity_provider(
    owner: User, workspace: Workspace
) -> None:
    """A proved domain in an archive would let its importer route that company's sign-ins to an
    identity provider of their choosing; the proof is made by DNS on each instance."""
    from django.utils import timezone

    from kyoso.sso.models import VerifiedDomain

    VerifiedDomain.objects.create(workspace=workspace, domain="example.co.jp", verified_at=timezone.now())
    files = read(export_bytes(workspace))
    assert not [name for name in files if "sso" in name.lower()]
    assert "example.co.jp" not in json.dumps(files, default=str)


@pytest.mark.parametrize(
    ("slug", "stem"),
    [
        ("kyoso-demo", "kyoso-demo"),
        ("kyoso", "kyoso"),
        ("kyosoft", "kyoso-kyosoft"),
        ("acme", "kyoso-acme"),
    ],
)
def test_the_download_names_the_product_once(
    login: Callable[[User], Client], owner: User, workspace: Workspace, slug: str, stem: str
) -> None:
    Workspace.objects.filter(pk=workspace.pk).update(slug=slug)
    client = login(owner)
    client.post(reverse("transfer:export_start"))
    job = ExportJob.objects.get(workspace=workspace)
    download = client.get(reverse("transfer:export_download", args=[job.pk]))
    disposition = download["Content-Disposition"]
    assert re.search(rf'filename="{stem}-\d{{8}}-\d{{4}}\.zip"', disposition), disposition
