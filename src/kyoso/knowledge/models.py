"""Retrospectives and the lessons-learned library (capability C7, docs/product.md#c7).

A `Retrospective` is the team's own account of a finished, stopped or paused
project, tagged with the six failure causes (`RetrospectiveCause`, weight 1–3).
The partner may write its own view (`PartnerView`) in the shared space. The two
are kept apart: each side sees the other's only once both sides agreed to
exchange them. The exchange is stored as `Retrospective.visibility` (shared only
while both agreed, so the partner's `for_partner` queryset finds it) and
`PartnerView.exchanged` (the workspace's pages show a partner view only then).
The context of the project when it closed (industry, partner kind, stage
reached) is kept on the retrospective, so the library filters in SQL and the
record stays true when the project changes later.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.scoping import Scope, ScopedManager, Visibility
from kyoso.knowledge.causes import CAUSE_CHOICES

# The partner's kind is the project party's kind (the form's default comes from it).
from kyoso.projects.models import PartyKind as PartnerKind


class Outcome(models.TextChoices):
    COMMERCIALISED = "commercialised", _("Commercialised")
    STOPPED = "stopped", _("Stopped")
    PAUSED = "paused", _("Paused")


class StageReached(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    POC = "poc", _("PoC")
    PILOT = "pilot", _("Pilot")
    COMMERCIALISATION = "commercialisation", _("Commercialisation")


VISIBILITY_CHOICES = [
    (Visibility.INTERNAL, _("Internal")),
    (Visibility.SHARED, _("Exchanged with the partner")),
]


class Retrospective(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="retrospectives", verbose_name=_("project")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    headline = models.CharField(
        _("the lesson in one line"), max_length=200, help_text=_("Shown in the library list.")
    )
    what_worked = models.TextField(_("what worked"), blank=True)
    what_failed = models.TextField(_("what failed"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    countermeasure = models.TextField(_("countermeasure that would have helped"), blank=True)
    written_on = models.DateField(_("date"), default=timezone.localdate)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    # Context when the project closed (filled from the project, editable).
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    partner_name = models.CharField(_("partner"), max_length=200, blank=True)
    partner_kind = models.CharField(_("partner kind"), max_length=12, choices=PartnerKind.choices, blank=True)
    stage_reached = models.CharField(
        _("stage reached"), max_length=20, choices=StageReached.choices, blank=True
    )
    business_unit = models.CharField(_("business unit"), max_length=100, blank=True)
    # The exchange with the partner's view.
    share_agreed = models.BooleanField(_("we agree to exchange views with the partner"), default=False)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=VISIBILITY_CHOICES,
        default=Visibility.INTERNAL,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="project__workspace", project="project", visibility="visibility")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("retrospective")
        verbose_name_plural = _("retrospectives")
        ordering = ["-written_on", "-id"]
        indexes = [
            models.Index(fields=["project", "-written_on"]),
            models.Index(fields=["-updated_at"]),
        ]

    def __str__(self) -> str:
        return self.headline

    @property
    def year(self) -> int:
        return self.written_on.year

    def weights(self) -> dict[str, int]:
        """{cause: weight} from prefetched or queried causes."""
        return {c.cause: c.weight for c in self.causes.all()}


class RetrospectiveCause(models.Model):
    retrospective = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="causes")
    cause = models.CharField(_("cause"), max_length=30, choices=CAUSE_CHOICES)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(3)], default=1
    )

    scope = Scope(
        workspace="retrospective__project__workspace",
        project="retrospective__project",
        visibility="retrospective__visibility",
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("cause tag")
        verbose_name_plural = _("cause tags")
        ordering = ["-weight", "cause"]
        constraints = [
            models.UniqueConstraint(fields=["retrospective", "cause"], name="knowledge_cause_once"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=3), name="knowledge_cause_weight_1_3"
            ),
        ]
        indexes = [models.Index(fields=["cause", "retrospective"])]

    def __str__(self) -> str:
        return f"{self.get_cause_display()} ×{self.weight}"


def attachment_path(instance: RetrospectiveAttachment, filename: str) -> str:
    return f"lessons/{instance.retrospective_id}/{timezone.now():%Y%m}/{filename}"


class RetrospectiveAttachment(models.Model):
    """A file attached to a retrospective; internal, served only through the permission-checked view."""

    retrospective = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(workspace="retrospective__project__workspace", project=None)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class PartnerView(models.Model):
    """The partner's own retrospective of a project, written in the shared space.

    Every partner user of the project sees it (scope without a visibility field);
    the workspace's pages show it only while `exchanged` is true.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="partner_view", verbose_name=_("project")
    )
    what_worked = models.TextField(_("what worked"), blank=True)
    what_failed = models.TextField(_("what failed"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    causes = models.JSONField(_("causes"), default=dict, blank=True)  # {cause id: weight 1–3}
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    share_agreed = models.BooleanField(_("we agree to exchange views with the corporate"), default=False)
    exchanged = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="project__workspace", project="project", visibility=None)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("partner's view")
        verbose_name_plural = _("partner's views")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project}: partner view"
