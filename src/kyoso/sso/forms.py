from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.core.safe_urls import WebURLFormField
from kyoso.sso.models import JIT_ROLES


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Work e-mail address"), max_length=254)


class _RulesForm(forms.Form):
    enabled = forms.BooleanField(label=_("Switch SSO on"), required=False)
    require_sso = forms.BooleanField(
        label=_("Members must sign in through the identity provider"),
        required=False,
        help_text=_(
            "Password sign-in then no longer opens this workspace for its members; partner users are not affected."
        ),
    )
    jit_enabled = forms.BooleanField(
        label=_("Add people from verified domains on their first sign-in"), required=False
    )
    jit_role = forms.ChoiceField(label=_("Role for people added on first sign-in"), choices=JIT_ROLES)


class OIDCForm(_RulesForm):
    oidc_issuer = WebURLFormField(
        label=_("Issuer URL"),
        help_text=_(
            "For example https://login.microsoftonline.com/<tenant ID>/v2.0 or https://accounts.google.com"
        ),
    )
    oidc_client_id = forms.CharField(label=_("Client ID"), max_length=255)
    oidc_client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the stored secret."),
    )

    field_order = [
        "oidc_issuer",
        "oidc_client_id",
        "oidc_client_secret",
        "enabled",
        "require_sso",
        "jit_enabled",
        "jit_role",
    ]


class SAMLForm(_RulesForm):
    saml_metadata_url = WebURLFormField(label=_("IdP metadata URL"), required=False)
    saml_metadata_xml = forms.CharField(
        label=_("…or the IdP metadata XML"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Leave both empty to keep the metadata already read."),
    )

    field_order = [
        "saml_metadata_url",
        "saml_metadata_xml",
        "enabled",
        "require_sso",
        "jit_enabled",
        "jit_role",
    ]


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("E-mail domain"), max_length=253, help_text=_("For example example.co.jp")
    )
