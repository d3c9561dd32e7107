"""Forms of the project pages; services do the validation that needs the database."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kyoso.accounts.models import User, Workspace
from kyoso.projects.models import (
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


def members_of(workspace: Workspace) -> Any:
    return User.objects.filter(memberships__workspace=workspace, is_active=True).order_by("name", "email")


class WorkspaceForm(forms.ModelForm):  # type: ignore[type-arg]
    user_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.user_fields:
            if name in self.fields:
                self.fields[name].queryset = members_of(workspace)  # type: ignore[attr-defined]
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE


class ProjectForm(WorkspaceForm):
    user_fields = ("owner", "team")

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


def organisations_of(workspace: Workspace) -> Any:
    """The workspace's partner directory (the form only offers organisations of the same workspace)."""
    from kyoso.partners.models import Organisation

    return Organisation.objects.filter(workspace=workspace).order_by("name", "id")


class ProjectCreateForm(ProjectForm):
    organisation = forms.ModelChoiceField(
        label=_("Partner from the directory"),
        queryset=None,
        required=False,
        help_text=_("Its name, kind and culture fill the partner side; you can still type a name instead."),
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

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, workspace=workspace, **kwargs)
        from kyoso.partners.models import Need

        self.fields["organisation"].queryset = organisations_of(workspace)  # type: ignore[attr-defined]
        self.fields["need"].queryset = Need.objects.filter(workspace=workspace)  # type: ignore[attr-defined]


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    on = forms.DateField(label=_("From"), required=False, widget=DATE)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


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
        help_texts = {
            "organisation": _("Linking an organisation fills the empty fields from the partner directory.")
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_of(workspace)  # type: ignore[attr-defined]
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("target", "unit", "horizon_months"):
            self.fields[name].required = False  # the service names what is missing


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
        fields = [
            "kind",
            "status",
            "title",
            "counterparty",
            "signed_on",
            "visibility",
            "foreground_ip_owner",
            "co_owner_consent_to_license",
            "background_ip_listed",
            "license_scope",
            "exclusive",
            "exclusivity_field",
            "exclusivity_months",
            "publication",
            "fee_jpy",
            "purpose_limited",
            "mutual",
            "oral_disclosures_covered",
            "confidential_months_after_end",
            "decision_deadline_days",
            "deliverable",
            "end_date",
            "improvements_grant_back",
            "non_compete_months_after_end",
            "free_license_to_corporate",
            "internal_note",
        ]
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
        self.fields["contract"].queryset = Contract.objects.filter(project=project)  # type: ignore[attr-defined]
        self.fields["disclosed_on"].required = False


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=VISIBILITY_CHOICES, initial="internal")


class PartnerDocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)


class PartnerInviteForm(forms.Form):
    email = forms.EmailField(label=_("Partner's e-mail address"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All"))] + list(Stage.choices), required=False
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
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

        self.fields["owner"].choices = [("", _("All"))] + [(str(u.pk), str(u)) for u in members_of(workspace)]
        self.fields["business_unit"].choices = [("", _("All"))] + [(u, u) for u in units]
        self.fields["status"].choices = [("", _("All"))] + list(StatusColour.choices)
