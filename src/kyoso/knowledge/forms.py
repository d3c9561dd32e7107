"""Forms: a retrospective with six cause weights, the partner's view, library filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.knowledge.causes import CAUSE_LABELS, CAUSES, COUNTERMEASURES
from kyoso.knowledge.models import Outcome, PartnerKind, StageReached

WEIGHT_CHOICES = [
    ("0", _("Not a cause")),
    ("1", _("1 — contributed")),
    ("2", _("2 — important")),
    ("3", _("3 — main cause")),
]


class CauseWeightsMixin:
    """Six `cause_<id>` selects (0–3) and `causes()` returning {cause: weight}."""

    def add_cause_fields(self, initial: dict[str, int] | None = None) -> None:
        initial = initial or {}
        fields: Any = self.fields  # type: ignore[attr-defined]
        for cause in CAUSES:
            fields[f"cause_{cause}"] = forms.ChoiceField(
                label=CAUSE_LABELS[cause],
                choices=WEIGHT_CHOICES,
                required=False,
                initial=str(initial.get(cause, 0)),
                help_text=COUNTERMEASURES[cause],
            )

    def causes(self) -> dict[str, str]:
        data: Any = self.cleaned_data  # type: ignore[attr-defined]
        return {cause: data.get(f"cause_{cause}") or "0" for cause in CAUSES}

    def cause_fields(self) -> list[Any]:
        return [self[f"cause_{c}"] for c in CAUSES]  # type: ignore[index]

    def text_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("cause_")]  # type: ignore[attr-defined,index]


class RetrospectiveForm(CauseWeightsMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    headline = forms.CharField(label=_("The lesson in one line"), max_length=200)
    what_worked = forms.CharField(
        label=_("What worked"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    what_failed = forms.CharField(
        label=_("What failed"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lessons = forms.CharField(label=_("Lessons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    countermeasure = forms.CharField(
        label=_("Countermeasure that would have helped"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    written_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    industry = forms.CharField(label=_("Industry"), max_length=100, required=False)
    partner_kind = forms.ChoiceField(
        label=_("Partner kind"), choices=[("", "—"), *PartnerKind.choices], required=False
    )
    stage_reached = forms.ChoiceField(
        label=_("Stage reached"), choices=[("", "—"), *StageReached.choices], required=False
    )

    def __init__(self, *args: Any, causes: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_cause_fields(causes)


class PartnerViewForm(CauseWeightsMixin, forms.Form):
    what_worked = forms.CharField(
        label=_("What worked"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    what_failed = forms.CharField(
        label=_("What failed"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lessons = forms.CharField(label=_("Lessons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    share_agreed = forms.BooleanField(
        label=_("We agree to exchange our view with the corporate's retrospective"),
        required=False,
        help_text=_("Each side sees the other's view only when both sides agreed."),
    )

    def __init__(self, *args: Any, causes: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_cause_fields(causes)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
