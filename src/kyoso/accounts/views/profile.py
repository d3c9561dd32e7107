"""The user's own profile and language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kyoso.accounts import selectors, services
from kyoso.accounts.forms import ProfileForm
from kyoso.core.redirects import safe_next


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, initial={"name": user.name, "language": user.language})  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        services.update_profile(by=user, **form.cleaned_data)  # type: ignore[arg-type]
        translation.activate(form.cleaned_data["language"])
        messages.success(request, _("Profile saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "user_has_mfa": bool(selectors.users_with_mfa([user.pk]))},  # type: ignore[union-attr]
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Language switch: stored on the user when logged in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, "/"))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.update_profile(by=request.user, name=request.user.name, language=language)  # type: ignore[arg-type]
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response
