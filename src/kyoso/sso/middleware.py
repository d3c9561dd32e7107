"""A workspace whose owner requires SSO is reached only by a session that signed in through its IdP.

The rule is per workspace: a person in two workspaces satisfies each one's rule when entering it.
Sign-in pages, the SSO pages, switching workspace and signing out stay open. The API is not held
here: it applies the same rule (`kyoso.sso.entry`) to the workspace each request names.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from kyoso.sso import entry

OPEN_NAMESPACES = frozenset({"sso", "api"})
OPEN_NAMES = frozenset(
    {
        "accounts:set_language",
        "accounts:workspace_switch",
        "accounts:workspace_create",
        "accounts:inbox",
        "accounts:inbox_accept",
        "accounts:inbox_decline",
        "healthz",
        "core:help",
    }
)


def _is_open(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith((settings.STATIC_URL or "/static/", "/api/")):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return True
    if match.namespace and match.namespaces[0] in OPEN_NAMESPACES:
        return True
    name = f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")
    if name in OPEN_NAMES:
        return True
    # allauth's own sign-in, provider and session pages (not namespaced)
    return name.startswith(
        ("account_", "openid_connect_", "saml_", "socialaccount_", "mfa_", "usersessions_")
    )


class RequireSSOMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        workspace = getattr(request, "workspace", None)
        if workspace is not None and getattr(request, "membership", None) is not None:
            if (
                entry.requires_sso(workspace)
                and entry.SSO in entry.unmet_rules(request.session, request.user, workspace)
                and not _is_open(request)
            ):
                return redirect("sso:enter")
        return self.get_response(request)
