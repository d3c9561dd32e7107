"""Per-request language and current workspace."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from kyoso.accounts.models import Membership
from kyoso.sso import entry

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


class WorkspaceMfaMiddleware:
    """A member of a workspace that requires MFA, signed in without it, is sent to enrol.

    Only the pages needed to enrol, to sign out, to switch to another workspace or to change the
    language stay open meanwhile; partner users (no membership) are never held here.
    """

    OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/static/")
    OPEN_NAMES = frozenset({"accounts:workspace_switch", "accounts:set_language", "core:help"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        workspace = getattr(request, "workspace", None)
        if (
            workspace is not None
            and workspace.mfa_required
            and not self._open(request)
            and entry.MFA in entry.unmet_rules(request.session, request.user, workspace)
        ):
            return self._enrol(request)
        return self.get_response(request)

    def _open(self, request: HttpRequest) -> bool:
        if request.path.startswith(self.OPEN_PREFIXES) or request.path == "/healthz":
            return True
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path)
        except Resolver404:
            return False
        return match.view_name in self.OPEN_NAMES

    def _enrol(self, request: HttpRequest) -> HttpResponse:
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        if request.path.startswith("/api/"):
            from django.http import JsonResponse

            return JsonResponse(
                {"detail": _("This workspace requires two-factor authentication. Set it up in Kyoso first.")},
                status=403,
            )
        messages.warning(
            request,
            _("%(workspace)s requires two-factor authentication. Set up an authenticator app to continue.")
            % {"workspace": request.workspace.name},  # type: ignore[attr-defined]
        )
        return redirect("mfa_activate_totp")
