"""The two-sided alignment check (認識合わせ, capability C4 in docs/product.md#c4).

A project holds rounds of the questionnaire over time (one open round at a
time; a new round re-checks later, e.g. at a gate). In each round the
corporate team and the partner answer the same questions separately.

Who sees what (the scoping mechanism does the partner side, the selectors the
rest):

* A round is the shared questionnaire itself: shared with the partner.
* The partner's answer is shared from the start: the partner wrote it.
  The corporate team may not read it before the reveal; `selectors` hides it.
* The corporate's answer stays internal until both sides have submitted;
  `services.submit_answer` then flips it to shared in the same transaction
  that reveals the round, so the partner never sees it earlier.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.scoping import Scope, ScopedManager, Visibility

QUESTIONS: tuple[str, ...] = (
    "goal_type",
    "first_result_months",
    "decision_lead_days",
    "quality_approach",
    "result_owner",
    "budget_jpy",
    "success_kpi",
)


class Side(models.TextChoices):
    CORPORATE = "corporate", _("Corporate side")
    PARTNER = "partner", _("Partner side")


class GoalType(models.TextChoices):
    IMPROVE_EXISTING = "improve_existing", _("Improve what exists")
    REPLACE = "replace", _("Replace it completely")
    NEW_MARKET = "new_market", _("Open a new market")
    EXPLORE = "explore", _("Explore, no fixed goal yet")


class QualityApproach(models.TextChoices):
    VERIFY_FIRST = "verify_first", _("Verify thoroughly before release")
    BALANCED = "balanced", _("Balanced")
    SHIP_AND_ITERATE = "ship_and_iterate", _("Ship early and iterate")


class ResultOwner(models.TextChoices):
    CORPORATE = "corporate", _("The corporate")
    PARTNER = "partner", _("The partner")
    JOINT = "joint", _("Jointly")
    UNDECIDED = "undecided", _("Not decided")


class AlignmentRound(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="alignment_rounds")
    number = models.PositiveIntegerField(_("round"))
    label = models.CharField(
        _("occasion"), max_length=200, blank=True, help_text=_("e.g. before the PoC gate")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    revealed_at = models.DateTimeField(_("both sides answered"), null=True, blank=True)
    # The questionnaire itself is the shared space's: the partner must see that a round is open.
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.SHARED)

    scope = Scope(workspace="project__workspace", project="project", visibility="visibility")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("alignment round")
        verbose_name_plural = _("alignment rounds")
        ordering = ["project", "-number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="alignment_round_number")]

    def __str__(self) -> str:
        return f"{self.project} #{self.number}"

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None


class AlignmentAnswer(models.Model):
    round = models.ForeignKey(AlignmentRound, on_delete=models.CASCADE, related_name="answers")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    goal_type = models.CharField(_("goal type"), max_length=20, choices=GoalType.choices, blank=True)
    first_result_months = models.PositiveIntegerField(_("months to the first result"), null=True, blank=True)
    decision_lead_days = models.PositiveIntegerField(_("decision lead time (days)"), null=True, blank=True)
    quality_approach = models.CharField(
        _("quality approach"), max_length=20, choices=QualityApproach.choices, blank=True
    )
    result_owner = models.CharField(
        _("who should own the results"), max_length=20, choices=ResultOwner.choices, blank=True
    )
    budget_jpy = models.PositiveBigIntegerField(_("budget (yen)"), null=True, blank=True)
    success_kpi = models.CharField(_("success KPI"), max_length=300, blank=True)
    # A free comment per question: {question: text}.
    comments = models.JSONField(_("comments"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL)

    scope = Scope(workspace="round__project__workspace", project="round__project", visibility="visibility")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("alignment answer")
        verbose_name_plural = _("alignment answers")
        ordering = ["round", "side"]
        constraints = [
            models.UniqueConstraint(fields=["round", "side"], name="alignment_one_answer_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.side}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def engine_answers(self) -> dict[str, object]:
        """The answers in the snapshot's `alignment.<side>` shape; unanswered questions are left out."""
        out: dict[str, object] = {}
        for question in QUESTIONS:
            value = getattr(self, question)
            if value not in (None, ""):
                out[question] = value
        return out
