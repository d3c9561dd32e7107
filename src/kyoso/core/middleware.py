"""Request guards shared by every page and API route."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

# JSON bodies are left to the API's parser (kyoso.core.input_checks), which names the field.
TEXT_BODIES = ("application/x-www-form-urlencoded",)


class RejectNulBytesMiddleware:
    """A NUL byte in the URL, the query or a form body is refused with 400.

    No field of Kyoso's can hold one, and PostgreSQL rejects it deep inside a query, which
    would otherwise surface as a server error instead of a message about the input.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "").lower()
        suspicious = "\x00" in request.path or "%00" in query
        if not suspicious and request.content_type in TEXT_BODIES and len(request.body) < 10_000_000:
            body = request.body
            suspicious = b"\x00" in body or b"%00" in body
        if suspicious:
            return JsonResponse(
                {"detail": [{"loc": ["request"], "msg": "NUL bytes are not allowed."}]}, status=400
            )
        return self.get_response(request)


# A URL with one of these parts is a capability link: whoever holds it sees the page.
SECRET_URL_PARTS = frozenset({"token", "key"})


class PrivatePagesNotStoredMiddleware:
    """Pages for a signed-in person, and pages reached by a secret link, are not stored by browsers
    or proxies (``Cache-Control: no-store, private``).

    On a shared office PC the disk cache and the back button would otherwise show a workspace's
    pages (or an authenticator's secret) to the next person after sign-out. A view that sets its
    own Cache-Control keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        secret_url = match is not None and not SECRET_URL_PARTS.isdisjoint(match.kwargs)
        if secret_url or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
