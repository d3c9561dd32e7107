"""Forms of the partner directory; lists (industries, technologies, tags) are typed as `a; b; c`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.partners.models import (
    ChecklistItem,
    Contact,
    Need,
    Offer,
    Organisation,
    OrganisationKind,
    Stage,
    YesNoUnknown,
)


class ListField(forms.CharField):
    """A `;`-separated list shown as one text box."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separate items with ;"))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "; ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [item.strip() for item in text.replace("；", ";").split(";") if item.strip()]


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    industries = ListField(label=_("industries"))
    technologies = ListField(label=_("technologies"))
    tags = ListField(label=_("tags"))

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "description",
            "industries",
            "technologies",
            "website",
            "country",
            "founded",
            "employees",
            "stage",
            "oi_experience_count",
            "oi_experience_text",
            "company_wide_support",
            "decision_lead_days",
            "quality_approach",
            "risk_appetite",
            "tags",
            "internal_notes",
            "is_own",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "oi_experience_text": forms.Textarea(attrs={"rows": 2}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "decision_lead_days": _(
                "How long a decision such as starting a PoC takes there (稟議 included)."
            ),
            "internal_notes": _("Only members of this workspace see these notes; partners never do."),
        }


class ContactForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone", "note"]


class NeedForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Need
        fields = [
            "title",
            "organisation",
            "description",
            "why",
            "desired_traits",
            "goal_type",
            "budget_min_jpy",
            "budget_max_jpy",
            "timeline",
            "first_result_months",
            "decision_lead_days",
            "quality_approach",
            "risk_appetite",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "why": forms.Textarea(attrs={"rows": 2}),
            "desired_traits": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = (  # type: ignore[attr-defined]
            organisations.filter(kind__in=[OrganisationKind.CORPORATE, OrganisationKind.PUBLIC]).order_by(
                "name"
            )
            if organisations is not None
            else Organisation.objects.none()
        )


class OfferForm(forms.ModelForm):  # type: ignore[type-arg]
    technologies = ListField(label=_("technologies"))

    class Meta:
        model = Offer
        fields = ["title", "description", "technologies", "goal_type", "first_result_months", "budget_jpy"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ChecklistForm(forms.Form):
    answer = forms.ChoiceField(label=_("answer"), choices=YesNoUnknown.choices)
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    answered_on = forms.DateField(
        label=_("date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Header row first. Columns: name, kind, description, industries, technologies, website, country, "
            "founded, employees, stage, decision_lead_days, quality_approach (name and kind are required; "
            "separate list items with ;)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _choices(blank: str, choices: Any) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=_choices(_("All kinds"), OrganisationKind.choices)
    )
    industry = forms.CharField(label=_("industry"), required=False)
    stage = forms.ChoiceField(
        label=_("stage"), required=False, choices=_choices(_("All stages"), Stage.choices)
    )
    country = forms.CharField(label=_("country"), required=False)
    checklist = forms.ChoiceField(
        label=_("checklist"),
        required=False,
        choices=_choices(_("Any checklist state"), list(ChecklistItem.choices)),
        help_text=_("Only organisations with a yes on this question."),
    )


class PartnerSearchForm(DirectoryFilterForm):
    hide_engaged = forms.BooleanField(
        label=_("Hide partners already engaged"),
        required=False,
        help_text=_("Leave out organisations that are a party of an active project."),
    )
    weak = forms.BooleanField(label=_("Show weakly related organisations"), required=False)
