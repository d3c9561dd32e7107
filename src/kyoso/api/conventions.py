"""Conventions every API router follows: pagination, ordering, filtering, conditional GET, errors.

    from ninja import Query, Router
    from ninja.pagination import paginate
    from kyoso.api.conventions import KyosoPagination, ordered, not_modified, errors

    router = Router(tags=["partners"])

    @router.get("/organisations", response={200: list[OrgOut], **errors(400, 422)}, summary="List organisations")
    @paginate(KyosoPagination)
    def list_organisations(request, ordering: str | None = None, q: str | None = None):
        c = caller(request)
        qs = c.scoped(Organisation)
        if q:
            qs = qs.filter(name__icontains=q)
        return ordered(qs, ordering, allowed=["name", "created_at", "updated_at"], default="name")

Pagination (limit/offset): ``?limit=`` 1–200 (default 50), ``?offset=`` ≥ 0; the answer is
``{"items": [...], "count": <total>, "limit": <limit>, "offset": <offset>}``. Order a queryset
before paginating (a stable order: ``ordered`` adds ``pk`` as tie-breaker).

Errors, all JSON: 400 ``{"detail": "..."}`` (e.g. ambiguous workspace, malformed JSON),
401 not authenticated, 403 not allowed (scope/role/CSRF), 404 not found or outside scope,
422 ``{"detail": [{"loc": ["body", "name"], "msg": "...", "type": "..."}]}`` for bad input
(also raised from services as ``DomainError(message, field=...)``), 429 with ``Retry-After``.
Every operation documents them in the OpenAPI document automatically; ``errors(...)`` lets a
route name them explicitly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from kyoso.api.schemas import ErrorOut, ValidationErrorOut

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class KyosoPagination(PaginationBase):
    """limit/offset pagination with the envelope {items, count, limit, offset}."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Page size, 1–{MAX_LIMIT}.")
        offset: int = Field(0, ge=0, le=1_000_000_000, description="Number of items to skip.")

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="Total number of items matching the query.")
        limit: int
        offset: int

    def paginate_queryset(self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any) -> Any:
        offset, limit = pagination.offset, pagination.limit
        return {
            "items": queryset[offset : offset + limit],
            "count": self._items_count(queryset),
            "limit": limit,
            "offset": offset,
        }


class Converted:
    """A queryset whose rows become response dicts only for the page asked for.

    Return `Converted(qs, to_dict)` from a paginated route instead of `[to_dict(r) for r in qs]`:
    the pagination slices it (one LIMIT query) and counts it (one COUNT query), so a page of 50
    no longer converts every row of the table.
    """

    def __init__(self, queryset: QuerySet[Any], convert: Callable[[Any], Any]) -> None:
        self.queryset = queryset
        self.convert = convert

    def __getitem__(self, index: slice) -> list[Any]:
        return [self.convert(row) for row in self.queryset[index]]

    def __len__(self) -> int:
        return self.queryset.count()


def ordered(
    queryset: QuerySet[Any],
    ordering: str | None,
    *,
    allowed: Iterable[str] | Mapping[str, str],
    default: str = "-pk",
    param: str = "ordering",
) -> QuerySet[Any]:
    """Order by a comma-separated ``?ordering=name,-created_at``; unknown fields → 422 naming the parameter.

    allowed: public field names, or a mapping of public name → ORM path.
    """
    mapping = dict(allowed) if isinstance(allowed, Mapping) else {name: name for name in allowed}
    for name in default.split(","):
        mapping.setdefault(name.strip().lstrip("-"), name.strip().lstrip("-"))
    fields: list[str] = []
    for part in (ordering or default).split(","):
        part = part.strip()
        if not part:
            continue
        desc = part.startswith("-")
        name = part.lstrip("-")
        if name not in mapping:
            choices = ", ".join(sorted(mapping))
            raise_validation(["query", param], f"Cannot order by '{name}'; choose from: {choices}.")
        path = mapping.get(name, name)
        fields.append(f"-{path}" if desc else path)
    if "pk" not in {f.lstrip("-") for f in fields} and "id" not in {f.lstrip("-") for f in fields}:
        fields.append("-pk" if fields and fields[0].startswith("-") else "pk")
    return queryset.order_by(*fields)


def raise_validation(loc: list[str | int], msg: str, type_: str = "value_error") -> None:
    """Raise a 422 in the standard ``{"detail": [{"loc", "msg", "type"}]}`` shape."""
    from ninja.errors import ValidationError

    raise ValidationError([{"loc": loc, "msg": msg, "type": type_}])


def etag_for(*parts: Any) -> str:
    """A weak-comparison-safe ETag from anything that identifies a representation (ids, updated_at…)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return quote_etag(digest)


def not_modified(
    request: HttpRequest,
    response: HttpResponse,
    *,
    etag: str | None = None,
    last_modified: datetime | None = None,
) -> HttpResponse | None:
    """Conditional GET on cheap validators, before building the body.

        def get_project(request, project_id: int, response: HttpResponse):
            project = caller(request).get(Project, pk=project_id)
            if (nm := not_modified(request, response, etag=etag_for(project.pk, project.updated_at),
                                   last_modified=project.updated_at)):
                return nm
            return project

    Sets ETag/Last-Modified on `response` (ninja's temporal response) and returns a 304 when the
    client's If-None-Match / If-Modified-Since match. Routes that do nothing still get an ETag
    computed from the body (and 304s) from the API itself.
    """
    if etag is not None:
        response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    if request.method not in {"GET", "HEAD"}:
        return None
    inm = request.headers.get("If-None-Match")
    if inm is not None and etag is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        if "*" in tags or etag in tags:
            return _304(etag, last_modified)
        return None
    ims = request.headers.get("If-Modified-Since")
    if ims and last_modified is not None:
        since = parse_http_date_safe(ims)
        if since is not None and int(last_modified.timestamp()) <= since:
            return _304(etag, last_modified)
    return None


def _304(etag: str | None, last_modified: datetime | None) -> HttpResponse:
    result = HttpResponseNotModified()
    if etag:
        result["ETag"] = etag
    if last_modified is not None:
        result["Last-Modified"] = http_date(last_modified.timestamp())
    return result


ERROR_DESCRIPTIONS = {
    400: "Bad request (malformed JSON, ambiguous workspace: send X-Kyoso-Workspace).",
    401: "Not authenticated: send 'Authorization: Bearer <token>' or log in.",
    403: "Not allowed: the token lacks the scope, the role cannot write, or the CSRF check failed.",
    404: "Not found, or outside the caller's workspace.",
    422: "Invalid input; each error's 'loc' names the field.",
    429: "Rate limit exceeded; see the Retry-After header.",
}


def errors(*codes: int) -> dict[int, Any]:
    """Response entries for the given error codes, to merge into a route's ``response={...}``."""
    return {code: (ValidationErrorOut if code == 422 else ErrorOut) for code in codes}
