"""A whole-workspace export being written in the background (the settings page waits on it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.scoping import Scope, ScopedManager


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def export_path(instance: ExportJob, filename: str) -> str:
    return f"transfer/{instance.workspace_id}/{filename}"


class ExportJob(models.Model):
    """One archive of a workspace (docs/formats.md#workspace-archive), built by a background task."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="export_jobs")
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    # Owners only (the views and API check the role); never part of a shared space.
    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("workspace export")
        verbose_name_plural = _("workspace exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.workspace} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def filename(self) -> str:
        """kyoso-<workspace>-<local time>.zip, with the product's name once even for a slug "kyoso-demo"."""
        slug = self.workspace.slug
        # Only a whole leading word "kyoso" repeats the prefix; "kyosoft" is a different name.
        if slug == "kyoso" or slug.startswith("kyoso-"):
            slug = slug[len("kyoso") :].lstrip("-")
        stem = "-".join(part for part in ("kyoso", slug) if part)
        return f"{stem}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.zip"

    @property
    def record_total(self) -> int:
        return sum(int(v) for v in (self.counts or {}).values())
