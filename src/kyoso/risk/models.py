"""Stored diagnoses and early warnings (capability C5, docs/product.md#c5). Internal: never shown to the partner.

A `Diagnosis` row is the engine's result for one snapshot of a project (its
hash tells whether anything changed). The latest row per project is marked
`is_current`, so the heat map reads one row per project and never runs the
engine while a page renders. `RiskWarning` rows are the dated facts someone
must act on; one row per (project, kind, key), so a warning is raised once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kyoso.accounts.scoping import Scope, ScopedManager
from kyoso.engine.diagnosis.texts import CAUSE_IDS

# The engine's six cause ids, one column each on `Diagnosis`.
CAUSES: tuple[str, ...] = CAUSE_IDS

CAUSE_LABELS = {
    "purpose": _("Unclear purpose and strategy"),
    "partner_fit": _("Partner mismatch"),
    "internal_structure": _("Weak internal structure"),
    "communication": _("Communication and perception gaps"),
    "ip_contract": _("IP and contract problems"),
    "short_termism": _("Expecting results too soon"),
}


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


# Internal to the workspace: project=None means never visible in the shared space.
INTERNAL_SCOPE = Scope(workspace="project__workspace", project=None)


class Diagnosis(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="diagnoses")
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    snapshot_hash = models.CharField(max_length=64)
    is_current = models.BooleanField(default=True)
    overall_score = models.PositiveSmallIntegerField(_("overall score"))
    overall_level = models.CharField(_("overall level"), max_length=10, choices=Level.choices)
    purpose = models.PositiveSmallIntegerField(default=0)
    partner_fit = models.PositiveSmallIntegerField(default=0)
    internal_structure = models.PositiveSmallIntegerField(default=0)
    communication = models.PositiveSmallIntegerField(default=0)
    ip_contract = models.PositiveSmallIntegerField(default=0)
    short_termism = models.PositiveSmallIntegerField(default=0)
    top_cause = models.CharField(max_length=30, blank=True)
    # The engine's full output (the shape of docs/formats.md#diagnosis-output, plus per-rule detail) in each language.
    result_ja = models.JSONField(default=dict)
    result_en = models.JSONField(default=dict)
    snapshot = models.JSONField(default=dict)

    scope = INTERNAL_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        ordering = ["-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(is_current=True), name="risk_one_current_diagnosis"
            )
        ]
        indexes = [
            models.Index(fields=["project", "-computed_at"]),
            # The heat map's first page in any sort order: walk the current diagnoses by score and
            # stop after a page, instead of sorting every project of the workspace per request.
            *(
                models.Index(
                    fields=[f"-{field}", "project"],
                    condition=Q(is_current=True),
                    name=f"risk_current_{short}",
                )
                for field, short in (
                    ("overall_score", "overall"),
                    ("purpose", "purpose"),
                    ("partner_fit", "partner_fit"),
                    ("internal_structure", "internal"),
                    ("communication", "communication"),
                    ("ip_contract", "ip_contract"),
                    ("short_termism", "short_term"),
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.overall_score} ({self.computed_at:%Y-%m-%d})"

    def result(self, lang: str) -> dict[str, object]:
        return self.result_en if lang == "en" else self.result_ja

    def scores(self) -> dict[str, int]:
        return {cause: getattr(self, cause) for cause in CAUSES}


class WarningStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("warning status", "Open")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("warning status", "Acknowledged")
    RESOLVED = "resolved", _("Resolved")


WARNING_KIND_LABELS = {
    "no_contact": _("No contact"),
    "sponsor_silent": _("Sponsor silent"),
    "milestone_overdue": _("Milestone overdue"),
    "poc_overrun": _("PoC past its planned end"),
    "decision_overdue": _("Decision overdue"),
    "budget_expired": _("Budget commitment expired"),
    "no_contract": _("No contract"),
    "ip_open_at_signature": _("IP point open at signature"),
    "gate_without_criteria": _("Gate without criteria"),
    "alignment_gap_critical": _("Critical alignment gap"),
}


class RiskWarning(models.Model):
    """An early warning. Called `RiskWarning` so it does not shadow Python's built-in `Warning`."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="risk_warnings")
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=120)
    message_ja = models.TextField()
    message_en = models.TextField()
    since = models.DateField(_("since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    # False once the engine no longer reports the condition; a later report is a new occurrence.
    active = models.BooleanField(default=True)
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # When the e-mail digest first reported this occurrence (None: not yet sent).
    notified_at = models.DateTimeField(null=True, blank=True)

    scope = INTERNAL_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-raised_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "kind", "key"], name="risk_warning_once")]
        indexes = [
            models.Index(fields=["status", "-raised_at"]),
            # open warnings (not resolved), newest first: the warnings list's default view and the
            # dashboard panel read only these, so the index stays small however many are resolved
            models.Index(
                fields=["-raised_at", "-id"],
                condition=~models.Q(status="resolved"),
                name="risk_warning_open_recent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.kind}"

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_ja

    @property
    def kind_label(self) -> str:
        return str(WARNING_KIND_LABELS.get(self.kind, self.kind))
