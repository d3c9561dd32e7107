"""Forms of the API settings pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.api.models import SCOPE_APPS, TokenKind
from kyoso.api.webhooks import EVENTS
from kyoso.core.safe_urls import WebURLFormField

LEVELS = [("", _("No access")), ("read", _("Read")), ("write", _("Read and write"))]
EXPIRY = [("30", _("30 days")), ("90", _("90 days")), ("365", _("1 year")), ("", _("Never"))]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What uses this token, e.g. 'CRM sync'.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TokenKind.choices, initial=TokenKind.PERSONAL)
    bind_workspace = forms.BooleanField(
        label=_("Only in this workspace"),
        required=False,
        initial=True,
        help_text=_("A service token always works only in this workspace."),
    )
    expires = forms.ChoiceField(label=_("Expires after"), choices=EXPIRY, initial="90", required=False)

    def __init__(self, *args: object, can_create_service: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not can_create_service:
            self.fields["kind"].choices = [(TokenKind.PERSONAL, TokenKind.PERSONAL.label)]
        for app, label in SCOPE_APPS:
            self.fields[f"scope_{app}"] = forms.ChoiceField(label=label, choices=LEVELS, required=False)

    def scopes(self) -> list[str]:
        return [
            f"{app}:{self.cleaned_data[f'scope_{app}']}"
            for app, _label in SCOPE_APPS
            if self.cleaned_data.get(f"scope_{app}")
        ]


class WebhookForm(forms.Form):
    url = WebURLFormField(
        label=_("URL"),
        max_length=500,
        help_text=_("A public https address; private and internal addresses are refused."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), widget=forms.CheckboxSelectMultiple, choices=[], required=True
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from kyoso.api.models import WebhookEvent

        self.fields["events"].choices = [(e, WebhookEvent(e).label) for e in EVENTS]
