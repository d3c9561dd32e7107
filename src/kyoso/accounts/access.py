"""View-side entry points of the scoping mechanism.

`member_view` guards a page of the current workspace; `scoped` hands the
view the queryset it may use. Views never filter by workspace themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kyoso.accounts.models import Role
from kyoso.accounts.scoping import ScopedQuerySet

M = TypeVar("M", bound=models.Model)
View = Callable[..., HttpResponse]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    from kyoso.core.error_views import forbidden_with_reason

    return forbidden_with_reason(request, message)


def member_view(
    *, write: bool = False, form: bool = False, roles: frozenset[str] | None = None
) -> Callable[[View], View]:
    """Require a logged-in member of the current workspace.

    write=True: unsafe methods (POST…) need a role that may change records.
    form=True (with write): the page *is* a write form (create, edit, import), so a role that
      cannot save is refused on GET too, instead of filling it in and losing it to a 403 on save.
    roles: only these roles may open the page at all (e.g. owners).
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None:
                return redirect(outside_home(request.user) or "accounts:workspace_create")
            if roles is not None and membership.role not in roles:
                return forbidden(request, _("This page is for workspace owners."))
            if write and (form or request.method in UNSAFE_METHODS) and not membership.can_write:
                return forbidden(
                    request,
                    _("Your role (%(role)s) can read but not change records in this workspace.")
                    % {"role": Role(membership.role).label},
                )
            return view(request, *args, **kwargs)

        wrapper.write_form = write and form  # type: ignore[attr-defined]  # read by the viewer walk test
        return wrapper

    return decorator


def register_outside_home(func: Callable[[Any], str | None]) -> None:
    """`func(user)` names the URL of the page a logged-in person without a workspace belongs on, or None.

    Apps register one each (a partner's shared spaces, an event participant's page); the first that
    answers wins, in INSTALLED_APPS order.
    """
    if func not in _outside_homes:
        _outside_homes.append(func)


_outside_homes: list[Callable[[Any], str | None]] = []


def outside_home(user: Any) -> str | None:
    for func in _outside_homes:
        url_name = func(user)
        if url_name:
            return url_name
    return None


owner_view = member_view(write=True, roles=frozenset({Role.OWNER}))


def scoped(request: HttpRequest, model: type[M]) -> ScopedQuerySet[M]:
    """The records of `model` the current member may see in the current workspace."""
    manager: Any = model._default_manager
    return manager.for_member(request.user, getattr(request, "workspace", None))  # type: ignore[no-any-return]
