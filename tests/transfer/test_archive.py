"""The workspace archive: a round trip of the demo, imports next to other workspaces, refusals."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kyoso.accounts.models import AuditAction, AuditEvent, Membership, Role, User, Workspace
from kyoso.accounts.scoping import scoped_models
from kyoso.core.errors import DomainError
from kyoso.events.models import Event, Participant
from kyoso.projects.models import Document, Project
from kyoso.risk.models import Diagnosis
from kyoso.transfer import archive as arc
from kyoso.transfer.services import import_from
from tests.transfer.helpers import PDF, PNG, demo_with_files, export_bytes, normalised, read

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # the messages are checked in English here; the page tests read them in Japanese
    with translation.override("en"):
        yield


def _all_counts(workspace: Workspace) -> dict[str, int]:
    return {
        p.label: p.model._base_manager.filter(**{p.scope.workspace_lookup(): [workspace.pk]}).count()
        for p in arc.export_plan()
    }


def _rewrite(data: bytes, change: Any) -> bytes:
    """A copy of the archive with `change(files: dict[name, bytes])` applied (checksums untouched)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    change(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return out.getvalue()


def test_every_scoped_model_is_exported_or_left_out_for_a_stated_reason() -> None:
    exported = {p.label for p in arc.export_plan()}
    for model in scoped_models():
        label = model._meta.label
        assert label in exported or label in arc.EXCLUDED, label
    assert exported.isdisjoint(arc.EXCLUDED)
    order = [p.label for p in arc.export_plan()]
    assert order[0] == "accounts.Workspace" and order[-1] == "accounts.AuditEvent"
    assert (
        order.index("projects.Project") < order.index("projects.Gate") < order.index("projects.GateDecision")
    )


def test_the_demo_round_trips_after_the_workspace_is_erased(settings: Any) -> None:
    demo = demo_with_files()
    first = export_bytes(demo.workspace)
    before = _all_counts(demo.workspace)
    assert before["projects.Project"] > 0 and before["events.Meeting"] > 0
    expected = normalised(first)
    manifest = read(first)["manifest.json"]
    assert manifest["format_version"] == arc.FORMAT_VERSION
    assert {m["model"]: m["count"] for m in manifest["models"]} == before
    users_json = json.dumps(read(first)[arc.USERS_FILE])
    assert "password" not in users_json and "pbkdf2" not in users_json and "md5$" not in users_json
    assert all("ip_address" not in row for row in read(first)["data/accounts.AuditEvent.json"])
    slug = demo.workspace.slug
    demo.workspace.delete()
    assert not Project.objects.filter(
        title__in=[r["title"] for r in read(first)["data/projects.Project.json"]]
    ).exists()

    result = import_from(source=io.BytesIO(first))

    workspace = result.workspace
    assert workspace.slug == slug
    after = _all_counts(workspace)
    assert after.pop("accounts.AuditEvent") == before.pop("accounts.AuditEvent") + 1  # + the import itself
    assert after == before
    again = normalised(export_bytes(workspace))
    for label, rows in expected.items():
        if label == "accounts.AuditEvent":
            assert again[label][: len(rows)] == rows
        else:
            assert again[label] == rows, label
    # files byte-identical, stored under the new records
    doc = Document.objects.get(project__workspace=workspace, name="見積書.pdf")
    assert doc.file.read() == PDF
    assert f"projects/{doc.project_id}/" in doc.file.name
    att = workspace_attachment(workspace)
    assert att is None or att.file.read() == PNG
    # people linked by e-mail, not duplicated; the owner is still an owner
    assert Membership.objects.get(workspace=workspace, user__email=demo.owner.email).role == Role.OWNER
    assert User.objects.filter(email=demo.owner.email).count() == 1
    entry = AuditEvent.objects.filter(
        workspace=workspace, action=AuditAction.CREATE, model="accounts.Workspace"
    ).first()
    assert entry is not None and entry.changes["imported_from"]["slug"] == slug


def workspace_attachment(workspace: Workspace) -> Any:
    from kyoso.knowledge.models import RetrospectiveAttachment

    return RetrospectiveAttachment.objects.filter(retrospective__project__workspace=workspace).first()


def test_import_next_to_the_original_needs_a_new_slug_and_collides_with_nothing(
    other_workspace: Workspace, django_capture_on_commit_callbacks: Any
) -> None:
    demo = demo_with_files()
    data = export_bytes(demo.workspace)
    with pytest.raises(DomainError) as refused:
        import_from(source=io.BytesIO(data))
    assert refused.value.field == "slug" and demo.workspace.slug in refused.value.message
    newcomer = User.objects.create_user("new.owner@example.com", "x" * 12, name="新しい 管理者")

    with django_capture_on_commit_callbacks(execute=True):
        result = import_from(source=io.BytesIO(data), slug="demo-copy", by=newcomer)

    copy = result.workspace
    assert Workspace.objects.count() == 3
    assert _all_counts(copy)["projects.Project"] == _all_counts(demo.workspace)["projects.Project"]
    assert Membership.objects.get(workspace=copy, user=newcomer).role == Role.OWNER
    # nothing of the copy points into the original
    assert (
        not Project.objects.filter(workspace=copy)
        .filter(pk__in=Project.objects.filter(workspace=demo.workspace))
        .exists()
    )
    original_tokens = set(
        Participant.objects.filter(event__workspace=demo.workspace).values_list("token", flat=True)
    )
    copy_tokens = set(Participant.objects.filter(event__workspace=copy).values_list("token", flat=True))
    assert copy_tokens and original_tokens.isdisjoint(copy_tokens)
    assert set(Event.objects.filter(workspace=copy).values_list("public_key", flat=True)).isdisjoint(
        Event.objects.filter(workspace=demo.workspace).values_list("public_key", flat=True)
    )
    for event in Event.objects.filter(workspace=copy, current_run__isnull=False):
        assert event.current_run.event_id == event.pk
    # derived data rebuilt after the commit: every project has a current diagnosis
    projects = Project.objects.filter(workspace=copy).count()
    assert Diagnosis.objects.filter(project__workspace=copy, is_current=True).count() == projects
    # the original is untouched
    assert Membership.objects.filter(workspace=demo.workspace, user=newcomer).count() == 0


def test_people_missing_here_are_created_without_a_known_password() -> None:
    demo = demo_with_files()
    data = export_bytes(demo.workspace)
    emails = [u["email"] for u in read(data)[arc.USERS_FILE]]
    demo.workspace.delete()
    User.objects.filter(email__in=emails[1:]).delete()

    result = import_from(source=io.BytesIO(data))

    assert sorted(result.users_created) == sorted(emails[1:])
    for email in emails[1:]:
        user = User.objects.get(email=email)
        assert user.is_active and not user.check_password("") and user.has_usable_password()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda f: f.__setitem__("data/projects.Project.json", f["data/projects.Project.json"] + b" "),
            "checksum",
        ),
        (lambda f: f.__setitem__("../evil.txt", b"x"), "path is not allowed"),
        (lambda f: f.__setitem__("/etc/evil", b"x"), "path is not allowed"),
        (lambda f: f.__setitem__("files/../../evil", b"x"), "path is not allowed"),
        (lambda f: f.__setitem__("data/extra.json", b"[]"), "not listed"),
    ],
    ids=["tampered", "traversal", "absolute", "nested-traversal", "unlisted"],
)
def test_a_changed_archive_is_refused_and_nothing_is_written(change: Any, message: str) -> None:
    demo = demo_with_files()
    data = _rewrite(export_bytes(demo.workspace), change)
    before = (Workspace.objects.count(), User.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as refused:
        import_from(source=io.BytesIO(data), slug="another")
    assert message in refused.value.message
    assert (Workspace.objects.count(), User.objects.count(), AuditEvent.objects.count()) == before


def _with_manifest(data: bytes, edit: Any) -> bytes:
    def change(files: dict[str, bytes]) -> None:
        manifest = json.loads(files["manifest.json"])
        edit(manifest, files)
        files["manifest.json"] = json.dumps(manifest).encode()

    return _rewrite(data, change)


def test_a_newer_format_version_is_refused() -> None:
    demo = demo_with_files()
    data = _with_manifest(
        export_bytes(demo.workspace), lambda m, f: m.update(format_version=arc.FORMAT_VERSION + 1)
    )
    with pytest.raises(DomainError) as refused:
        import_from(source=io.BytesIO(data), slug="another")
    assert "format version 2" in refused.value.message and "Upgrade" in refused.value.message
    with translation.override("ja"), pytest.raises(DomainError) as in_japanese:
        import_from(source=io.BytesIO(data), slug="another")
    assert "形式バージョン 2" in in_japanese.value.message
    assert not Workspace.objects.filter(slug="another").exists()


def test_an_unknown_model_is_refused_naming_it() -> None:
    demo = demo_with_files()

    def edit(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
        files["data/crm.Lead.json"] = b"[]"
        manifest["checksums"]["data/crm.Lead.json"] = arc.hashlib.sha256(b"[]").hexdigest()
        manifest["models"].append({"model": "crm.Lead", "file": "data/crm.Lead.json", "count": 0})

    data = _with_manifest(export_bytes(demo.workspace), edit)
    with pytest.raises(DomainError) as refused:
        import_from(source=io.BytesIO(data), slug="another")
    assert "crm.Lead" in refused.value.message


def test_a_bad_row_is_named_and_the_whole_import_rolls_back(settings: Any, tmp_path: Path) -> None:
    demo = demo_with_files()
    data = export_bytes(demo.workspace)

    def edit(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
        name = "data/events.Meeting.json"
        rows = json.loads(files[name])
        rows[1]["slot"] = 999999
        files[name] = json.dumps(rows).encode()
        manifest["checksums"][name] = arc.hashlib.sha256(files[name]).hexdigest()

    broken = _with_manifest(data, edit)
    before = (Workspace.objects.count(), User.objects.count(), Document.objects.count())
    media_before = sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file())
    with pytest.raises(DomainError) as refused:
        import_from(source=io.BytesIO(broken), slug="another")
    assert "data/events.Meeting.json, record 2" in refused.value.message and "slot" in refused.value.message
    assert (Workspace.objects.count(), User.objects.count(), Document.objects.count()) == before
    # the files written before the failure are removed again
    assert sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file()) == media_before


def test_size_and_member_limits(settings: Any) -> None:
    demo = demo_with_files()
    data = export_bytes(demo.workspace)
    settings.KYOSO_ARCHIVE_MAX_UNPACKED_MB = 0
    with pytest.raises(DomainError) as refused:
        import_from(source=io.BytesIO(data), slug="another")
    assert "unpacks to more than 0 MB" in refused.value.message
    settings.KYOSO_ARCHIVE_MAX_UNPACKED_MB = 2000
    settings.KYOSO_ARCHIVE_MAX_MEMBERS = 3
    with pytest.raises(DomainError) as refused:
        import_from(source=io.BytesIO(data), slug="another")
    assert "at most 3" in refused.value.message
    with pytest.raises(DomainError) as refused:
        import_from(source=io.BytesIO(b"PK not really"), slug="another")
    assert "not a ZIP" in refused.value.message
    assert not Workspace.objects.filter(slug="another").exists()


def test_the_commands_export_and_import(tmp_path: Path) -> None:
    demo = demo_with_files()
    target = tmp_path / "ws.zip"
    out = io.StringIO()
    call_command("export-workspace", demo.workspace.slug, str(target), stdout=out)
    assert "records" in out.getvalue() and target.stat().st_size > 0
    with pytest.raises(CommandError, match="--slug"):
        call_command("import-workspace", str(target), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import-workspace", str(target), "--slug", "moved", stdout=out)
    moved = Workspace.objects.get(slug="moved")
    assert "imported workspace moved" in out.getvalue()
    assert Diagnosis.objects.filter(project__workspace=moved, is_current=True).exists()
    with pytest.raises(CommandError, match="no workspace"):
        call_command("export-workspace", "nope", str(tmp_path / "x.zip"))


def test_an_archive_zipped_again_with_folder_entries_still_imports() -> None:
    demo = demo_with_files()
    data = export_bytes(demo.workspace)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("data/"), b"")
        zf.writestr(zipfile.ZipInfo("files/"), b"")
        for name, content in files.items():
            zf.writestr(name, content)
    result = import_from(source=io.BytesIO(out.getvalue()), slug="rezipped")
    assert result.counts["projects.Project"] == _all_counts(demo.workspace)["projects.Project"]
