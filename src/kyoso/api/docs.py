"""The API's interactive documentation page (Swagger UI) and the one wider policy it needs.

django-ninja serves Swagger UI's files from a CDN with an inline start-up script (which carries the
CSRF token, so it cannot be pinned by a hash). The rest of the site allows scripts from itself
only; this page alone also allows the CDN and that inline script. It shows nothing but the API's
own schema. Serving Swagger UI from Kyoso's static files would let it drop both exceptions.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.openapi.docs import Swagger

CDN = "https://cdn.jsdelivr.net"

DOCS_POLICY = {
    "script-src": ["'self'", CDN, "'unsafe-inline'"],
    "style-src": ["'self'", CDN, "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https://django-ninja.dev"],
}


class SwaggerDocs(Swagger):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        response = super().render_page(request, api, **kwargs)
        # read by django-csp's middleware: these directives replace the site-wide ones
        response._csp_replace = DOCS_POLICY
        return response
