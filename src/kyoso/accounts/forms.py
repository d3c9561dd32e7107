from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.fields import PasswordField
from allauth.mfa.webauthn.forms import AddWebAuthnForm as AllauthAddWebAuthnForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kyoso.accounts import selectors, services
from kyoso.accounts.adapter import forget_invitation
from kyoso.accounts.models import AuditAction, Language, Role


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form with Kyoso's wording.

    Scripts written for the previous sign-in form post the address as `username`; it still counts.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        data = kwargs.get("data")
        if data is not None and "login" not in data and "username" in data:
            data = data.copy()
            data["login"] = data["username"]
            kwargs["data"] = data
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Stay signed in on this computer")

    def _setup_password_field(self) -> None:
        """allauth drops the password from the sign-in form when the sign-up asks for none; in Kyoso
        the sign-up asks for none because the password is chosen after the confirmation link, and
        signing in is by password."""


class SignUpForm(allauth_forms.SignupForm):
    """Self sign-up: name, e-mail and the workspace to create, and no password.

    Whoever fills in the form need not own the address, so they must not choose the password of the
    account its holder will use: the account gets no password, the mailed confirmation link signs its
    holder in, and choosing the password is the first thing they do (AccountAdapter.post_login). An
    address that already has an account gets the same page and a mail to its holder instead (allauth's
    enumeration prevention).

    Coming from a still pending invitation, the address is the invited one and cannot be changed; it
    counts as proven (the link was mailed there), so the password is chosen here, and no workspace is
    created: the invitation says which one to join.
    """

    name = forms.CharField(label=_("Your name"), max_length=150)
    workspace_name = forms.CharField(
        label=_("Team or organisation"),
        max_length=200,
        help_text=_("For example: 共創デモ株式会社 オープンイノベーション推進室"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.invited_email: str | None = kwargs.pop("invited_email", None)
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        if self.invited_email:
            # shown but disabled: a posted value is ignored and the invited address is kept
            self.fields["email"].disabled = True
            self.fields["email"].initial = self.invited_email
            del self.fields["workspace_name"]
            self.fields["password1"] = PasswordField(
                label=_("Password"),
                autocomplete="new-password",
                help_text=password_validation.password_validators_help_text_html(),
                required=True,
            )
            self.order_fields(["name", "email", "password1"])
        else:
            self.fields.pop("password1", None)
            self.fields.pop("password2", None)
            self.order_fields(["name", "email", "workspace_name"])

    def validate_unique_email(self, value: str) -> str:
        services.release_unconfirmed_claims(value)
        return str(super().validate_unique_email(value))

    def save(self, request: HttpRequest) -> Any:
        with transaction.atomic():
            user = super().save(request)
            workspace_name = self.cleaned_data.get("workspace_name")
            if user is not None and workspace_name:
                services.create_workspace(name=workspace_name, by=user)
        # the invitation has done its part for the sign-up; joining goes by the link again
        forget_invitation(request)
        return user


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """Password reset mailed only to an account that holds the address (selectors.holders_of_address)."""

    def clean_email(self) -> str:
        email = str(super().clean_email())
        self.users = selectors.holders_of_address(self.users, email)
        return email


class AddWebAuthnForm(AllauthAddWebAuthnForm):
    """allauth's form for adding a security key or passkey, with Kyoso's labels in both languages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the key")
        self.fields["name"].help_text = _("For example: the laptop's fingerprint reader, or a USB key.")
        if "passwordless" in self.fields:
            self.fields["passwordless"].help_text = _(
                "Lets you sign in with this key alone, without the password. The key then asks for "
                "your fingerprint, face or PIN (biometric authentication)."
            )


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Workspace name"), max_length=200)


class MfaPolicyForm(forms.Form):
    mfa_required = forms.BooleanField(
        label=_("Members must use two-factor authentication"),
        required=False,
        help_text=_(
            "A member without an authenticator app or security key is sent to set one up before "
            "opening this workspace. Partner users are not affected; they can turn it on for themselves. "
            "Members who sign in through this workspace's single sign-on are not asked: the identity "
            "provider is responsible for the second factor."
        ),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=[("", _("Same as mine")), *Language.choices],
        required=False,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditAction.choices]
    )
    user = forms.CharField(label=_("User e-mail"), required=False)
    model = forms.CharField(label=_("Record type"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class EraseAccountForm(forms.Form):
    """Erasing one's own account: the password proves it is the person, not a borrowed session."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Enter your password to confirm. This cannot be undone."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."))
        return password


class EraseWorkspaceForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Workspace name"),
        max_length=200,
        help_text=_("Type the workspace's name to confirm. Every record and file in it is deleted for good."),
    )


class PersonExportForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        help_text=_("A member, a contact person in the partner directory or an event participant."),
    )
