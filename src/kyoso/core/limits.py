"""Limits on actions that send mail to addresses someone typed in (attack report #6, #9).

Two kinds, both configured in settings as a number per hour (0 turns a limit off):

* `throttle(request, action=..., per_ip=..., per_key=..., key=...)`: anonymous forms (public
  event registration, SSO discovery). It uses allauth's rate-limit counter, the one the sign-in
  limits use: a sliding window in the Django cache, the visitor's address as the adapter reads it
  (`kyoso.accounts.adapter.client_address`, which knows the reverse proxy). Kyoso passes its own
  rates, so allauth's ACCOUNT_RATE_LIMITS are not involved.
* `hourly_cap(queryset, setting=..., message=...)`: signed-in senders (invitations). Counted from
  the rows the action creates, so every process and every restart sees the same number, and the
  web page and the API, which call the same service, share it.

Both refuse with `LimitReached`, a DomainError that carries the setting's name and the seconds
until a new attempt can succeed: pages show its message, the API answers 429 with `Retry-After`.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from kyoso.core.errors import DomainError

HOUR = 3600


class LimitReached(DomainError):
    """A rate limit refused the action; `setting` names it, `limit` is its number per hour."""

    def __init__(
        self, message: str, *, setting: str, limit: int, retry_after: int = HOUR, field: str | None = None
    ) -> None:
        super().__init__(message, field=field)
        self.setting = setting
        self.limit = limit
        self.retry_after = max(1, int(retry_after))


def _rate(setting: str, per: str) -> str:
    limit = int(getattr(settings, setting))
    return f"{limit}/1h/{per}" if limit > 0 else ""


def throttle(
    request: HttpRequest,
    *,
    action: str,
    per_ip: str | None = None,
    per_key: str | None = None,
    key: str | None = None,
) -> tuple[ratelimit.RateLimitUsage | None, str | None]:
    """Count one attempt of `action` against the hourly limits named by the settings `per_ip` (per
    visitor address) and `per_key` (per `key`, e.g. one event). Returns (usage, None) when allowed
    (`usage.rollback()` takes the attempt back), or (None, the name of the setting whose limit is
    spent)."""
    spent: list[Any] = []
    for setting, per in ((per_ip, "ip"), (per_key, "key")):
        if setting is None:
            continue
        rates = _rate(setting, per)
        if not rates:
            continue
        usage = ratelimit.consume(
            request,
            app="kyoso",
            action=f"{action}:{per}",
            config={f"{action}:{per}": rates},
            key=key if per == "key" else None,
        )
        if usage is None:
            for earlier in spent:
                earlier.rollback()  # the refused attempt does not count against the other limit
            return None, setting
        spent.append(usage)
    return ratelimit.RateLimitUsage(usage=[u for usage in spent for u in usage.usage]), None


def hourly_cap(queryset: Any, *, setting: str, message: str, field: str | None = None) -> None:
    """Refuse with LimitReached when `queryset` (rows with `created_at`) already holds the hour's
    allowance of the limit named by `setting`. `message` may use %(limit)s and %(minutes)s (until
    the next attempt can succeed)."""
    limit = int(getattr(settings, setting))
    if limit <= 0:
        return
    now = timezone.now()
    recent = queryset.filter(created_at__gt=now - timedelta(seconds=HOUR))
    count = recent.count()
    if count < limit:
        return
    # free again once enough of the hour's rows have aged out of the window
    times = list(recent.order_by("created_at").values_list("created_at", flat=True)[: count - limit + 1])
    retry_after = int((times[-1] + timedelta(seconds=HOUR) - now).total_seconds()) + 1
    text = message % {"limit": limit, "minutes": max(1, math.ceil(retry_after / 60))}
    raise LimitReached(text, setting=setting, limit=limit, retry_after=retry_after, field=field)
