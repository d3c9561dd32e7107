"""Branded error pages: what happened and where to go next, in the user's language.

The 4xx pages use the site layout. The 500 page is a standalone template rendered without the
request's context processors and without database access: when the server failed, the workspace
lookup, the menu or the database may be what broke. A 4xx page whose layout fails to render falls
back to the same standalone page with its own status.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _back(request: HttpRequest) -> str:
    """The page the visitor came from, when it is on this site and is not this page (headers only)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # a disallowed Host header is itself a reason for a 400
        return ""
    if not url_has_allowed_host_and_scheme(referer, allowed_hosts={host}):
        return ""
    target = urlsplit(referer)
    return "" if target.path == request.path else referer


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message, "back": _back(request)}
    try:
        html = loader.render_to_string("core/error.html", context, request=request)
    except Exception:
        logger.exception("the layout of the %s page failed; showing the standalone page", status)
        return _standalone(request, status, title, message)
    return HttpResponse(html, status=status)


def _standalone(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    # no request handed to the template: no context processors run, so it needs nothing that may be broken
    html = loader.get_template("core/error_standalone.html").render(
        {"status": status, "title": title, "message": message, "back": _back(request)}
    )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("The request could not be understood"),
        _("Something in the request was malformed or incomplete. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("You do not have access to this page"),
        _(
            "Your account is not allowed to open this page. If you think you should be, ask an owner "
            "of the workspace."
        ),
    )


def forbidden_with_reason(request: HttpRequest, message: str) -> HttpResponse:
    """The 403 page with the reason the role check gives (a viewer cannot write, only owners may ...)."""
    return _page(request, 403, _("You do not have access to this page"), message)


# Paths of the JSON API: a client there reads JSON errors, also for a path no route matches.
API_PREFIX = "/api/v1/"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path_info.startswith(API_PREFIX):
        # the same body the API's own 404s have (kyoso.api.core)
        return JsonResponse({"detail": "Not found."}, status=404)
    return _page(
        request,
        404,
        _("Page not found"),
        _("This page does not exist, has been deleted, or is not shared with you. Check the address."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _standalone(
        request,
        500,
        _("Something went wrong on our side"),
        _(
            "The page could not be shown because of an error in Kyoso. It has been logged. "
            "Try again in a moment; if it keeps happening, tell your administrator."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("The form has expired"),
        _(
            "For your security the form could not be sent: the page was open too long, you logged in "
            "or out in another tab, or your browser blocks cookies for this site. Go back, reload the "
            "page and send the form again."
        ),
    )


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Sign-in, sign-up and password-reset rate limits (allauth calls the URLconf's handler429)."""
    return _page(
        request,
        429,
        _("Too many attempts"),
        _(
            "Too many requests came from your network or for this account in a short time. Wait a few minutes and try again."
        ),
    )
