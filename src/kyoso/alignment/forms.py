"""The questionnaire form: the seven questions, each with an optional free comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.alignment.models import QUESTIONS, AlignmentAnswer

HELP = {
    "goal_type": _("What should this collaboration achieve in the end?"),
    "first_result_months": _("After how many months do you expect the first tangible result?"),
    "decision_lead_days": _("How many days does your side usually need for a decision of the next step?"),
    "quality_approach": _("How do you reach the quality you need?"),
    "result_owner": _("Who should own the results (IP, data, deliverables)?"),
    "budget_jpy": _("What total budget do you have in mind for this project, in yen?"),
    "success_kpi": _("By which measure will you call this a success?"),
}


class AnswerForm(forms.ModelForm):
    class Meta:
        model = AlignmentAnswer
        fields = list(QUESTIONS)
        widgets = {"success_kpi": forms.TextInput(attrs={"maxlength": 300})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        comments = (self.instance.comments if self.instance and self.instance.pk else {}) or {}
        for question in QUESTIONS:
            field = self.fields[question]
            field.help_text = HELP[question]
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
                field.choices = [("", _("— not answered —")), *list(field.choices)[1:]]
            self.fields[f"{question}_comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=1000,
                initial=comments.get(question, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([name for q in QUESTIONS for name in (q, f"{q}_comment")])

    def answers(self) -> dict[str, Any]:
        return {q: self.cleaned_data.get(q) for q in QUESTIONS}

    def comments(self) -> dict[str, str]:
        return {q: self.cleaned_data.get(f"{q}_comment", "") for q in QUESTIONS}


class RoundForm(forms.Form):
    label = forms.CharField(
        label=_("Occasion"), max_length=200, required=False, help_text=_("e.g. before the PoC gate")
    )
