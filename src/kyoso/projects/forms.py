"""Forms of the project pages; services do the validation that needs the database."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kyoso.accounts.models import Language, Workspace
from kyoso.projects import selectors
from kyoso.projects.models import (
    CONTRACT_FIELDS,
    STAGE_ORDER,
    VISIBILITY_CHOICES,
    Channel,
    Contract,
    Decision,
    Disclosure,
    Gate,
    Kpi,
    LogEntry,
    Milestone,
    PartyKind,
    Project,
    ProjectParty,
    Stage,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkspaceForm(forms.ModelForm):  # type: ignore[type-arg]
    user_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.user_fields:
            if name in self.fields:
                self.fields[name].queryset = selectors.members_of(workspace)  # type: ignore[attr-defined]
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE


class ProjectForm(WorkspaceForm):
    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, workspace=workspace, **kwargs)
        staff = selectors.staff_of(workspace, self.instance)
        for name in ("owner", "team"):
            if name in self.fields:
                self.fields[name].queryset = staff  # type: ignore[attr-defined]

    class Meta:
        model = Project
        fields = [
            "title",
            "type",
            "summary",
            "owner",
            "team",
            "business_unit",
            "budget_jpy",
            "status_colour",
            "poc_planned_end",
            "poc_deliverable",
            "internal_note",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "internal_note": forms.Textarea(attrs={"rows": 3}),
            "poc_planned_end": DATE,
        }


SUGGESTIONS = 20  # organisations the autocomplete offers at most
ID_SUFFIX = re.compile(r"#(\d+)\s*$")


def organisation_label(organisation: Any) -> str:
    """What the autocomplete puts in the text box: the name and the id that tells same-named ones apart."""
    return f"{organisation.name} #{organisation.pk}"


class OrganisationInput(forms.TextInput):
    """A text box with htmx autocomplete into a <datalist>; never renders the directory (it may hold 100k rows).

    Typing asks `projects:organisation_suggest` for at most 20 names of the workspace; the browser's own
    datalist popup is keyboard-accessible (arrows, Enter) and announced by screen readers.
    """

    template_name = "projects/organisation_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.queryset: Any = None
        self.labels: dict[str, str] = {}
        self.prefill = 0  # suggestions rendered with the page (the first names A–Z), before any typing

    def __deepcopy__(self, memo: dict[int, Any]) -> OrganisationInput:
        obj = super().__deepcopy__(memo)
        obj.labels = dict(self.labels)
        return obj

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if hasattr(value, "pk"):
            self.labels[str(value.pk)] = organisation_label(value)
            value = value.pk
        key = str(value)
        if not key.isdigit():
            return key  # what the user typed, shown back with the error
        if key not in self.labels and self.queryset is not None:
            org = self.queryset.filter(pk=int(key)).only("pk", "name").first()
            self.labels[key] = organisation_label(org) if org else key
        return self.labels.get(key, key)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-suggestions"
        widget["list_id"] = list_id
        widget["options"] = (
            [organisation_label(o) for o in self.queryset.only("pk", "name")[: self.prefill]]
            if self.prefill and self.queryset is not None
            else []
        )
        widget["suggest_url"] = reverse("projects:organisation_suggest") + "?" + urlencode({"field": name})
        widget["attrs"].update(
            {
                "list": list_id,
                "autocomplete": "off",
                "aria-autocomplete": "list",
                "aria-controls": list_id,
                "hx-get": widget["suggest_url"],
                "hx-trigger": "input changed delay:250ms, focus once",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        return context


class OrganisationField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An organisation of the workspace, typed with autocomplete: `name #id`, the bare id, or a unique name."""

    widget = OrganisationInput
    default_error_messages = {
        "invalid_choice": _(
            "%(field)s: “%(value)s” is not an organisation of this workspace's partner directory. "
            "Type part of its name and choose it from the suggestions."
        ),
        "ambiguous": _(
            "%(field)s: several organisations are called “%(value)s”. Choose one from the suggestions."
        ),
    }

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def _invalid(self, code: str, value: str) -> ValidationError:
        return ValidationError(
            self.error_messages[code], code=code, params={"field": self.label or "", "value": value}
        )

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if hasattr(value, "pk"):
            value = value.pk
        text = str(value).strip()
        if not text:
            return None
        match = ID_SUFFIX.search(text)
        if text.isdigit() or match:
            pk = int(text if text.isdigit() else match.group(1))  # type: ignore[union-attr]
            found = self.queryset.filter(pk=pk).first()
            if found is None:
                raise self._invalid("invalid_choice", text)
            return found
        named = list(self.queryset.filter(name__iexact=text)[:2])
        if not named:
            raise self._invalid("invalid_choice", text)
        if len(named) > 1:
            raise self._invalid("ambiguous", text)
        return named[0]

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        return str(self.prepare_value(initial) or "") != str(new.pk if new is not None else "")


class ProjectCreateForm(ProjectForm):
    organisation = OrganisationField(
        label=_("Partner from the directory"),
        queryset=None,
        required=False,
        help_text=_(
            "Its name, kind and culture fill the partner side. For an organisation not in the directory, "
            "leave this empty and type its name under “Partner organisation”."
        ),
    )
    need = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    partner_name = forms.CharField(label=_("Partner organisation"), max_length=200, required=False)
    partner_kind = forms.ChoiceField(
        label=_("Partner kind"), choices=PartyKind.choices, initial=PartyKind.STARTUP
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[(s.value, s.label) for s in STAGE_ORDER], initial=Stage.EXPLORATION
    )
    stage_entered = forms.DateField(label=_("Stage entered"), required=False, widget=DATE)
    purpose_category = Project._meta.get_field("purpose_category").formfield()
    goal = forms.CharField(label=_("Concrete goal"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    why_partner = forms.CharField(
        label=_("Why a partner (why not in-house)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["title", "organisation", "partner_name", "partner_kind"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen, typed = data.get("organisation"), (data.get("partner_name") or "").strip()
        if chosen is not None and typed and typed.casefold() != chosen.name.casefold():
            self.add_error(
                "partner_name",
                _(
                    "You chose “%(chosen)s” from the directory: leave this empty, or clear the directory "
                    "choice to name an organisation that is not in the directory."
                )
                % {"chosen": chosen.name},
            )
        return data

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, workspace=workspace, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_of(workspace)  # type: ignore[attr-defined]
        self.fields["organisation"].widget.prefill = SUGGESTIONS  # type: ignore[attr-defined]
        self.fields["need"].queryset = selectors.needs_of(workspace)  # type: ignore[attr-defined]


class StageForm(forms.Form):
    """An owner's override of the stage gate; the reason is what the history shows."""

    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    on = forms.DateField(label=_("From"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Reason for the override"),
        required=False,  # the service names it when missing, the same message as the API's
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the stage changes without a gate decision. Shown in the project history."),
    )


class CharterForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Project
        fields = ["purpose_category", "goal", "why_partner"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "why_partner": forms.Textarea(attrs={"rows": 3}),
        }


class BenefitForm(forms.Form):
    metric = forms.CharField(label=_("Metric"), max_length=200)
    target = forms.FloatField(label=_("Target"), required=False)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    by = forms.DateField(label=_("By"), required=False, widget=DATE)


class StakeholderForm(forms.Form):
    name = forms.CharField(label=_("Stakeholder (name or title)"), max_length=150)


class AcknowledgeForm(forms.Form):
    acknowledged_on = forms.DateField(label=_("Acknowledged on"), required=False, widget=DATE)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class SponsorForm(WorkspaceForm):
    user_fields = ("sponsor_user",)

    class Meta:
        model = Project
        fields = ["sponsor_user", "sponsor_name", "sponsor_level", "sponsor_budget_until"]
        widgets = {"sponsor_budget_until": DATE}


class PartyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProjectParty
        fields = [
            "organisation",
            "name",
            "kind",
            "oi_experience_count",
            "company_wide_support",
            "decision_lead_days",
            "quality_approach",
            "risk_appetite",
        ]
        field_classes = {"organisation": OrganisationField}
        help_texts = {
            "organisation": _("Linking an organisation fills the empty fields from the partner directory.")
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_of(workspace)  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.organisation_id:
            # the party row was read with its organisation: label the box without another query
            org = self.instance.organisation
            self.fields["organisation"].widget.labels[str(org.pk)] = organisation_label(org)
        self.fields["name"].required = False  # the service takes it from the organisation or names it missing


class GateForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=[(s.value, s.label) for s in STAGE_ORDER])
    criteria = forms.CharField(
        label=_("Go/no-go criteria (one per line)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    due = forms.DateField(label=_("Decision due"), required=False, widget=DATE)


class CriterionForm(forms.Form):
    text = forms.CharField(label=_("Criterion"), max_length=300)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE)
    extended_to = forms.DateField(label=_("Extended to (for an extension)"), required=False, widget=DATE)
    note = forms.CharField(label=_("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sponsor_signed_off_on = forms.DateField(
        label=_("Sponsor signed off on"),
        required=False,
        widget=DATE,
        help_text=_(
            "When the executive sponsor approved this decision; left empty, it is recorded unsigned."
        ),
    )

    MET = [("", _("Not assessed")), ("yes", _("Met")), ("no", _("Not met"))]

    def __init__(self, *args: Any, gate: Gate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(gate.criteria.all())
        for c in self.criteria:
            self.fields[f"met_{c.pk}"] = forms.ChoiceField(label=c.text, choices=self.MET, required=False)
            self.fields[f"evidence_{c.pk}"] = forms.CharField(
                label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def evidence(self) -> dict[int, tuple[bool | None, str]]:
        out = {}
        for c in self.criteria:
            met = self.cleaned_data.get(f"met_{c.pk}")
            out[c.pk] = (
                {"yes": True, "no": False}.get(met or ""),
                self.cleaned_data.get(f"evidence_{c.pk}") or "",
            )
        return out


class MilestoneForm(WorkspaceForm):
    user_fields = ("owner",)

    class Meta:
        model = Milestone
        fields = ["title", "due", "owner", "owner_name", "visibility"]
        widgets = {"due": DATE}


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)


class KpiForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Kpi
        fields = ["name", "target", "unit", "horizon_months", "higher_is_better", "visibility"]

    # The direction decides whether a measurement "reaches" the target; a ticked-by-default
    # "higher is better" box turned every unnoticed defect-rate KPI into "target reached".
    # So it is an explicit choice without a default (the API keeps its documented default).
    higher_is_better = forms.TypedChoiceField(
        label=_("Which direction is better?"),
        choices=[
            ("True", _("Higher is better (e.g. sales, users)")),
            ("False", _("Lower is better (e.g. defect rate, cost)")),
        ],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether higher or lower values are better for this KPI.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("target", "unit", "horizon_months"):
            self.fields[name].required = False  # the service names what is missing
        if self.instance.pk is None:
            self.initial.pop("higher_is_better", None)  # the model default must not pre-select


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label=_("Measured on"), required=False, widget=DATE)
    value = forms.FloatField(label=_("Value"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class CommPlanForm(WorkspaceForm):
    user_fields = ("comm_corporate_owner",)
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Project
        fields = ["cadence_days", "channels", "comm_corporate_owner", "comm_partner_owner"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class LogEntryForm(forms.ModelForm):  # type: ignore[type-arg]
    attachments = forms.FileField(
        label=_("Attachments"), required=False, widget=MultipleFileInput(attrs={"multiple": True})
    )

    class Meta:
        model = LogEntry
        fields = ["date", "kind", "parties", "attendees", "note", "sponsor_attended", "visibility"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].required = False

    def clean_attachments(self) -> Any:
        return None  # read from request.FILES.getlist in the view


class PartnerLogEntryForm(LogEntryForm):
    class Meta(LogEntryForm.Meta):
        fields = ["date", "kind", "attendees", "note"]


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Visibility"), choices=VISIBILITY_CHOICES, initial="internal")


class PartnerNoteForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


TRI = [("", pgettext_lazy("IP decision point", "Open")), ("true", _("Yes")), ("false", _("No"))]


class ContractForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Contract
        fields = list(CONTRACT_FIELDS)
        widgets = {"signed_on": DATE, "end_date": DATE, "internal_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.NullBooleanField):
                field.widget = forms.Select(choices=TRI)
        self.fields["improvements_grant_back"].choices = [
            ("", pgettext_lazy("IP decision point", "Open"))
        ] + list(self.fields["improvements_grant_back"].choices)[1:]


class DisclosureForm(WorkspaceForm):
    class Meta:
        model = Disclosure
        fields = [
            "disclosed_by",
            "disclosed_on",
            "form",
            "description",
            "contract",
            "marked_confidential",
            "confirmed_in_writing_on",
            "visibility",
        ]
        widgets = {
            "disclosed_on": DATE,
            "confirmed_in_writing_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, workspace=project.workspace, **kwargs)
        self.fields["contract"].queryset = selectors.contracts_of(project)  # type: ignore[attr-defined]
        self.fields["disclosed_on"].required = False


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=VISIBILITY_CHOICES, initial="internal")


class PartnerDocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)


class PartnerInviteForm(forms.Form):
    email = forms.EmailField(label=_("Partner's e-mail address"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=[("", _("Same as mine")), *Language.choices],
        required=False,
    )


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All"))] + list(Stage.choices), required=False
    )
    owner = forms.ChoiceField(label=pgettext_lazy("person in charge", "Owner"), required=False)
    business_unit = forms.ChoiceField(label=_("Business unit"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    partner = forms.CharField(label=_("Partner"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("updated", _("Last updated")),
            ("title", _("Title")),
            ("stage", _("Stage")),
            ("stage_entered", _("Time in stage")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args: Any, workspace: Workspace, units: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kyoso.projects.models import StatusColour

        self.fields["owner"].choices = [("", _("All"))] + [
            (str(u.pk), str(u)) for u in selectors.members_of(workspace)
        ]
        self.fields["business_unit"].choices = [("", _("All"))] + [(u, u) for u in units]
        self.fields["status"].choices = [("", _("All"))] + list(StatusColour.choices)
