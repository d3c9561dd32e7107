"""The one flow behind every invitation link (workspace, partner shared space, event participant page).

GET shows the invitation page. POST joins as the person already logged in; someone without an
account is sent to the sign-up (allauth) with the invited address fixed and counted as proven (they
hold the link mailed to it), comes back signed in and joins. `accept(user)` records what the link
grants. A `DomainError` from `accept` means the link is no longer usable (410).

A link is bound to the address it was sent to: holding it is not enough, because links get forwarded,
pasted into chats and read over shoulders. An account with another address sees which address was
invited and can log out to continue as that one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kyoso.accounts.adapter import forget_invitation, remember_invitation
from kyoso.accounts.models import User, hash_token
from kyoso.core.errors import DomainError


def same_address(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def invitation_unusable(
    request: HttpRequest, exc: DomainError, *, model: type[Model], token: str | None = None
) -> HttpResponse:
    """An unknown link is not found (404); a used, expired, declined, replaced or withdrawn one is gone
    (410). Without a token the invitation was found in the account's own list: it is known."""
    known = token is None or model._default_manager.filter(token_hash=hash_token(token)).exists()
    return _invalid_page(request, exc, status=410 if known else 404)


def _invalid_page(request: HttpRequest, exc: DomainError, *, status: int) -> HttpResponse:
    return render(request, "accounts/invitation_invalid.html", {"message": exc.message}, status=status)


def accept_with_account(
    request: HttpRequest,
    *,
    invitation: Any,
    template: str,
    accept: Callable[[User], HttpResponse],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.user.is_authenticated and not same_address(request.user.email, invitation.email):
        return render(
            request, "accounts/invitation_wrong_account.html", {"invitation": invitation}, status=403
        )
    existing = User.objects.filter(email__iexact=invitation.email.strip()).first()
    page = {"invitation": invitation, "existing": existing, **(context or {})}
    if request.method != "POST":
        return render(request, template, page)
    if request.user.is_authenticated:
        user = request.user
    elif existing is None:
        # sign up with the invited address; the sign-up sends the new account back here to join
        remember_invitation(request, invitation)
        return redirect(f"{reverse('account_signup')}?{urlencode({'next': request.path})}")
    else:
        return render(request, template, page)
    forget_invitation(request)
    try:
        return accept(user)
    except DomainError as exc:
        # the link was found when the page opened; it was used, replaced or withdrawn since
        return _invalid_page(request, exc, status=410)
