"""The one check for "go back to" addresses that come from the request (`next`, the referrer).

Every view that redirects to a user-supplied address calls `safe_next` (or `safe_target`), so no
form can be turned into an open redirect: the target must pass Django's
`url_has_allowed_host_and_scheme` (this host only; https only when the request is secure) and
be a path on this site (``/…``, not ``//host`` or ``/\\host``). Anything else lands on the fallback.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_target(request: HttpRequest, target: str | None, fallback: str) -> str:
    """`target` when it is a path on this site, else `fallback`."""
    target = (target or "").strip()
    if (
        not target.startswith("/")
        # decoded too: a proxy or a later redirect may decode "/%2F/host" into "//host"
        or any(form.startswith(("//", "/\\")) for form in (target, unquote(target)))
        or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return fallback
    return target


def safe_next(request: HttpRequest, fallback: str, *, param: str = "next") -> str:
    """The request's `next` (POST first, then the query string) if safe, else `fallback`."""
    return safe_target(request, request.POST.get(param) or request.GET.get(param), fallback)
