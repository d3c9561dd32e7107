"""After a sign-in through a workspace's identity provider: just-in-time membership and the session mark."""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest

from kyoso.accounts.middleware import SESSION_WORKSPACE_KEY
from kyoso.sso import selectors, services


def on_user_logged_in(
    sender: Any, request: HttpRequest, user: Any, sociallogin: Any = None, **kwargs: Any
) -> None:
    if sociallogin is None:
        return
    sso = selectors.sso_for_provider(sociallogin.account.provider)
    if sso is None:
        return
    membership = services.join_just_in_time(sso=sso, user=user)
    marks = dict(request.session.get(selectors.SESSION_KEY) or {})
    marks[str(sso.workspace_id)] = time.time()
    request.session[selectors.SESSION_KEY] = marks
    if membership is not None:
        request.session[SESSION_WORKSPACE_KEY] = sso.workspace_id


def connect() -> None:
    from allauth.account.signals import user_logged_in

    user_logged_in.connect(on_user_logged_in, dispatch_uid="kyoso.sso.on_user_logged_in")
