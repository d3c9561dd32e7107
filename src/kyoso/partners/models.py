"""The partner directory: organisations, their needs and offers, the partner checklist, candidates.

A workspace owns its directory. The same company may exist in two workspaces as two rows; neither
workspace sees the other's notes, contacts or checklist answers. Partner users (the startup side)
hold no membership and never reach any of these models.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.models import Workspace
from kyoso.accounts.scoping import Scope, ScopedManager
from kyoso.core.safe_urls import validate_web_url

# A culture profile means the same for a directory entry as for a project's party.
from kyoso.projects.models import QualityApproach, RiskAppetite


class OrganisationKind(models.TextChoices):
    CORPORATE = "corporate", _("Corporate")
    STARTUP = "startup", _("Startup")
    UNIVERSITY = "university", _("University / research institute")
    PUBLIC = "public", _("Public body")


class Stage(models.TextChoices):
    SEED = "seed", _("Seed")
    SERIES_A = "series_a", _("Series A")
    SERIES_B = "series_b", _("Series B")
    SERIES_C = "series_c", _("Series C or later")
    PRE_IPO = "pre_ipo", _("Pre-IPO")
    LISTED = "listed", _("IPO / listed")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class GoalType(models.TextChoices):
    IMPROVE_EXISTING = "improve_existing", _("Improve what exists")
    REPLACE = "replace", _("Replace it")
    NEW_MARKET = "new_market", _("New market")
    EXPLORE = "explore", _("Explore")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")


class Organisation(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), blank=True)
    industries = models.JSONField(_("industries"), default=list, blank=True)
    technologies = models.JSONField(_("technologies"), default=list, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # ";a;b;" in lower case, so a filter on one industry works on every database.
    industry_keys = models.TextField(blank=True, default="", editable=False)
    website = models.CharField(_("website"), max_length=300, blank=True, validators=[validate_web_url])
    country = models.CharField(_("country"), max_length=60, blank=True)
    founded = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    oi_experience_count = models.PositiveSmallIntegerField(
        _("past open-innovation collaborations"), null=True, blank=True
    )
    oi_experience_text = models.TextField(_("open-innovation experience"), blank=True)
    company_wide_support = models.CharField(
        _("company-wide support for open innovation"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    decision_lead_days = models.PositiveIntegerField(_("decision lead time (days)"), null=True, blank=True)
    quality_approach = models.CharField(
        _("quality approach"), max_length=20, choices=QualityApproach.choices, blank=True
    )
    risk_appetite = models.CharField(
        _("risk appetite"), max_length=10, choices=RiskAppetite.choices, blank=True
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    is_own = models.BooleanField(
        _("our own company"),
        default=False,
        help_text=_(
            "The workspace's own company: kept in the directory, never offered as a partner in search."
        ),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    source_detail = models.CharField(_("source detail"), max_length=200, blank=True)
    # The workspace's index version at this row's last change (see partners.search).
    search_stamp = models.BigIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["workspace", "name"]),
            models.Index(fields=["workspace", "kind", "name"]),
            models.Index(fields=["workspace", "stage"]),
            # the stage facet of a directory filtered by kind (a fifth of the rows: the planner
            # scanned the whole table without it)
            models.Index(fields=["workspace", "kind", "stage"]),
            models.Index(fields=["workspace", "country"]),
            # The directory's country filter is case-insensitive (UPPER(country) = UPPER(%s)).
            models.Index("workspace", Upper("country"), name="partners_org_ws_country_upper"),
            models.Index(fields=["workspace", "search_stamp"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_culture_profile(self) -> bool:
        return bool(self.decision_lead_days or self.quality_approach or self.risk_appetite)


def industry_keys(industries: list[str]) -> str:
    cleaned = [i.strip().lower() for i in industries if i and i.strip()]
    return f";{';'.join(cleaned)};" if cleaned else ""


class Contact(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(workspace="organisation__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["organisation", "name", "id"]

    def __str__(self) -> str:
        return self.name


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class Need(models.Model):
    """募集テーマ: what a corporate looks for. Owned by a corporate organisation or the workspace itself."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="needs")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("corporate"),
        help_text=_("Leave empty when the need is your own company's."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what we look for"))
    why = models.TextField(_("why we look for a partner"), blank=True)
    budget_min_jpy = models.PositiveBigIntegerField(_("budget from (JPY)"), null=True, blank=True)
    budget_max_jpy = models.PositiveBigIntegerField(_("budget up to (JPY)"), null=True, blank=True)
    timeline = models.CharField(_("timeline"), max_length=200, blank=True)
    first_result_months = models.PositiveSmallIntegerField(
        _("months to a first result"), null=True, blank=True
    )
    goal_type = models.CharField(_("goal"), max_length=20, choices=GoalType.choices, blank=True)
    desired_traits = models.TextField(_("desired partner traits"), blank=True)
    # Our side's culture for this need (falls back to the owning organisation's profile).
    decision_lead_days = models.PositiveIntegerField(
        _("our decision lead time (days)"), null=True, blank=True
    )
    quality_approach = models.CharField(
        _("our quality approach"), max_length=20, choices=QualityApproach.choices, blank=True
    )
    risk_appetite = models.CharField(
        _("our risk appetite"), max_length=10, choices=RiskAppetite.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "status", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def search_text(self) -> str:
        return "\n".join(part for part in (self.title, self.description, self.desired_traits) if part)


class Offer(models.Model):
    """A startup's (or university's) technology or product."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="offers", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    technologies = models.JSONField(_("technologies"), default=list, blank=True)
    goal_type = models.CharField(_("what it aims at"), max_length=20, choices=GoalType.choices, blank=True)
    first_result_months = models.PositiveSmallIntegerField(
        _("months to a first result"), null=True, blank=True
    )
    budget_jpy = models.PositiveBigIntegerField(_("expected budget (JPY)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="organisation__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["organisation", "title", "id"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.TextChoices):
    """The partner checklist of countermeasure 2 (docs/product.md#the-six-failure-causes)."""

    OI_EXPERIENCE = "oi_experience", _("Has open-innovation experience")
    COMPANY_WIDE_ENTHUSIASM = "company_wide_enthusiasm", _("The whole company is behind it")
    TECHNOLOGY_FITS_PURPOSE = "technology_fits_purpose", _("Its technology fits our purpose")
    MET_IN_PERSON = "met_in_person", _("We met in person")
    IR_CHECKED = "ir_checked", _("IR / public information checked")


class ChecklistAnswer(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="checklist_answers")
    item = models.CharField(_("question"), max_length=30, choices=ChecklistItem.choices)
    answer = models.CharField(
        _("answer"), max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    answered_on = models.DateField(_("date"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="organisation__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [models.UniqueConstraint(fields=["organisation", "item"], name="one_answer_per_item")]
        ordering = ["organisation", "item"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.item}={self.answer}"


class CandidateStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")
    CONTACTED = "contacted", _("Contacted")
    MEETING = "meeting", _("Meeting held")
    PROJECT = "project", _("Project started")
    DECLINED = "declined", _("Declined")


class Candidate(models.Model):
    """An organisation on a need's shortlist."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="candidates")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="candidacies")
    status = models.CharField(
        _("status"), max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.SHORTLISTED
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    fit_score = models.PositiveSmallIntegerField(_("fit score when shortlisted"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="need__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["need", "organisation"], name="one_candidacy_per_need")
        ]
        ordering = ["need", "-created_at"]

    def __str__(self) -> str:
        return f"{self.need} × {self.organisation}"


class SearchIndexState(models.Model):
    """Per workspace: the version counter bumped on every directory write, and the stored index.

    `data` holds `SearchIndex.to_bytes()` as of `data_version`; a process that finds it older than
    `version` applies the organisations stamped since (and the tombstones) instead of rebuilding.
    """

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="partner_index")
    version = models.BigIntegerField(default=0)
    data = models.BinaryField(null=True, blank=True)
    data_version = models.BigIntegerField(default=0)
    engine_version = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    def __str__(self) -> str:
        return f"index of {self.workspace_id} v{self.version} (stored v{self.data_version})"


class IndexTombstone(models.Model):
    """An organisation removed from the directory at `version` (so cached indexes drop it)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    organisation_id = models.BigIntegerField()
    version = models.BigIntegerField()

    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    class Meta:
        indexes = [models.Index(fields=["workspace", "version"])]

    def __str__(self) -> str:
        return f"organisation {self.organisation_id} removed at v{self.version}"


class ImportStatus(models.TextChoices):
    VALIDATED = "validated", _("Checked, waiting for confirmation")
    INVALID = "invalid", _("Has errors")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An uploaded file between its check and its import (and the progress of a large import)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    scope = Scope(workspace="workspace")
    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def progress_percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.INVALID}


def as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if str(v).strip()]
    return []
