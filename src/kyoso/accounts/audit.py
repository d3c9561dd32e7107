"""Recording who created, changed, exported or viewed a sensitive record.

Services take the acting user, not the request. What an audit entry or an e-mailed link needs from
the request (the client's IP, the address the site was reached at) comes from the request being
served, which `RequestContextMiddleware` binds for the duration of each request; outside a request
(commands, background tasks) there is none: no IP, and links use SITE_URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

from kyoso.accounts.models import AuditAction, AuditEvent, Workspace

_current_request: ContextVar[HttpRequest | None] = ContextVar("kyoso_audit_request", default=None)


@contextmanager
def bound_request(request: HttpRequest) -> Iterator[None]:
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with bound_request(request):
            return self.get_response(request)


def client_ip(request: HttpRequest | None = None) -> str | None:
    """The client's address: of `request`, else of the request being served (None outside one)."""
    request = request if request is not None else _current_request.get()
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def absolute_url(path: str) -> str:
    """`path` at the address the current request reached the site at, else at SITE_URL."""
    request = _current_request.get()
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    workspace: Workspace | None = None,
    changes: dict[str, Any] | None = None,
    model: str | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    if workspace is None and obj is not None:
        workspace = _workspace_of(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        workspace=workspace,
        user=user,
        user_email=getattr(user, "email", "") if user else "",
        action=str(action),
        model=model or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        changes=changes or {},
        ip_address=client_ip(),
    )


def _workspace_of(obj: models.Model) -> Workspace | None:
    if isinstance(obj, Workspace):
        return obj
    scope = getattr(type(obj), "scope", None)
    path = getattr(scope, "workspace", None)
    if not path:
        return None
    target: Any = obj
    for part in path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if isinstance(target, Workspace) else None


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{field: [old, new]} for the fields whose value differs, as strings for JSON."""
    return {
        key: [str(before.get(key)), str(after.get(key))] for key in after if before.get(key) != after.get(key)
    }
