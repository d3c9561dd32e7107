"""Failed-login throttling on top of django-axes: one limit per kind of guessing.

Axes records failures per (e-mail, address, browser) and, for each lockout parameter set, adds up
the recent ones; but it compares the largest sum with a single limit. Kyoso counts three ways, each
with its own limit (settings): one account from one address (a person mistyping, a guesser),
one account from any address (a guesser spreading over many addresses), one address over any
accounts (one password tried against many accounts; an office network shares an address, so that
limit is higher). Scaling each count to the base limit lets axes's single comparison apply all three.

Locks lift by themselves after AXES_COOLOFF_TIME, and failures during a lock do not extend it, so an
attacker cannot keep a victim out by guessing on: they must wait out the cool-off like anyone.
A completed password reset lifts the lock of that account at once.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _limit(parameter: str | list[str]) -> int:
    names = {parameter} if isinstance(parameter, str) else set(parameter)
    if names == {"username"}:
        return int(settings.KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT)
    if names == {"ip_address"}:
        return int(settings.KYOSO_LOGIN_ADDRESS_FAILURE_LIMIT)
    return int(settings.AXES_FAILURE_LIMIT)


class LoginThrottle(AxesDatabaseHandler):  # type: ignore[misc]
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        base = int(settings.AXES_FAILURE_LIMIT)
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        parameters = get_lockout_parameters(request, credentials)
        # floor(count * base / limit) reaches base exactly when count reaches limit
        return max(
            (count * base // _limit(p) for count, p in zip(counts, parameters, strict=True)), default=0
        )

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """A successful log-in forgives that account's failures only, not its address's.

        Axes would also clear every failure from the address, so an attacker could reset the
        per-address count by logging into an account of their own between guesses.
        """
        username = get_client_username(request, credentials)
        return forgive(username) if username else 0


def forgive(username: str) -> int:
    """Lift the failures recorded for one account, e.g. after its password was reset by e-mail."""
    return int(reset(username=username))


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address. Behind the reverse proxy (KYOSO_BEHIND_PROXY) it is the last
    X-Forwarded-For entry, the one the proxy itself appended: earlier entries are whatever the
    client sent. Without this every visitor would share the proxy's address and one attacker could
    lock everybody out."""
    if settings.KYOSO_BEHIND_PROXY:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None
