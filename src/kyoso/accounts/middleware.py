"""Per-request language and current workspace."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from kyoso.accounts.models import Membership

SESSION_WORKSPACE_KEY = "kyoso_workspace_id"


class UserLanguageMiddleware:
    """The user's own language when logged in, else the language cookie, else Japanese.

    Browsers' Accept-Language is ignored on purpose: Kyoso is Japanese first
    and a shared office PC should not flip the UI to English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class CurrentWorkspaceMiddleware:
    """Sets `request.workspace` and `request.membership` from the session (or the first membership)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.workspace = None  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships = Membership.objects.select_related("workspace").filter(user=user)
            wanted = request.session.get(SESSION_WORKSPACE_KEY)
            membership = memberships.filter(workspace_id=wanted).first() if wanted else None
            if membership is None:
                membership = memberships.order_by("workspace__name").first()
            if membership is not None:
                request.workspace = membership.workspace  # type: ignore[attr-defined]
                request.membership = membership  # type: ignore[attr-defined]
        return self.get_response(request)
