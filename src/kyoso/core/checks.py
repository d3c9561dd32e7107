"""`kyoso check --deploy` warnings for settings Kyoso needs in production."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Worker mails (agendas, digests, warnings) link to SITE_URL alone: a local address is a dead link."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host in LOCAL_HOSTS:
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in e-mails sent by the worker point to this "
                "machine, not to your site.",
                hint="Set SITE_URL to the public address, e.g. https://kyoso.example.com (docs/deployment.md).",
                id="kyoso.W001",
            )
        ]
    return []
