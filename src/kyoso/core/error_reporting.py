"""Optional error reporting through the Sentry SDK: on only when SENTRY_DSN is set.

Nothing leaves the server without a DSN. With one, Kyoso sends exceptions without personal
data (no user e-mail, IP address, cookies or request bodies: the SDK's default, which the
tests check against a real listener), and performance traces only when KYOSO_SENTRY_TRACES (a rate from 0 to 1) asks for them.
"""

from __future__ import annotations

from collections.abc import Mapping


def init_from_env(environ: Mapping[str, str], *, release: str) -> bool:
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        max_request_body_size="never",
        environment=environ.get("KYOSO_ENVIRONMENT", "production"),
        release=f"kyoso@{release}",
        traces_sample_rate=float(environ.get("KYOSO_SENTRY_TRACES", "0") or 0),
    )
    return True
