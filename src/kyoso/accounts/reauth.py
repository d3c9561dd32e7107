"""Sensitive actions need a recent proof of identity: a sign-in, or re-authentication (the password
or a second factor, allauth's re-authentication pages), within ACCOUNT_REAUTHENTICATION_TIMEOUT.

`sensitive` guards the unsafe methods of a view: without a recent proof the request is held, the
person confirms who they are and the held POST then goes through (allauth's middleware resumes it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.http import HttpRequest, HttpResponse

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def recently_authenticated(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    newest = max((float(r.get("at", 0)) for r in get_authentication_records(request, user)), default=0.0)
    return time.time() - newest < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def require_recent_authentication(request: HttpRequest) -> None:
    """For a view where only some posts are sensitive (e.g. deleting, not pausing)."""
    if not recently_authenticated(request):
        raise ReauthenticationRequired()


def sensitive(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in UNSAFE_METHODS and not recently_authenticated(request):
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    return wrapper
