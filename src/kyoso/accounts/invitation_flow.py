"""The one flow behind every invitation link (workspace, partner shared space, event participant page).

GET shows the invitation page. POST joins as the person already logged in, or creates the account
from the invitation's e-mail address and logs it in; then `accept(user)` records what the link
grants. A `DomainError` from `accept` means the link is no longer usable (410).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kyoso.accounts.forms import AcceptSignUpForm
from kyoso.accounts.models import User
from kyoso.core.errors import DomainError


def accept_with_account(
    request: HttpRequest,
    *,
    invitation: Any,
    template: str,
    accept: Callable[[User], HttpResponse],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    existing = User.objects.filter(email__iexact=invitation.email).first()
    form = AcceptSignUpForm(request.POST or None)
    page = {"invitation": invitation, "form": form, "existing": existing, **(context or {})}
    if request.method != "POST":
        return render(request, template, page)
    if request.user.is_authenticated:
        user = request.user
    elif existing is None and form.is_valid():
        user = User.objects.create_user(
            invitation.email, form.cleaned_data["password"], name=form.cleaned_data["name"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    else:
        return render(request, template, page, status=400 if existing is None else 200)
    try:
        return accept(user)  # type: ignore[arg-type]
    except DomainError as exc:
        return render(request, "accounts/invitation_invalid.html", {"message": exc.message}, status=410)
