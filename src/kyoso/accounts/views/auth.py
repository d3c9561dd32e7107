"""Log in, log out, sign up and password reset."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kyoso.accounts import audit, services, throttle
from kyoso.accounts.forms import ChoosePasswordForm, LoginForm, OutboxPasswordResetForm, SignUpForm
from kyoso.accounts.models import AuditAction
from kyoso.core.errors import DomainError
from kyoso.core.redirects import safe_next


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        # the site's one rule for `next` (an empty answer means the default page)
        return safe_next(self.request, "")

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        audit.record(actor=form.get_user(), action=AuditAction.LOGIN, model="accounts.User")
        return response


class LogoutView(auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_sign_up(**form.cleaned_data)
        # the same page whether or not the address has an account: the mail says which
        return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_up_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link: choose the password, then the account and its workspace are created."""
    try:
        signup = services.read_sign_up(token)
    except DomainError as exc:
        return render(request, "accounts/signup_confirm.html", {"error": exc.message}, status=410)
    form = ChoosePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, _workspace = services.confirm_sign_up(token=token, password=form.cleaned_data["password"])
        except DomainError as exc:
            return render(request, "accounts/signup_confirm.html", {"error": exc.message}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Kyoso. Your workspace is ready."))
        return redirect("core:dashboard")
    return render(request, "accounts/signup_confirm.html", {"form": form, "signup": signup})


password_reset = auth_views.PasswordResetView.as_view(
    form_class=OutboxPasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # whoever proved the mailbox is the holder: a lock from someone else's guessing ends now
        throttle.forgive(form.user.get_username())
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
