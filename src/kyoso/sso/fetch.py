"""HTTP calls to identity providers go through the outbound guard (`kyoso.core.outbound`).

The issuer and metadata addresses are chosen by workspace owners, so the server refuses to call
private, loopback or link-local addresses unless ``settings.KYOSO_SSO_ALLOW_PRIVATE`` is on (tests and
development against an identity provider on the same machine). Redirects are not followed.
"""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings

from kyoso.core.outbound import OutboundRefused, vet

TIMEOUT_SECONDS = 10
MAX_METADATA_BYTES = 1_000_000


def private_ok() -> bool:
    return bool(getattr(settings, "KYOSO_SSO_ALLOW_PRIVATE", False))


def check_address(url: str) -> None:
    """Raises OutboundRefused (str() names the reason) when the server may not call `url`."""
    vet(url, private_ok=private_ok())


class GuardedSession(requests.Session):
    """A requests session that vets every address and never follows a redirect."""

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        text_url = url.decode() if isinstance(url, bytes) else url
        try:
            check_address(text_url)
        except OutboundRefused as exc:
            raise requests.exceptions.InvalidURL(str(exc)) from None
        kwargs["allow_redirects"] = False
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return super().request(method, url, *args, **kwargs)


def get_text(url: str, *, max_bytes: int = MAX_METADATA_BYTES) -> str:
    """GET a document through the guard; raises OutboundRefused or requests.RequestException."""
    with GuardedSession() as session:
        response = session.get(url, stream=True)
        response.raise_for_status()
        body = response.raw.read(max_bytes + 1, decode_content=True)
    if len(body) > max_bytes:
        raise OutboundRefused("the document is larger than 1 MB")
    return body.decode(response.encoding or "utf-8", errors="replace")
