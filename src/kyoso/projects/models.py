"""Collaboration projects: charter, sponsor, stage gates, milestones, KPIs,
communication, contracts with IP decision points, and the partner's shared space.

Every model declares a `Scope`. Records a partner user may see carry a
`visibility` field (internal by default); the rest have `project=None` in
their scope and never reach the shared space.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.models import InvitationBase, Workspace
from kyoso.accounts.scoping import Scope, ScopedManager, Visibility
from kyoso.engine.diagnosis.contract_terms import model_fields as contract_term_fields

VISIBILITY_CHOICES = Visibility.choices


def visibility_field() -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(
        _("visibility"), max_length=10, choices=VISIBILITY_CHOICES, default=Visibility.INTERNAL
    )


CHILD_SCOPE = Scope(workspace="project__workspace", project="project", visibility="visibility")
INTERNAL_SCOPE = Scope(workspace="project__workspace", project=None)


# --------------------------------------------------------------------------- enumerations


class ProjectType(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


class Stage(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    POC = "poc", _("PoC")
    PILOT = "pilot", _("Pilot")
    COMMERCIALISATION = "commercialisation", _("Commercialisation")
    STOPPED = "stopped", _("Stopped")


STAGE_ORDER = [Stage.EXPLORATION, Stage.POC, Stage.PILOT, Stage.COMMERCIALISATION]


def next_stage(stage: str) -> str | None:
    """The stage a Go on `stage`'s gate leads to; None after the last stage (and for a stopped project)."""
    if stage not in STAGE_ORDER:
        return None
    i = STAGE_ORDER.index(Stage(stage))
    return STAGE_ORDER[i + 1].value if i + 1 < len(STAGE_ORDER) else None


class StatusColour(models.TextChoices):
    GREEN = "green", _("On track")
    AMBER = "amber", _("At risk")
    RED = "red", _("Off track")


class PurposeCategory(models.TextChoices):
    NEW_TECHNOLOGY = "new_technology", _("New technology")
    IMPROVE_EXISTING = "improve_existing", _("Improve an existing business")
    NEW_BUSINESS = "new_business", _("New business")
    OTHER = "other", _("Other")


class SponsorLevel(models.TextChoices):
    EXECUTIVE = "executive", _("Executive")
    DIRECTOR = "director", _("Director")
    MANAGER = "manager", _("Manager")


class Decision(models.TextChoices):
    GO = "go", _("Go")
    NO_GO = "no_go", _("No-go")
    EXTEND = "extend", _("Extend")


class Side(models.TextChoices):
    CORPORATE = "corporate", _("Corporate side")
    PARTNER = "partner", _("Partner side")


class PartyKind(models.TextChoices):
    CORPORATE = "corporate", _("Corporate")
    STARTUP = "startup", _("Startup")
    UNIVERSITY = "university", _("University")
    PUBLIC = "public", _("Public body")


class QualityApproach(models.TextChoices):
    VERIFY_FIRST = "verify_first", _("Verify first")
    BALANCED = "balanced", _("Balanced")
    SHIP_AND_ITERATE = "ship_and_iterate", _("Ship and iterate")


class RiskAppetite(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")


class LogParties(models.TextChoices):
    CORPORATE = "corporate", _("Corporate only")
    PARTNER = "partner", _("Partner only")
    BOTH = "both", _("Both sides")


class ContractKind(models.TextChoices):
    NDA = "nda", _("NDA")
    POC = "poc", _("PoC contract")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    LICENSE = "license", _("Licence")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    TERMINATED = "terminated", _("Terminated")


class IpOwner(models.TextChoices):
    CORPORATE = "corporate", _("Corporate")
    PARTNER = "partner", _("Partner")
    JOINT = "joint", _("Joint (co-owned)")
    UNDECIDED = "undecided", _("Undecided")


class Publication(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    ALLOWED_AFTER_REVIEW = "allowed_after_review", _("Allowed after review")
    FORBIDDEN = "forbidden", _("Forbidden")
    UNDECIDED = "undecided", _("Undecided")


class GrantBack(models.TextChoices):
    MUTUAL = "mutual", _("Mutual")
    PARTNER_ONLY = "partner_only", _("Partner only grants back")
    CORPORATE_ONLY = "corporate_only", _("Corporate only grants back")
    NONE = "none", _("No improvements clause")


class DisclosureForm(models.TextChoices):
    WRITTEN = "written", _("Written / document")
    ORAL = "oral", _("Oral")
    DEMO = "demo", _("Demonstration")
    DATA = "data", _("Data / source code")


# --------------------------------------------------------------------------- the project


class Project(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(
        _("type"), max_length=10, choices=ProjectType.choices, default=ProjectType.INBOUND
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Shown to the partner in the shared space.")
    )
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Never shown to the partner.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_projects",
        verbose_name=_("owner"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="project_teams", verbose_name=_("team")
    )
    business_unit = models.CharField(_("business unit"), max_length=100, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.EXPLORATION)
    stage_entered = models.DateField(_("stage entered"), default=dt.date.today)
    stopped_reason = models.TextField(_("reason for stopping"), blank=True)
    status_colour = models.CharField(
        _("status"), max_length=10, choices=StatusColour.choices, default=StatusColour.GREEN
    )
    budget_jpy = models.BigIntegerField(_("budget (JPY)"), null=True, blank=True)
    # Purpose charter (countermeasure 1)
    purpose_category = models.CharField(
        _("purpose category"), max_length=20, choices=PurposeCategory.choices, blank=True
    )
    goal = models.TextField(_("concrete goal"), blank=True)
    why_partner = models.TextField(_("why a partner (why not in-house)"), blank=True)
    # Executive sponsor (countermeasure 3)
    sponsor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_projects",
        verbose_name=_("sponsor (member)"),
    )
    sponsor_name = models.CharField(_("sponsor name"), max_length=150, blank=True)
    sponsor_level = models.CharField(
        _("sponsor level"), max_length=10, choices=SponsorLevel.choices, blank=True
    )
    sponsor_budget_until = models.DateField(_("budget committed until"), null=True, blank=True)
    sponsor_last_engaged = models.DateField(_("sponsor last engaged"), null=True, blank=True)
    # PoC plan (success point 1: start small)
    poc_planned_end = models.DateField(_("PoC planned end"), null=True, blank=True)
    poc_deliverable = models.CharField(_("PoC deliverable"), max_length=300, blank=True)
    # Communication plan (countermeasure 4) — part of the core both sides see
    cadence_days = models.PositiveIntegerField(_("contact cadence (days)"), null=True, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    comm_corporate_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact owner (corporate)"),
    )
    comm_partner_owner = models.CharField(_("contact owner (partner)"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(workspace="workspace", project="", visibility=None)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "stage"]),
            models.Index(fields=["workspace", "-updated_at"]),
            # the portfolio's other sort orders and filters, so a page of 25 is read in index order
            # instead of sorting every project of the workspace
            models.Index(fields=["workspace", "title"]),
            models.Index(fields=["workspace", "stage_entered"]),
            models.Index(fields=["workspace", "status_colour"]),
            models.Index(fields=["workspace", "business_unit"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_channels_display(self) -> str:
        labels = dict(Channel.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.channels)

    @property
    def sponsor_display(self) -> str:
        if self.sponsor_name:
            return self.sponsor_name
        return str(self.sponsor_user) if self.sponsor_user_id else ""

    @property
    def poc_overrun_days(self) -> int:
        if self.stage != Stage.POC or self.poc_planned_end is None:
            return 0
        return max(0, (timezone.localdate() - self.poc_planned_end).days)

    @property
    def days_in_stage(self) -> int:
        return (timezone.localdate() - self.stage_entered).days


class ProjectParty(models.Model):
    """One side of the collaboration as the snapshot's `parties` describes it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_parties",
        verbose_name=_("organisation in the partner directory"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=PartyKind.choices, default=PartyKind.STARTUP)
    oi_experience_count = models.PositiveIntegerField(_("past OI collaborations"), null=True, blank=True)
    company_wide_support = models.BooleanField(_("company-wide support"), null=True, blank=True)
    decision_lead_days = models.PositiveIntegerField(_("decision lead time (days)"), null=True, blank=True)
    quality_approach = models.CharField(
        _("quality approach"), max_length=20, choices=QualityApproach.choices, blank=True
    )
    risk_appetite = models.CharField(
        _("risk appetite"), max_length=10, choices=RiskAppetite.choices, blank=True
    )

    scope = INTERNAL_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["side", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_side_display()})"


class StageHistory(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_history")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    entered_on = models.DateField(_("entered"))
    left_on = models.DateField(_("left"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # How the project got here: the gate decision that moved it, or an owner's override (with `reason`).
    decision = models.ForeignKey(
        "GateDecision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stage_changes",
        verbose_name=_("gate decision"),
    )
    is_override = models.BooleanField(_("owner override"), default=False)

    scope = INTERNAL_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("stage history")
        verbose_name_plural = _("stage history")
        ordering = ["entered_on", "id"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.stage} {self.entered_on}"

    @property
    def days(self) -> int:
        return ((self.left_on or timezone.localdate()) - self.entered_on).days


# --------------------------------------------------------------------------- charter


class ExpectedBenefit(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="benefits")
    metric = models.CharField(_("metric"), max_length=200)
    target = models.FloatField(_("target"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    by = models.DateField(_("by"), null=True, blank=True)

    scope = INTERNAL_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("expected benefit")
        verbose_name_plural = _("expected benefits")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.metric

    @property
    def is_numeric(self) -> bool:
        return self.target is not None and bool(self.unit) and self.by is not None


class Stakeholder(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name or title"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    scope = INTERNAL_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------- gates


class Gate(models.Model):
    """Go/no-go criteria for a stage, written before the stage starts, decided at its end."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gates")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    due = models.DateField(_("decision due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope = INTERNAL_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("stage gate")
        verbose_name_plural = _("stage gates")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} gate"


class GateCriterion(models.Model):
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("criterion"), max_length=300)

    scope = Scope(workspace="gate__project__workspace", project=None)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("gate criterion")
        verbose_name_plural = _("gate criteria")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class GateDecision(models.Model):
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    signed_by_sponsor = models.BooleanField(_("signed off by the sponsor"), default=False)
    sponsor_signed_off_on = models.DateField(_("sponsor signed off on"), null=True, blank=True)
    note = models.TextField(_("rationale"), blank=True)
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(workspace="gate__project__workspace", project=None)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("gate decision")
        verbose_name_plural = _("gate decisions")
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.gate}: {self.decision}"


class CriterionEvidence(models.Model):
    decision = models.ForeignKey(GateDecision, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(GateCriterion, on_delete=models.CASCADE, related_name="evidence")
    met = models.BooleanField(_("met"), null=True)
    evidence = models.TextField(_("evidence"), blank=True)

    scope = Scope(workspace="decision__gate__project__workspace", project=None)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["criterion_id"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.met}"


# --------------------------------------------------------------------------- milestones and KPIs


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due = models.DateField(_("due"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner (free text)"), max_length=150, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    visibility = visibility_field()

    scope = CHILD_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "id"]
        # open milestones by project and due date: the portfolio's overdue count per project
        indexes = [
            models.Index(
                fields=["project", "due"],
                condition=Q(done_on__isnull=True),
                name="projects_milestone_open_due",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_display(self) -> str:
        return self.owner_name or (str(self.owner) if self.owner_id else "")

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due < timezone.localdate()


class Kpi(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("name"), max_length=200)
    target = models.FloatField(_("target"))
    unit = models.CharField(_("unit"), max_length=30)
    horizon_months = models.PositiveIntegerField(_("horizon (months)"))
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    visibility = visibility_field()

    scope = CHILD_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class KpiMeasurement(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(workspace="kpi__project__workspace", project="kpi__project", visibility="kpi__visibility")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("KPI measurement")
        verbose_name_plural = _("KPI measurements")
        ordering = ["measured_on", "id"]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value} ({self.measured_on})"


# --------------------------------------------------------------------------- communication


class LogEntry(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="log_entries")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Channel.choices, default=Channel.MEETING)
    parties = models.CharField(
        _("parties"), max_length=10, choices=LogParties.choices, default=LogParties.BOTH
    )
    attendees = models.CharField(_("attendees"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    sponsor_attended = models.BooleanField(_("sponsor attended"), default=False)
    visibility = visibility_field()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_partner = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = CHILD_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("communication log entry")
        verbose_name_plural = _("communication log")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["project", "-date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    @property
    def snapshot_parties(self) -> list[str]:
        if self.parties == LogParties.BOTH:
            return ["corporate", "partner"]
        return [self.parties]


class Note(models.Model):
    """A comment on the project: internal notes stay internal; shared ones are the shared space's thread."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_partner = models.BooleanField(default=False)
    visibility = visibility_field()
    created_at = models.DateTimeField(auto_now_add=True)

    scope = CHILD_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:50]


# --------------------------------------------------------------------------- contracts


class Contract(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contracts")
    kind = models.CharField(_("kind"), max_length=20, choices=ContractKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    counterparty = models.CharField(_("counterparty"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Never shown to the partner.")
    )
    visibility = visibility_field()
    # IP and contract decision points (the snapshot's `terms`, docs/formats.md#project-snapshot); null = open
    # Blank = not recorded (unknown); "undecided" = the parties explicitly left it open.
    foreground_ip_owner = models.CharField(
        _("foreground IP owner"), max_length=10, choices=IpOwner.choices, blank=True, default=""
    )
    background_ip_listed = models.BooleanField(_("background IP listed"), null=True, blank=True)
    license_scope = models.CharField(_("licence scope"), max_length=300, blank=True)
    exclusive = models.BooleanField(_("exclusivity granted"), null=True, blank=True)
    exclusivity_field = models.CharField(_("exclusivity field"), max_length=200, blank=True)
    exclusivity_months = models.PositiveIntegerField(_("exclusivity months"), null=True, blank=True)
    publication = models.CharField(
        _("publication"), max_length=25, choices=Publication.choices, blank=True, default=""
    )
    fee_jpy = models.BigIntegerField(_("fee (JPY)"), null=True, blank=True)
    purpose_limited = models.BooleanField(_("use limited to the purpose"), null=True, blank=True)
    mutual = models.BooleanField(_("binds both sides (mutual)"), null=True, blank=True)
    oral_disclosures_covered = models.BooleanField(_("oral disclosures covered"), null=True, blank=True)
    confidential_months_after_end = models.PositiveIntegerField(
        _("confidentiality after end (months)"), null=True, blank=True
    )
    decision_deadline_days = models.PositiveIntegerField(
        _("deadline for the next-step decision (days)"), null=True, blank=True
    )
    deliverable = models.CharField(_("deliverable and acceptance"), max_length=300, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    co_owner_consent_to_license = models.BooleanField(
        _("co-owner consent to license given in advance"), null=True, blank=True
    )
    improvements_grant_back = models.CharField(
        _("improvements grant-back"), max_length=20, choices=GrantBack.choices, blank=True
    )
    non_compete_months_after_end = models.PositiveIntegerField(
        _("non-compete after end (months)"), null=True, blank=True
    )
    free_license_to_corporate = models.BooleanField(_("free licence to the corporate"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = CHILD_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


# Every field a user may set on a contract, in form order: what the contract is, then its terms (as
# the diagnosis engine's term registry stores them). The form, the service and the API accept these.
CONTRACT_FIELDS: tuple[str, ...] = (
    "kind",
    "status",
    "title",
    "counterparty",
    "signed_on",
    "visibility",
    *contract_term_fields(),
    "internal_note",
)


class Disclosure(models.Model):
    """What confidential information a side disclosed, when, under which NDA: the evidence in IP disputes."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="disclosures")
    contract = models.ForeignKey(
        Contract,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disclosures",
        verbose_name=_("under contract"),
    )
    disclosed_by = models.CharField(_("disclosed by"), max_length=10, choices=Side.choices)
    disclosed_on = models.DateField(_("disclosed on"))
    form = models.CharField(
        _("form"), max_length=10, choices=DisclosureForm.choices, default=DisclosureForm.WRITTEN
    )
    description = models.TextField(_("what was disclosed"))
    marked_confidential = models.BooleanField(_("marked confidential"), default=False)
    confirmed_in_writing_on = models.DateField(_("confirmed in writing on"), null=True, blank=True)
    visibility = visibility_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope = CHILD_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-disclosed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.disclosed_on} {self.description[:40]}"


def document_path(instance: Document, filename: str) -> str:
    return f"projects/{instance.project_id}/{timezone.now():%Y%m}/{filename}"


class Document(models.Model):
    """An uploaded file; served only through the permission-checked download view."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    log_entry = models.ForeignKey(
        LogEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    visibility = visibility_field()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_partner = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope = CHILD_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------- shared space


class PartnerAccess(models.Model):
    """A partner user's entry to one project's shared space."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_accesses"
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_accesses",
        verbose_name=_("organisation in the partner directory"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    scope = INTERNAL_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("partner access")
        verbose_name_plural = _("partner accesses")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_partner_access",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.project}"


class PartnerInvitation(InvitationBase):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_invitations")
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)

    scope = INTERNAL_SCOPE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.project}"
