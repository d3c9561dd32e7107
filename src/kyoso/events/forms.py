from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kyoso.accounts.models import Language
from kyoso.core.safe_urls import WebURLFormField
from kyoso.events import clock, selectors
from kyoso.events.models import (
    Event,
    EventStatus,
    Outcome,
    Participant,
    RequestRule,
    Side,
    Slot,
    validate_participant_code,
)
from kyoso.events.services import DEFAULT_TIME_LIMIT, MAX_TIME_LIMIT


class WallClockField(forms.DateTimeField):
    """A time typed as wall-clock time at the event: cleans to a naive datetime that
    `clock.aware` (in the service) reads in the event's zone, and shows a stored time
    in the event's zone rather than the server's."""

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def to_python(self, value: Any) -> Any:
        result = super().to_python(value)
        return timezone.make_naive(result) if result is not None and timezone.is_aware(result) else result

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value) and self.event is not None:
            return clock.local(value, self.event).replace(tzinfo=None)
        return super().prepare_value(value)


class EventForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=(),
        required=False,
        help_text=_("Every time of the event (slots, agendas, calendar files) is wall-clock time here."),
    )
    registration_deadline = WallClockField(
        label=_("Registration deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The public registration form closes at this time; empty = while registration is open."),
    )

    class Meta:
        model = Event
        fields = [
            "name",
            "date",
            "time_zone",
            "venue",
            "description",
            "registration_deadline",
            "default_max_meetings",
            "default_min_meetings",
            "request_rule",
            "status",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("time_zone", clock.default_time_zone())
        self.fields["time_zone"].choices = clock.zone_choices(
            getattr(self.instance, "time_zone", "") or clock.default_time_zone()
        )
        self.fields["registration_deadline"].event = self.instance
        # rules have defaults; a form posted without them keeps the defaults
        self.fields["default_min_meetings"].required = False
        self.fields["request_rule"].required = False

    def clean_default_min_meetings(self) -> int:
        return self.cleaned_data.get("default_min_meetings") or 0

    def clean_request_rule(self) -> str:
        return self.cleaned_data.get("request_rule") or RequestRule.BOTH

    def clean_time_zone(self) -> str:
        # a form posted without the zone keeps the event's (or, new, the default)
        name = self.cleaned_data.get("time_zone") or self.instance.time_zone or clock.default_time_zone()
        clock.validate_zone(name)
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        deadline, name = data.get("registration_deadline"), data.get("time_zone")
        if deadline is not None and name:
            # the deadline is wall-clock time in the zone chosen on this same form
            data["registration_deadline"] = timezone.make_aware(deadline, clock.zone_of_name(name))
        return data


class EventCreateForm(EventForm):
    class Meta(EventForm.Meta):
        # a new event starts as a draft; its status is set from the edit form
        fields = [f for f in EventForm.Meta.fields if f != "status"]


DT = {"type": "datetime-local"}


class SlotForm(forms.Form):
    start = WallClockField(label=_("Start"), widget=forms.DateTimeInput(attrs=DT))
    end = WallClockField(label=_("End"), widget=forms.DateTimeInput(attrs=DT))
    tables = forms.IntegerField(label=_("Tables"), min_value=1, initial=10)


class SlotPlanForm(forms.Form):
    first_start = WallClockField(label=_("First meeting starts"), widget=forms.DateTimeInput(attrs=DT))
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=100, initial=6)
    minutes = forms.IntegerField(label=_("Meeting length (minutes)"), min_value=5, initial=25)
    break_minutes = forms.IntegerField(label=_("Break between meetings (minutes)"), min_value=0, initial=5)
    lunch_after = forms.IntegerField(label=_("Lunch break after slot no."), min_value=1, required=False)
    lunch_minutes = forms.IntegerField(label=_("Lunch break (minutes)"), min_value=0, initial=60)
    tables = forms.IntegerField(label=_("Tables"), min_value=1, initial=10)


class ParticipantForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)
    name = forms.CharField(label=_("Organisation"), max_length=200)
    code = forms.CharField(
        label=_("Participant id"),
        max_length=40,
        required=False,
        validators=[validate_participant_code],
        help_text=_("Empty = assigned automatically."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    language = forms.ChoiceField(
        label=_("Language for e-mail"),
        choices=[("", _("The site's language")), *Language.choices],
        required=False,
    )
    needs = forms.CharField(
        label=_("Needs shown at the event (corporates)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    application = forms.CharField(
        label=_("Application / offer (startups)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    max_meetings = forms.IntegerField(label=_("Maximum meetings"), min_value=0, required=False)
    min_meetings = forms.IntegerField(label=_("Minimum meetings"), min_value=0, initial=0, required=False)
    unavailable_slots = forms.ModelMultipleChoiceField(
        label=_("Unavailable slots"),
        queryset=Slot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unavailable_slots"]
        field.queryset = selectors.slots_of(event)
        field.label_from_instance = lambda slot: clock.slot_label(slot, event)


class PublicRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    email = forms.EmailField(label=_("Contact e-mail address"))
    website = WebURLFormField(label=_("Website"), max_length=300, required=False)
    profile = forms.CharField(
        label=_("Company profile"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("What your company does, stage, team."),
    )
    application = forms.CharField(
        label=_("Your offer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("What you offer to the corporates at this event."),
    )


INTEREST_CHOICES = [(0, _("0 — no")), (1, _("1 — low")), (2, _("2 — medium")), (3, _("3 — high"))]


class QuickSelect(forms.Select):
    """A select whose options are joined in Python: with hundreds of participants, Django's
    template per option made this one field most of the requests page's time."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class RequestForm(forms.Form):
    corporate = forms.ModelChoiceField(
        label=_("Corporate"), queryset=Participant.objects.none(), widget=QuickSelect
    )
    startup = forms.ModelChoiceField(
        label=_("Startup"), queryset=Participant.objects.none(), widget=QuickSelect
    )
    corporate_interest = forms.TypedChoiceField(
        label=_("Corporate's interest"), choices=INTEREST_CHOICES, coerce=int, initial=2
    )
    startup_interest = forms.TypedChoiceField(
        label=_("Startup's interest"), choices=INTEREST_CHOICES, coerce=int, initial=2
    )
    weight = forms.FloatField(
        label=_("Weight"), min_value=0, required=False, help_text=_("Empty = sum of both interests.")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = selectors.participants_of(event).filter(withdrawn=False)
        self.fields["corporate"].queryset = people.filter(side=Side.CORPORATE)
        self.fields["startup"].queryset = people.filter(side=Side.STARTUP)


class ImportForm(forms.Form):
    KINDS = [
        ("participants", _("Participants (CSV)")),
        ("requests", _("Meeting requests (CSV)")),
        ("event", _("Whole event (kyoso_event JSON)")),
    ]
    kind = forms.ChoiceField(label=_("What to import"), choices=KINDS)
    file = forms.FileField(label=_("File"))


class RunForm(forms.Form):
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"), min_value=0.5, max_value=MAX_TIME_LIMIT, initial=DEFAULT_TIME_LIMIT
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("meeting", "Outcome"), choices=Outcome.choices, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


STATUS_CHOICES = EventStatus.choices


RATING_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]
NEXT_STEP_CHOICES = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating (1–5)"), choices=RATING_CHOICES, coerce=int, empty_value=None, required=False
    )
    next_step = forms.TypedChoiceField(
        label=_("Wants a next step"),
        choices=NEXT_STEP_CHOICES,
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )


class PortalProfileForm(forms.Form):
    """A participant's own catalogue entry, edited on the portal."""

    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    website = WebURLFormField(label=_("Website"), max_length=300, required=False)
    profile = forms.CharField(
        label=_("Company profile"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000, required=False
    )
    application = forms.CharField(
        label=_("Your offer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000, required=False
    )
    needs = forms.CharField(
        label=_("Needs shown at the event"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )

    def __init__(self, *args: Any, side: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # each side describes itself with its own field: startups their offer, corporates their needs
        del self.fields["needs" if side == Side.STARTUP else "application"]


class EraseParticipantForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Participant's name"),
        max_length=200,
        help_text=_("Type the participant's name as shown to confirm. This cannot be undone."),
    )
