"""Sign-up through allauth, and the old sign-in addresses that outside links may still use.

Sign-in, sign-out, password reset and change, e-mail addresses, MFA and sessions are allauth's
views (mounted under /accounts/ in kyoso/urls.py) with Kyoso's templates.
"""

from __future__ import annotations

from typing import Any

from allauth.account.views import LogoutView as AllauthLogoutView
from allauth.account.views import SignupView as AllauthSignupView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from kyoso.accounts.adapter import invited_email


class SignUpView(AllauthSignupView):
    """allauth's sign-up; after the link of a still pending invitation, the address is the invited one
    and counts as proven. Otherwise no password is chosen here: see forms.SignUpForm."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["invited_email"] = invited_email(self.request)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["invited_email"] = invited_email(self.request)
        return context


sign_up = SignUpView.as_view()


def forget_this_device(response: HttpResponse) -> HttpResponse:
    """Tell the browser to drop what this site saved on the device (sign-out, account erasure): a
    participant's agenda kept for offline reading must not stay readable on a shared phone."""
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


class LogOutView(AllauthLogoutView):
    """allauth's sign-out, which also forgets this device's saved pages (`forget_this_device`)."""

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        return forget_this_device(super().post(*args, **kwargs))


log_out = LogOutView.as_view()


def old_password_reset(request: HttpRequest, **_kwargs: str) -> HttpResponse:
    """The password-reset pages moved to /accounts/password/reset/; old bookmarks and mails land there."""
    return redirect("account_reset_password", permanent=True)


def old_sign_up_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Links mailed by the previous sign-up: the new sign-up mails its own confirmation link."""
    return redirect("account_signup")
