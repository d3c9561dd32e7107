"""API tokens, webhook endpoints and their delivery log."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.models import Workspace
from kyoso.accounts.scoping import Scope, ScopedManager, ScopedQuerySet
from kyoso.core.safe_urls import validate_web_url

# Scope "apps": what a token may be allowed to read or write. Each app router
# mounted under /api/v1/<app>/ is checked against "<app>:read" (GET) and
# "<app>:write" (other methods) automatically; write implies read.
SCOPE_APPS: list[tuple[str, Any]] = [
    ("partners", _("Organisations, needs, offers and search")),
    ("projects", _("Projects, charters, gates, milestones, KPIs, logs and contracts")),
    ("alignment", _("Alignment surveys")),
    ("risk", _("Failure-risk diagnosis and warnings")),
    ("events", _("Events, participants, requests, schedules and agendas")),
    ("knowledge", _("Lessons and retrospectives")),
    ("reports", _("Reports")),
    ("diagnosis", _("Diagnosing snapshots without storing them")),
    ("workspace", _("Members, invitations and the audit log")),
    ("webhooks", _("Webhooks")),
    ("tokens", _("API tokens")),
]
SCOPE_APP_NAMES = frozenset(name for name, _label in SCOPE_APPS)
ALL_SCOPES = frozenset(f"{app}:{level}" for app in SCOPE_APP_NAMES for level in ("read", "write"))


class TokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal access token")
    SERVICE = "service", _("Workspace service token")


class ApiTokenQuerySet(ScopedQuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 hash is stored; `prefix` finds the row and is shown in lists.

    Personal tokens act as their user (in `workspace` only, when set). Service
    tokens belong to a workspace and act with the rights of the owner who
    created them; they stop working when that person leaves the workspace.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=TokenKind.choices, default=TokenKind.PERSONAL)
    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    workspace = models.ForeignKey(
        Workspace,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        null=True,
        blank=True,
        verbose_name=_("workspace"),
    )
    prefix = models.CharField(max_length=24, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    scope = Scope(workspace="workspace")
    objects = models.Manager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and timezone.now() >= self.expires_at

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "active"


class WebhookEvent(models.TextChoices):
    PROJECT_STAGE_CHANGED = "project.stage_changed", _("Project stage changed")
    WARNING_RAISED = "warning.raised", _("Warning raised")
    GATE_DECIDED = "gate.decided", _("Gate decided")
    SCHEDULE_PUBLISHED = "schedule.published", _("Schedule published")
    MEETING_CONVERTED = "meeting.converted", _("Meeting converted to a project")
    PING = "ping", _("Test delivery")


class WebhookEndpoint(models.Model):
    """A URL of the workspace's that receives signed event payloads.

    The signing secret is stored as is (it is needed to sign every delivery);
    it is shown in full only once, when the endpoint is created.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(_("URL"), max_length=500, validators=[validate_web_url])
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=80, editable=False)
    is_enabled = models.BooleanField(_("enabled"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url

    def subscribes_to(self, event: str) -> bool:
        return event == WebhookEvent.PING or event in self.events or "*" in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one endpoint (retries are new rows with the same event id)."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40)
    event_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    payload = models.JSONField(default=dict)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    next_retry_at = models.DateTimeField(_("next retry"), null=True, blank=True)

    scope = Scope(workspace="endpoint__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"]),
            models.Index(fields=["status", "next_retry_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.attempt} → {self.endpoint_id}"
