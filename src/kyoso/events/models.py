"""Matchmaking events: slots, participants, meeting requests, schedule runs, meetings.

An event belongs to the organiser's workspace. Participants are companies
taking part (corporates and startups); they need no Kyoso account, but may
link one through an invitation to use the participant portal (mark interest,
see their agenda). The scheduling engine sees the event through
`engine_bridge` only.
"""

from __future__ import annotations

import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kyoso.accounts.models import InvitationBase, Language, Workspace
from kyoso.accounts.scoping import Scope, ScopedManager
from kyoso.core.safe_urls import validate_web_url
from kyoso.events import clock

BOUND_METHODS = {
    "b-matching flow": _("matching relaxation (meetings counted against the day's total tables)"),
    "slot LP (HiGHS)": _("linear programme over the slots"),
}

BENCHMARK_CONVERSION = 0.30  # ILS: over 30% of meetings lead to collaboration projects


def _token() -> str:
    return secrets.token_urlsafe(24)


# A participant id travels into download file names (agenda .ics, personal-data export) and into
# CSV and JSON exports that other tools read back: quotes and backslashes end or escape a quoted
# value, control characters and line separators start a new header line or row.
CODE_FORBIDDEN = frozenset("\"'\\")
CODE_FORBIDDEN_CATEGORIES = frozenset({"Zl", "Zp"})  # line and paragraph separators


def participant_code_problem(value: str) -> str | None:
    """Why `value` cannot be a participant id, or None when it can."""
    for ch in value:
        category = unicodedata.category(ch)
        # C*: control, format, surrogate, private-use and unassigned code points
        if ch in CODE_FORBIDDEN or category[0] == "C" or category in CODE_FORBIDDEN_CATEGORIES:
            return str(
                _(
                    "A participant id cannot contain quotes (\" or '), backslashes, line breaks or "
                    "other control characters."
                )
            )
    return None


def validate_participant_code(value: str) -> None:
    problem = participant_code_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION = "registration", _("Registration open")
    SCHEDULING = "scheduling", _("Scheduling")
    PUBLISHED = "published", _("Schedule published")
    CLOSED = "closed", _("Closed")


class RequestRule(models.TextChoices):
    """Who may mark interest first. Either way a meeting needs both sides' interest above 0."""

    BOTH = "both", _("Both sides mark interest freely")
    STARTUPS_APPLY = "startups_apply", _("Startups apply; corporates answer their applicants")
    CORPORATES_INVITE = "corporates_invite", _("Corporates invite; startups answer their invitations")


class Event(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="events")
    name = models.CharField(_("name"), max_length=200)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=clock.default_time_zone,
        validators=[clock.validate_zone],
        help_text=_("Every time of the event (slots, agendas, calendar files) is wall-clock time here."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    default_max_meetings = models.PositiveIntegerField(
        _("default maximum meetings per participant"), null=True, blank=True
    )
    default_min_meetings = models.PositiveIntegerField(
        _("default minimum meetings per participant"),
        default=0,
        help_text=_("A fairness floor: the scheduler gives each participant at least this many if it can."),
    )
    request_rule = models.CharField(
        _("who may request whom"), max_length=20, choices=RequestRule.choices, default=RequestRule.BOTH
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("The public registration form closes at this time; empty = while registration is open."),
    )
    current_run = models.ForeignKey(
        "ScheduleRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published schedule"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The public registration link names the event by this key, not by its guessable primary key.
    public_key = models.CharField(max_length=40, unique=True, default=_token, editable=False)

    # a portal account sees the events of the participants it may see
    scope = Scope(workspace="workspace", participant="participants")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def registration_open(self) -> bool:
        return self.status == EventStatus.REGISTRATION and (
            self.registration_deadline is None or timezone.now() < self.registration_deadline
        )

    def first_side(self) -> str | None:
        """The side that marks interest first under the request rule (None: both freely)."""
        return {RequestRule.STARTUPS_APPLY: "startup", RequestRule.CORPORATES_INVITE: "corporate"}.get(
            RequestRule(self.request_rule)
        )

    @property
    def is_published(self) -> bool:
        return self.status in (EventStatus.PUBLISHED, EventStatus.CLOSED) and self.current_run_id is not None


class Slot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    code = models.CharField(_("slot id"), max_length=40)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    tables = models.PositiveIntegerField(_("tables"), validators=[MinValueValidator(1)])
    closed = models.BooleanField(_("unavailable"), default=False, help_text=_("No meetings in this slot."))

    scope = Scope(workspace="event__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["start", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="events_slot_code_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="events_slot_end_after_start"
            ),
            models.CheckConstraint(condition=models.Q(tables__gte=1), name="events_slot_tables_positive"),
        ]

    def __str__(self) -> str:
        return clock.slot_label(self)


class Side(models.TextChoices):
    CORPORATE = "corporate", _("Corporate")
    STARTUP = "startup", _("Startup")


class Participant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    code = models.CharField(_("participant id"), max_length=40, validators=[validate_participant_code])
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    name = models.CharField(_("organisation"), max_length=200)
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("organisation in the partner directory"),
    )
    need = models.ForeignKey(
        "partners.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("need from the partner directory"),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    needs = models.TextField(_("needs shown at the event"), blank=True)
    application = models.TextField(_("application / offer"), blank=True)
    profile = models.TextField(_("company profile"), blank=True)
    website = models.CharField(_("website"), max_length=300, blank=True, validators=[validate_web_url])
    self_registered = models.BooleanField(_("registered through the public form"), default=False)
    language = models.CharField(
        _("language for e-mail"),
        max_length=5,
        choices=Language.choices,
        blank=True,
        help_text=_("Empty = the portal account's language, else the site's."),
    )
    unavailable_slots = models.ManyToManyField(
        Slot, blank=True, related_name="unavailable_participants", verbose_name=_("unavailable slots")
    )
    max_meetings = models.PositiveIntegerField(_("maximum meetings"), null=True, blank=True)
    min_meetings = models.PositiveIntegerField(_("minimum meetings"), default=0)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    no_show = models.BooleanField(_("no-show"), default=False)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("portal account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(workspace="event__workspace", participant="")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["side", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="events_participant_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_min_meetings(self) -> int:
        """The floor the scheduler applies: the participant's own, else the event's default."""
        return self.min_meetings or self.event.default_min_meetings or 0

    @property
    def effective_max_meetings(self) -> int | None:
        """The cap the scheduler applies (None = no cap): the participant's own, else the event's default."""
        return self.max_meetings if self.max_meetings is not None else self.event.default_max_meetings


INTEREST_VALIDATORS = [MinValueValidator(0), MaxValueValidator(3)]


class MeetingRequest(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    corporate = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="corporate_requests")
    startup = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="startup_requests")
    corporate_interest = models.PositiveSmallIntegerField(
        _("corporate's interest"), default=0, validators=INTEREST_VALIDATORS
    )
    startup_interest = models.PositiveSmallIntegerField(
        _("startup's interest"), default=0, validators=INTEREST_VALIDATORS
    )
    weight = models.FloatField(
        _("weight"), null=True, blank=True, help_text=_("Empty = sum of both interests.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(workspace="event__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["corporate__code", "startup__code"]
        constraints = [
            models.UniqueConstraint(fields=["corporate", "startup"], name="events_request_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(corporate_interest__lte=3, startup_interest__lte=3),
                name="events_request_interest_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.corporate} × {self.startup}"

    @property
    def effective_weight(self) -> float:
        return (
            self.weight if self.weight is not None else float(self.corporate_interest + self.startup_interest)
        )

    @property
    def consented(self) -> bool:
        return self.corporate_interest > 0 and self.startup_interest > 0


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class RunKind(models.TextChoices):
    FULL = "full", _("Full schedule")
    RESCHEDULE = "reschedule", _("Reschedule after changes")


class ScheduleRun(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(_("kind"), max_length=12, choices=RunKind.choices, default=RunKind.FULL)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous schedule"),
    )
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    time_limit = models.FloatField(_("time limit (seconds)"), default=10.0)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    phase = models.CharField(_("phase"), max_length=60, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    upper_bound = models.FloatField(_("proven bound"), null=True, blank=True)
    bound_method = models.CharField(_("bound method"), max_length=80, blank=True)
    below_min = models.JSONField(_("below minimum"), default=list, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # A finished run's meetings never change, so the result page's summaries are computed once when
    # the run is stored: {"histogram": [[meetings, participants], ...], "per_slot": {slot_pk: n}, "meetings": n}
    stats = models.JSONField(_("summary"), default=dict, blank=True)
    solve_seconds = models.FloatField(_("solve seconds"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    scope = Scope(workspace="event__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"

    @property
    def bound_method_label(self) -> str:
        """How the bound was proven, in words (the engine names its method in English)."""
        return str(BOUND_METHODS.get(self.bound_method, self.bound_method))

    @property
    def gap_percent(self) -> float | None:
        if self.objective is None or self.upper_bound is None:
            return None
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.objective) / self.upper_bound * 100)

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
LEAD_Q = models.Q(corporate_next_step=True, startup_next_step=True)


class Outcome(models.TextChoices):
    PENDING = "", _("Not recorded")
    NONE = "none", _("No follow-up")
    FOLLOW_UP = "follow_up", _("Follow-up meeting")
    POC = "poc", _("PoC discussion")
    PROJECT = "project", _("Project started")


class Meeting(models.Model):
    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="meetings")
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="meetings")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="meetings")
    table = models.PositiveIntegerField(_("table"))
    outcome = models.CharField(
        pgettext_lazy("meeting", "outcome"), max_length=12, choices=Outcome.choices, blank=True, default=""
    )
    outcome_note = models.CharField(_("outcome note"), max_length=300, blank=True)
    corporate_rating = models.PositiveSmallIntegerField(
        _("corporate's rating"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    startup_rating = models.PositiveSmallIntegerField(
        _("startup's rating"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    corporate_next_step = models.BooleanField(_("corporate wants a next step"), null=True, blank=True)
    startup_next_step = models.BooleanField(_("startup wants a next step"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_meetings",
        verbose_name=_("project"),
    )

    scope = Scope(workspace="run__event__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__start", "table"]
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="events_meeting_request_once"),
            models.UniqueConstraint(fields=["run", "slot", "table"], name="events_meeting_table_once"),
            models.CheckConstraint(
                condition=(
                    (
                        models.Q(corporate_rating__isnull=True)
                        | models.Q(corporate_rating__gte=1, corporate_rating__lte=5)
                    )
                    & (
                        models.Q(startup_rating__isnull=True)
                        | models.Q(startup_rating__gte=1, startup_rating__lte=5)
                    )
                ),
                name="events_meeting_rating_range",
            ),
        ]
        indexes = [models.Index(fields=["run", "slot", "table"])]

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot.start:%H:%M} / {self.table}"

    @property
    def is_lead(self) -> bool:
        """Both sides want a next step."""
        return bool(self.corporate_next_step and self.startup_next_step)


class ParticipantInvitation(InvitationBase):
    """An e-mailed link that lets a participant's contact create or link the account of the portal."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="invitations")

    scope = Scope(workspace="participant__event__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("participant invitation")
        verbose_name_plural = _("participant invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.participant}"


class PrintKind(models.TextChoices):
    AGENDAS = "agendas", _("All agendas, one page per participant")
    TABLE_CARDS = "table_cards", _("Table cards for every slot")


class PrintStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def print_path(instance: PrintJob, filename: str) -> str:
    return f"events/{instance.event_id}/print/{filename}"


class PrintJob(models.Model):
    """A print file for the day (hundreds of pages) built in the background from the published schedule."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="print_jobs")
    run = models.ForeignKey(
        ScheduleRun, on_delete=models.CASCADE, related_name="+", verbose_name=_("schedule printed")
    )
    kind = models.CharField(_("what"), max_length=20, choices=PrintKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PrintStatus.choices, default=PrintStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    file = models.FileField(_("file"), upload_to=print_path, max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    scope = Scope(workspace="event__workspace")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("print file")
        verbose_name_plural = _("print files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_kind_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (PrintStatus.DONE, PrintStatus.FAILED)

    @property
    def filename(self) -> str:
        return f"{self.kind.replace('_', '-')}-{self.event_id}.pdf"
