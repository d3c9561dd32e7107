"""Writes of the transfer app: export a workspace (in the background) and import an archive."""

from __future__ import annotations

import logging
import tempfile
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, Membership, Role, User, Workspace
from kyoso.core import uploads
from kyoso.core.errors import DomainError
from kyoso.transfer.archive import ExportResult, ImportResult, import_archive, open_archive, write_archive
from kyoso.transfer.models import ExportJob, ExportStatus

log = logging.getLogger(__name__)


def _require_owner(workspace: Workspace, by: User) -> None:
    if not Membership.objects.filter(workspace=workspace, user=by, role=Role.OWNER).exists():
        raise DomainError(_("Only an owner of the workspace may export or import it."))


def start_export(*, workspace: Workspace, by: User) -> ExportJob:
    """Queue an archive of the whole workspace; its page shows the progress and then the download."""
    _require_owner(workspace, by)
    with transaction.atomic():
        job = ExportJob.objects.create(workspace=workspace, created_by=by)
        audit.record(actor=by, action=AuditAction.CREATE, obj=job)
    _enqueue(job.pk)
    return job


def _enqueue(job_id: int) -> None:
    from kyoso.transfer.tasks import build_export as task

    task.enqueue(job_id)


def build_export(job_id: int) -> ExportJob | None:
    """Write one archive (the task body); idempotent: a finished job is left alone."""
    job = ExportJob.objects.select_related("workspace", "created_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, progress=1)

    def on_progress(percent: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=min(99, max(1, percent)))

    try:
        with tempfile.TemporaryFile() as handle:
            result = write_archive(job.workspace, handle, on_progress=on_progress)
            size = handle.tell()
            handle.seek(0)
            for old in ExportJob.objects.filter(workspace=job.workspace).exclude(pk=job.pk).exclude(file=""):
                old.file.delete(save=False)  # keep the newest archive only: each holds the whole workspace
                ExportJob.objects.filter(pk=old.pk).update(file="")
            job.file.save(job.filename, File(handle), save=False)
    except Exception as exc:  # a failed export is shown on its page rather than lost in the worker log
        log.exception("workspace export %s failed", job.pk)
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        return ExportJob.objects.get(pk=job.pk)
    ExportJob.objects.filter(pk=job.pk).update(
        file=job.file.name,
        size=size,
        counts=result.counts,
        status=ExportStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    audit.record(
        actor=job.created_by,
        action=AuditAction.EXPORT,
        obj=job.workspace,
        changes={"records": sum(result.counts.values()), "files": result.files},
    )
    job.refresh_from_db()
    return job


def export_to(*, workspace: Workspace, out: IO[bytes], by: User | None = None) -> ExportResult:
    """Write the archive straight to `out` (the `kyoso export-workspace` command)."""
    if by is not None:
        _require_owner(workspace, by)
    result = write_archive(workspace, out)
    audit.record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=workspace,
        changes={"records": sum(result.counts.values()), "files": result.files},
    )
    return result


def import_upload(*, upload: Any, slug: str = "", by: User) -> ImportResult:
    """Import an uploaded archive as a new workspace that `by` owns (with the archive's members).

    Only the instance's operator (a superuser) may: an archive names people by e-mail address and
    makes them members, and carries the workspace's whole history, so a workspace owner (anyone can
    create a workspace) importing one could attach other people's accounts to their workspace.
    """
    if not getattr(by, "is_superuser", False):
        raise DomainError(
            _("Only the operator of this Kyoso instance can import a workspace archive."), field="archive"
        )
    uploads.check(
        uploads.ARCHIVES, name=getattr(upload, "name", ""), size=getattr(upload, "size", 0), field="archive"
    )
    return import_from(source=upload, slug=slug, by=by)


def import_from(*, source: str | IO[bytes], slug: str = "", by: User | None = None) -> ImportResult:
    """Check the archive, then import it in one transaction (the command line and the upload form)."""
    archive = open_archive(source)
    try:
        return import_archive(archive, slug=slug or None, by=by)
    finally:
        archive.zf.close()
