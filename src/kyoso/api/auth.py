"""Who is calling the API, in which workspace, and what they may do.

One mechanism for every route (router authors: read `kyoso/api/README.md`):

    from kyoso.api.auth import caller, require_scope

    @router.get("/things", response=list[ThingOut], summary="List things")
    @paginate(KyosoPagination)
    def list_things(request):
        c = caller(request)                      # user, workspace, role, token
        return c.scoped(Thing)                   # Thing.objects.for_member(c.user, c.workspace)

    @router.post("/things", response={201: ThingOut}, summary="Create a thing")
    @require_scope("partners:write")             # token scope AND a role that may write → else 403
    def create_thing(request, data: ThingIn):
        c = caller(request)
        return Status(201, services.create_thing(workspace=c.workspace, by=c.user, **data.dict()))

Credentials, tried in this order:

* ``Authorization: Bearer kyoso_…`` — a personal access token (acts as its user)
  or a workspace service token (acts as the owner who created it, in its workspace).
* The browser session cookie; unsafe methods then need the CSRF token
  (``X-CSRFToken`` header with the ``csrftoken`` cookie's value).

Anything else is 401. The token's scopes are enforced for every route by the
path it is mounted under (``/api/v1/<app>/…`` needs ``<app>:read`` for GET and
``<app>:write`` otherwise), so a route cannot forget them; roles are checked
by ``require_scope``/``Caller.require`` and by the services.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from kyoso.accounts.models import Membership, Role, Workspace
from kyoso.accounts.reauth import recently_authenticated
from kyoso.accounts.scoping import ScopedQuerySet
from kyoso.api.models import SCOPE_APP_NAMES, ApiToken, TokenKind
from kyoso.sso import entry

if TYPE_CHECKING:
    from kyoso.accounts.models import User

M = TypeVar("M", bound=models.Model)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WORKSPACE_HEADER = "X-Kyoso-Workspace"
DEFAULT_RATE_LIMIT = "600/minute"


class ApiError(Exception):
    """An error answered as JSON ``{"detail": message}`` with `status` (and extra headers)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class NotAuthenticated(ApiError):
    def __init__(
        self, message: str = "Authentication required: send 'Authorization: Bearer <token>'."
    ) -> None:
        super().__init__(401, message, headers={"WWW-Authenticate": 'Bearer realm="kyoso"'})


class Forbidden(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(403, message)


class NotFound(ApiError):
    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(404, message)


class RateLimited(ApiError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            429,
            f"Too many requests; retry after {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )
        self.retry_after = retry_after


class WorkspaceAmbiguous(ApiError):
    pass


RULE_MESSAGES = {
    entry.MFA: (
        "The workspace '{slug}' requires two-factor authentication: set up an authenticator app in "
        "Kyoso (Account > Two-factor authentication) before using it."
    ),
    entry.SSO: (
        "The workspace '{slug}' requires single sign-on: sign in through its identity provider in the "
        "browser (Sign in with your company account) before using it with this session."
    ),
}


class WorkspaceRuleUnmet(Forbidden):
    """The session does not meet a rule of the workspace (two-factor authentication, single sign-on)."""

    def __init__(self, rule: str, workspace: Workspace) -> None:
        super().__init__(RULE_MESSAGES[rule].format(slug=workspace.slug))
        self.rule = rule


def require_recent_session_authentication(request: HttpRequest) -> None:
    """403 for a browser-session caller who has not signed in or re-authenticated recently.

    The web pages for the same actions ask for the password (or a second factor) again
    (`kyoso.accounts.reauth.sensitive`); the API cannot show that page, so it asks the person to do
    it in the browser. Bearer-token callers are not held.
    """
    c = caller(request)
    if c.token is None and not recently_authenticated(request):
        minutes = max(1, settings.ACCOUNT_REAUTHENTICATION_TIMEOUT // 60)
        raise Forbidden(
            "This action needs a recent sign-in: re-authenticate in the browser (confirm your password "
            f"at {reverse('account_reauthenticate')}) and retry within {minutes} minutes."
        )


def require_fresh_proof_of_identity(request: HttpRequest, action: str) -> None:
    """403 unless the caller proved who they are within ACCOUNT_REAUTHENTICATION_TIMEOUT.

    For the few actions that cannot be undone at all (erasing a workspace). A browser session
    needs a recent sign-in or re-authentication, as `require_recent_session_authentication`. A
    token cannot re-authenticate, but creating one needs a recent sign-in in the browser (tokens
    cannot create tokens), so a token as young as the timeout carries a proof as fresh as the
    session's: an older token, however long it may still be used for everything else, is refused.
    """
    c = caller(request)
    if c.token is None:
        require_recent_session_authentication(request)
        return
    from django.utils import timezone

    window = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    if (timezone.now() - c.token.created_at).total_seconds() >= window:
        minutes = max(1, window // 60)
        raise Forbidden(
            f"{action} needs a recent sign-in, and a token cannot re-authenticate: use a token created "
            f"in the browser within the last {minutes} minutes (or a browser session that has just "
            "signed in)."
        )


def check_session_may_enter(request: HttpRequest, user: Any, workspace: Workspace) -> None:
    """WorkspaceRuleUnmet unless this browser session meets `workspace`'s MFA and SSO rules."""
    unmet = entry.unmet_rules(request.session, user, workspace)
    if unmet:
        raise WorkspaceRuleUnmet(unmet[0], workspace)


@dataclass
class Caller:
    """The authenticated caller of one API request.

    user: the acting user (a service token acts as the owner who created it).
    token: the ApiToken, or None for a browser session.
    workspace / membership / role: the workspace the request works in (see
        `resolve_workspace`), None when the user belongs to no workspace
        (e.g. a partner user: read through the app's partner selectors).
    """

    user: User
    token: ApiToken | None
    _membership: Membership | None = field(default=None, repr=False)
    _scopes: frozenset[str] | None = field(default=None, repr=False)
    _workspace_error: ApiError | None = field(default=None, repr=False)

    @property
    def membership(self) -> Membership | None:
        if self._workspace_error is not None:
            raise self._workspace_error
        return self._membership

    @property
    def workspace(self) -> Workspace | None:
        membership = self.membership
        return membership.workspace if membership is not None else None

    @property
    def via(self) -> str:
        return "session" if self.token is None else self.token.kind

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def can_write(self) -> bool:
        return self.membership is not None and self.membership.can_write

    @property
    def scopes(self) -> frozenset[str] | None:
        """The token's scopes; None for a browser session (no scope limit)."""
        return self._scopes

    def has_scope(self, scope: str) -> bool:
        if self._scopes is None:
            return True
        return scope in self._scopes

    def require(self, scope: str, *, roles: frozenset[str] | set[str] | None = None) -> Caller:
        """403 unless the token holds `scope` and the role allows it.

        "<app>:write" needs a role that may change records (owner/member)
        unless `roles` names the roles allowed (e.g. {"owner", "executive"}).
        "<app>:read" with `roles` limits reading to those roles.
        """
        if not self.has_scope(scope):
            raise Forbidden(f"This token lacks the '{scope}' scope.")
        if self.workspace is None or self.membership is None:
            raise Forbidden("You are not a member of a workspace; this needs one.")
        if roles is not None:
            if self.role not in roles:
                names = ", ".join(sorted(str(r) for r in roles))
                raise Forbidden(f"Your role ({self.role}) cannot do this; it needs one of: {names}.")
        elif scope.endswith(":write") and not self.can_write:
            raise Forbidden(f"Your role ({self.role}) can read but not change records in this workspace.")
        return self

    def require_owner(self, scope: str) -> Caller:
        return self.require(scope, roles={Role.OWNER})

    # Querysets through the accounts scoping — never filter by workspace by hand.
    def scoped(self, model: type[M]) -> ScopedQuerySet[M]:
        manager: Any = model._default_manager
        return manager.for_member(self.user, self.workspace)  # type: ignore[no-any-return]

    def writable(self, model: type[M]) -> ScopedQuerySet[M]:
        manager: Any = model._default_manager
        return manager.writable_by(self.user, self.workspace)  # type: ignore[no-any-return]

    def get(self, model: type[M] | models.QuerySet[M], **lookup: Any) -> M:
        """One record in scope, or 404 (records outside the caller's scope are 'not found', never 403).

        A queryset must come from a scoping audience (a selector or `scoped`): one built from a bare
        manager would bypass the scope, so it is refused.
        """
        if isinstance(model, models.QuerySet):
            if not getattr(model, "is_scoped", False):
                raise TypeError(f"Caller.get() needs a scoped queryset of {model.model.__name__}")
            qs = model
        else:
            qs = self.scoped(model)
        obj = qs.filter(**lookup).first()
        if obj is None:
            raise NotFound()
        return obj


def caller(request: HttpRequest) -> Caller:
    """The Caller of an authenticated API request (set by the API's auth)."""
    result = getattr(request, "kyoso_caller", None)
    if result is None:
        raise NotAuthenticated()
    return result  # type: ignore[no-any-return]


def require_scope(
    scope: str, *, roles: frozenset[str] | set[str] | None = None, sensitive: bool = False
) -> Callable[[Any], Any]:
    """Route decorator: `caller(request).require(scope, roles=roles)` before the view runs.

    ``sensitive=True`` marks an action whose web page asks for the password again
    (`kyoso.accounts.reauth.sensitive`): a browser-session caller must have signed in recently
    (`require_recent_session_authentication`), so a borrowed session cannot do through the API what
    the page holds back. Put it below the `@router.<method>(...)` line (and below `@paginate`).
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            caller(request).require(scope, roles=roles)
            if sensitive:
                require_recent_session_authentication(request)
            return view(request, *args, **kwargs)

        wrapper.kyoso_sensitive = sensitive  # type: ignore[attr-defined]

        # Resolve string annotations (from __future__ import annotations) in the view's own module,
        # since ninja reads the signature through this wrapper.
        wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        return wrapper

    return decorator


# --- workspace resolution ---------------------------------------------------------------------------


def resolve_workspace(request: HttpRequest, user: Any, token: ApiToken | None) -> Membership | None:
    """The membership the request works in.

    1. a token bound to a workspace (every service token, optionally a personal one): that workspace;
    2. the ``X-Kyoso-Workspace: <slug>`` header;
    3. a browser session: the session's current workspace (as in the web UI);
    4. a personal token of a user with exactly one workspace: that one.
    A personal token of a user with several workspaces and no header → 400.

    The workspace's sign-in rules (`kyoso.sso.entry`) then apply, however the workspace was named:
    a browser session that does not meet them (two-factor authentication, single sign-on) → 403;
    a token whose user has no second factor, in a workspace that requires one → 403 (unless the
    account is linked to that workspace's identity provider, which is then responsible for the
    second factor); a token older than its user's membership of a workspace that requires single
    sign-on → 403 (it was never approved there). Tokens created while a member keep working after the single sign-on rule is
    switched on; creating one is held by the rules (routes/tokens.py).
    """
    membership = _resolve_membership(request, user, token)
    if membership is None:
        return None
    workspace = membership.workspace
    if token is None:
        check_session_may_enter(request, user, workspace)
        return membership
    unmet = entry.token_unmet_rules(token, membership)
    if entry.MFA in unmet:
        raise Forbidden(
            f"The workspace '{workspace.slug}' requires two-factor authentication: "
            "set it up in Kyoso, then use the token again."
        )
    if entry.SSO in unmet:
        raise Forbidden(
            f"This token was created before you joined the workspace '{workspace.slug}', which requires "
            "single sign-on: sign in through its identity provider and create a new token."
        )
    return membership


def _resolve_membership(request: HttpRequest, user: Any, token: ApiToken | None) -> Membership | None:
    memberships = Membership.objects.select_related("workspace").filter(user=user)
    slug = request.headers.get(WORKSPACE_HEADER, "").strip()
    if token is not None and token.workspace_id is not None:
        membership = memberships.filter(workspace_id=token.workspace_id).first()
        if membership is None:
            if token.kind == TokenKind.SERVICE:
                raise NotAuthenticated(
                    "The owner who created this service token is no longer a member of its workspace; "
                    "create a new token."
                )
            raise NotAuthenticated("This token's user is no longer a member of the token's workspace.")
        if slug and slug != membership.workspace.slug:
            raise NotFound(f"This token works only in the workspace '{membership.workspace.slug}'.")
        return membership
    if slug:
        membership = memberships.filter(workspace__slug=slug).first()
        if membership is None:
            raise NotFound(f"No workspace '{slug}' that you are a member of.")
        return membership
    if token is None:
        return getattr(request, "membership", None)
    found = list(memberships.order_by("workspace__name")[:2])
    if len(found) > 1:
        raise WorkspaceAmbiguous(
            400,
            f"You are a member of several workspaces: send the header '{WORKSPACE_HEADER}: <slug>' "
            "(GET /api/v1/me lists them).",
        )
    return found[0] if found else None


# --- rate limits ------------------------------------------------------------------------------------

_PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


def rate_limit() -> tuple[int, int] | None:
    """(requests, window seconds) from settings.KYOSO_API_RATE_LIMIT, e.g. "600/minute"; "0"/"" = none."""
    import os

    value = getattr(settings, "KYOSO_API_RATE_LIMIT", None)
    if value is None:
        value = os.environ.get("KYOSO_API_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    value = str(value).strip()
    if value in {"", "0", "off", "none"}:
        return None
    count, _sep, period = value.partition("/")
    seconds = _PERIODS.get(period.strip().lower() or "minute")
    if seconds is None or not count.strip().isdigit():
        raise ValueError(f"KYOSO_API_RATE_LIMIT: expected e.g. '600/minute', got {value!r}")
    return int(count), seconds


def check_rate_limit(key: str) -> None:
    """Fixed window per token (or per session user) in the Django cache; 429 with Retry-After when over."""
    limit = rate_limit()
    if limit is None:
        return
    allowed, window = limit
    now = time.time()
    window_start = int(now // window) * window
    cache_key = f"kyoso:api:rate:{key}:{window_start}"
    if cache.add(cache_key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window + 5)
            count = 1
    if count > allowed:
        raise RateLimited(max(1, int(window_start + window - now + 0.999)))


# --- the auth callables NinjaAPI runs ----------------------------------------------------------------

# The scope app of each mounted prefix, filled by kyoso.api.core when routers are mounted.
PREFIX_SCOPES: dict[str, str | None] = {}
# Prefixes whose POSTs only compute (e.g. a stateless diagnosis) and so need the read scope.
READ_ONLY_PREFIXES: set[str] = {"diagnosis"}


def _path_scope(request: HttpRequest) -> str | None:
    """ "<app>:read|write" for the router the request's path belongs to, None when the path needs none."""
    path = request.path_info
    marker = "/api/v1/"
    index = path.find(marker)
    rest = path[index + len(marker) :] if index >= 0 else path.lstrip("/")
    first = rest.split("/", 1)[0]
    app = PREFIX_SCOPES.get(first)
    if app is None or app not in SCOPE_APP_NAMES:
        return None
    read = request.method in SAFE_METHODS or first in READ_ONLY_PREFIXES
    return f"{app}:{'read' if read else 'write'}"


def _finish(request: HttpRequest, user: Any, token: ApiToken | None) -> Caller:
    membership: Membership | None = None
    error: ApiError | None = None
    try:
        membership = resolve_workspace(request, user, token)
    except (NotFound, WorkspaceAmbiguous, WorkspaceRuleUnmet) as exc:
        # Raised when a route asks for the workspace, so /me still answers.
        error = exc
    scopes = frozenset(token.scopes) if token is not None else None
    result = Caller(user=user, token=token, _membership=membership, _scopes=scopes, _workspace_error=error)
    check_rate_limit(f"t{token.pk}" if token is not None else f"u{user.pk}")
    needed = _path_scope(request)
    if needed is not None and not result.has_scope(needed):
        raise Forbidden(f"This token lacks the '{needed}' scope.")
    request.kyoso_caller = result  # type: ignore[attr-defined]
    return result


class TokenAuth(HttpBearer):
    """``Authorization: Bearer kyoso_…`` — personal access or workspace service token."""

    openapi_name = "token"
    openapi_bearerFormat = "kyoso token"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return None
        parts = header.split(" ")
        if len(parts) != 2 or parts[0].lower() != "bearer":
            raise NotAuthenticated("Malformed Authorization header: expected 'Bearer <token>'.")
        return self.authenticate(request, parts[1].strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from kyoso.accounts.audit import client_ip
        from kyoso.api.services import find_token, touch_token

        found = find_token(token)
        if found is None:
            raise NotAuthenticated("Invalid token.")
        if found.revoked_at is not None:
            raise NotAuthenticated("This token was revoked.")
        if found.is_expired:
            raise NotAuthenticated("This token has expired; create a new one.")
        user = found.user
        if not user.is_active:
            raise NotAuthenticated("This token's user is deactivated.")
        result = _finish(request, user, found)
        touch_token(found, client_ip(request))
        return result


class SessionAuth(APIKeyCookie):
    """The browser's Django session; unsafe methods need the CSRF token (X-CSRFToken header)."""

    openapi_name = "session"
    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF is checked in authenticate, only for logged-in users, so anonymous callers get a 401.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False):
            if check_csrf(request) is not None:
                raise Forbidden(
                    "CSRF check failed: send the 'X-CSRFToken' header with the value of the 'csrftoken' cookie."
                )
        return _finish(request, user, None)


def api_auth() -> list[Any]:
    return [TokenAuth(), SessionAuth()]
