from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kyoso.accounts.models import AuditAction, Language, Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is wrong. Both are case-sensitive."),
        "inactive": _("This account is inactive."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class SignUpForm(forms.Form):
    """The password is chosen behind the mailed link (ChoosePasswordForm), once the address is proven."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    workspace_name = forms.CharField(
        label=_("Team or organisation"),
        max_length=200,
        help_text=_("For example: 共創デモ株式会社 オープンイノベーション推進室"),
    )


class ChoosePasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        password_validation.validate_password(password)
        return password


class AcceptSignUpForm(forms.Form):
    """Account creation from an invitation link: the e-mail comes from the invitation.

    The address is shown but disabled, so a posted value is ignored (Django keeps the initial one).
    """

    email = forms.EmailField(label=_("E-mail address"), disabled=True, required=False)
    name = forms.CharField(label=_("Your name"), max_length=150)
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        password_validation.validate_password(password)
        return password


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Workspace name"), max_length=200)


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


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail written in the account's language and sent through
    the outbox like every other e-mail."""

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,  # type: ignore[type-arg]
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from kyoso.outbox import services as outbox

        user = context["user"]
        language = user.language or "ja"
        with translation.override(language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        outbox.send_one(
            workspace=None,
            kind="password_reset",
            key=f"password_reset:{user.pk}:{context['token']}",
            to_email=to_email,
            language=language,
            subject=subject,
            body=body,
        )


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
