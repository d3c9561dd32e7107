"""The outbox: every e-mail Kyoso sends in bulk is a row first, and the worker sends the rows.

A web request only writes rows (fast, inside its transaction); delivery happens in the worker
over one SMTP connection per batch, with retries, and leaves a record of who was mailed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.models import Language
from kyoso.accounts.scoping import Scope, ScopedManager


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    # Empty for mail that belongs to no one workspace: a sign-up link, a person's weekly digest.
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="outbox_messages", null=True, blank=True
    )
    # What the message belongs to, e.g. "agenda:run:12": the organiser's progress view counts by it.
    batch = models.CharField(max_length=80, db_index=True)
    # One message per key, ever: queuing the same mail twice (a retried task) adds nothing.
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    to_email = models.EmailField(_("recipient"))
    to_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email}"
