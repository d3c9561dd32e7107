"""The API's interactive documentation page (Swagger UI), served from Kyoso's own static files.

Swagger UI is vendored under `api/static/kyoso/vendor/swagger-ui-<version>/` (swagger-ui-dist from
the npm registry, with its licence), so the page works on networks that block public CDNs and runs
under the site-wide Content-Security-Policy: no CDN, no inline script (the settings travel as a JSON
block that `kyoso/api-docs.js` reads). To upgrade: `npm pack swagger-ui-dist@5`, copy
swagger-ui-bundle.js, swagger-ui.css, LICENSE, NOTICE and swagger-ui-bundle.js.LICENSE.txt into a
new versioned folder, and change the folder name in `api/templates/api/swagger.html`.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class SwaggerDocs(Swagger):
    template = "api/swagger.html"
    # Swagger UI would otherwise fetch a validity badge from validator.swagger.io
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": _json(settings), "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)


def _json(value: dict[str, Any]) -> str:
    """JSON safe inside a <script> element: no `</script>` or `<!--` can close it early."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
