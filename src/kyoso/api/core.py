"""The one NinjaAPI instance, its error answers, and the registry that mounts every app's router.

Each app's router lives in ``kyoso/api/<app>.py`` and exposes ``router = Router(...)``. It is
mounted at ``/api/v1/<app>/`` (override with a module-level ``PREFIX = "name"``), tagged with the
app's name (override with ``TAG``), and its token scope is ``<app>:read`` / ``<app>:write``
(override with ``SCOPE = "app"`` naming one of ``kyoso.api.models.SCOPE_APPS``). The router
modules are imported plainly, so a broken router breaks startup instead of going missing.
"""

from __future__ import annotations

import hashlib
import logging
from types import ModuleType
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    ObjectDoesNotExist,
    PermissionDenied,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from kyoso.api import alignment, events, knowledge, partners, projects, reports, risk
from kyoso.api.auth import PREFIX_SCOPES, ApiError, api_auth
from kyoso.api.conventions import ERROR_DESCRIPTIONS
from kyoso.api.docs import SwaggerDocs
from kyoso.api.routes import audit, diagnosis, me, privacy, tokens, workspaces
from kyoso.api.routes import search as search_routes
from kyoso.api.routes import webhooks as webhook_routes
from kyoso.core import input_checks, limits
from kyoso.core.errors import DomainError
from kyoso.core.imports import ImportRejected
from kyoso.core.limits import LimitReached
from kyoso.engine.diagnosis.snapshot import SnapshotError

logger = logging.getLogger(__name__)

# The app routers (modules under kyoso.api). Prefix, tag and scope default to the module's name.
APP_ROUTERS: list[ModuleType] = [partners, projects, alignment, risk, events, knowledge, reports]
# The core routers, always present: (module, prefix, scope app or None for "any authenticated caller").
CORE_ROUTERS: list[tuple[ModuleType, str, str | None]] = [
    (me, "me", None),
    (workspaces, "workspace", "workspace"),
    (audit, "audit", "workspace"),
    (tokens, "tokens", "tokens"),
    (webhook_routes, "webhooks", "webhooks"),
    (diagnosis, "diagnosis", "diagnosis"),
    (search_routes, "search", None),
    (privacy, "privacy", "workspace"),
]

DESCRIPTION = """
The Kyoso JSON API: everything a user can do in the browser, scriptable.

**Auth.** `Authorization: Bearer kyoso_…` with a personal access token or a workspace service
token (create them under *Settings → API*), or the browser session (unsafe methods then need the
`X-CSRFToken` header). A personal token of someone in several workspaces picks one with
`X-Kyoso-Workspace: <slug>`. Tokens carry scopes per app: `<app>:read` for GET, `<app>:write`
for changes. Anonymous callers get 401 everywhere except this document and the docs page.

**Lists** take `limit` (1–200, default 50) and `offset`, and answer
`{"items": [...], "count": n, "limit": l, "offset": o}`; many take `ordering` (e.g. `-updated_at`).

**Conditional GET.** Responses carry an `ETag`; send it back in `If-None-Match` to get 304.

**Errors** are JSON: `{"detail": "message"}`, or for bad input (422)
`{"detail": [{"loc": ["body", "field"], "msg": "...", "type": "..."}]}`. Records outside your
workspace are 404. Rate limits answer 429 with `Retry-After`; the limits on invitations per
workspace and hour also name themselves: `{"detail": "...", "limit": {"setting":
"KYOSO_INVITATIONS_PER_HOUR", "max": 50, "per_seconds": 3600}}`.

**Webhooks** are signed: `X-Kyoso-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
"""


class StrictJSONParser(Parser):
    """Bodies with NaN/Infinity, over-long integers, NUL or lone surrogates never reach a route.

    Ninja turns any parser exception into a 400; `on_http` answers the JsonInputError behind it
    as a 422 naming each bad value's place in the body.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        return input_checks.loads(request.body)


class StrictJSONRenderer(JSONRenderer):
    """Standard JSON only: a non-finite number is a server error, never `NaN` in a response."""

    json_dumps_params = {"allow_nan": False}


class KyosoAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if request.method in {"GET", "HEAD"} and response.status_code == 200:
            etag = response.get("ETag")
            if not etag:
                etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
                response["ETag"] = etag
            inm = request.headers.get("If-None-Match")
            if inm and etag in {t.strip().removeprefix("W/") for t in inm.split(",")}:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                return not_modified
        return response

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        _document_errors(schema)
        return schema


def _document_errors(schema: Any) -> None:
    """Every operation documents the error answers it can give (the router may name more)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(
        "ErrorOut",
        {
            "title": "ErrorOut",
            "type": "object",
            "properties": {"detail": {"type": "string", "title": "Detail"}},
            "required": ["detail"],
        },
    )
    components.setdefault(
        "ErrorItem",
        {
            "title": "ErrorItem",
            "type": "object",
            "properties": {
                "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                "msg": {"type": "string"},
                "type": {"type": "string"},
            },
            "required": ["loc", "msg"],
        },
    )
    components.setdefault(
        "ValidationErrorOut",
        {
            "title": "ValidationErrorOut",
            "type": "object",
            "properties": {"detail": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorItem"}}},
            "required": ["detail"],
        },
    )
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            codes = [400, 401, 403, 404, 429]
            has_input = bool(operation.get("parameters")) or "requestBody" in operation
            if has_input:
                codes.append(422)
            for code in codes:
                if str(code) in responses or code in responses:
                    continue
                ref = "ValidationErrorOut" if code == 422 else "ErrorOut"
                responses[str(code)] = {
                    "description": ERROR_DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
                }


def _clean_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for error in errors:
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", [])]
        cleaned.append(
            {"loc": loc, "msg": str(error.get("msg", "")), "type": str(error.get("type", "value_error"))}
        )
    return cleaned


def import_error_detail(exc: ImportRejected) -> list[dict[str, Any]]:
    """One 422 entry per bad row: loc ["body", "file", row, column] (row 0 = the whole file)."""
    detail = []
    for error in exc.errors:
        loc: list[str | int] = ["body", "file"]
        if error.row:
            loc.append(error.row)
            if error.column:
                loc.append(error.column)
        detail.append({"loc": loc, "msg": str(error), "type": "import_error"})
    return detail


def _snapshot_error_loc(path: str) -> list[str | int]:
    """ "project.gates[2].date" → ["body", "project", "gates", 2, "date"]."""
    import re

    loc: list[str | int] = ["body"]
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path or ""):
        loc.append(int(index) if index else name)
    return loc


def install_error_handlers(api: NinjaAPI) -> None:
    def json_error(
        request: HttpRequest, status: int, detail: Any, headers: dict[str, str] | None = None
    ) -> HttpResponse:
        response = api.create_response(request, {"detail": detail}, status=status)
        for key, value in (headers or {}).items():
            response[key] = value
        return response

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return json_error(request, exc.status, exc.message, exc.headers)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return json_error(request, 422, _clean_errors(exc.errors))

    def on_domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        if isinstance(exc, LimitReached):
            # a limit on outgoing mail (kyoso.core.limits): the body names it, Retry-After says when
            response = api.create_response(
                request,
                {
                    "detail": exc.message,
                    "limit": {"setting": exc.setting, "max": exc.limit, "per_seconds": limits.HOUR},
                },
                status=429,
            )
            response["Retry-After"] = str(exc.retry_after)
            return response
        if isinstance(exc, ImportRejected):
            return json_error(request, 422, import_error_detail(exc))
        loc = ["body", exc.field] if exc.field else ["body"]
        return json_error(request, 422, [{"loc": loc, "msg": exc.message, "type": "domain_error"}])

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return json_error(
            request,
            401,
            "Authentication required: send 'Authorization: Bearer <token>' or log in.",
            {"WWW-Authenticate": 'Bearer realm="kyoso"'},
        )

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, input_checks.JsonInputError):
            return json_error(request, 422, exc.__cause__.detail)
        return json_error(request, exc.status_code, exc.message)

    def on_model_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        # full_clean() in a service: one 422 entry per field, like the schema's own errors
        if hasattr(exc, "error_dict"):
            detail = [
                {
                    "loc": ["body", field] if field != NON_FIELD_ERRORS else ["body"],
                    "msg": msg,
                    "type": "value_error",
                }
                for field, messages in exc.message_dict.items()
                for msg in messages
            ]
        else:
            detail = [{"loc": ["body"], "msg": msg, "type": "value_error"} for msg in exc.messages]
        return json_error(request, 422, detail)

    def on_404(request: HttpRequest, exc: Exception) -> HttpResponse:
        return json_error(request, 404, "Not found.")

    def on_403(request: HttpRequest, exc: Exception) -> HttpResponse:
        return json_error(request, 403, str(exc) or "Not allowed.")

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(DomainError, on_domain)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(HttpError, on_http)
    api.add_exception_handler(DjangoValidationError, on_model_validation)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(ObjectDoesNotExist, on_404)
    api.add_exception_handler(PermissionDenied, on_403)

    def on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # e.g. an id beyond the database's integer range: no such record
        return json_error(request, 404, "Not found.")

    api.add_exception_handler(OverflowError, on_overflow)

    def on_snapshot(request: HttpRequest, exc: SnapshotError) -> HttpResponse:
        return json_error(
            request,
            422,
            [{"loc": _snapshot_error_loc(exc.path), "msg": exc.message, "type": "snapshot_error"}],
        )

    api.add_exception_handler(SnapshotError, on_snapshot)


def mount_routers(api: NinjaAPI) -> list[str]:
    """Mount the core routers and every app router. Returns the mounted prefixes."""
    mounted: list[str] = []
    for module, prefix, scope in CORE_ROUTERS:
        api.add_router(f"/{prefix}", module.router, tags=[getattr(module, "TAG", prefix)])
        PREFIX_SCOPES[prefix] = scope
        mounted.append(prefix)
    for module in APP_ROUTERS:
        name = module.__name__.rsplit(".", 1)[-1]
        router = getattr(module, "router", None)
        if router is None:
            raise ImproperlyConfigured(f"{module.__name__} defines no `router`")
        prefix = getattr(module, "PREFIX", name).strip("/")
        api.add_router(f"/{prefix}", router, tags=[getattr(module, "TAG", name)])
        PREFIX_SCOPES[prefix] = getattr(module, "SCOPE", name)
        mounted.append(prefix)
    return mounted


def build_api() -> KyosoAPI:
    api = KyosoAPI(
        title="Kyoso API",
        version="1",
        description=DESCRIPTION,
        auth=api_auth(),
        urls_namespace="api",
        docs_url="/docs",
        docs=SwaggerDocs(),
        openapi_url="/openapi.json",
        parser=StrictJSONParser(),
        renderer=StrictJSONRenderer(),
    )
    install_error_handlers(api)
    mount_routers(api)
    return api


api = build_api()
