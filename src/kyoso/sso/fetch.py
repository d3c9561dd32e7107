"""HTTP calls to identity providers go through the outbound guard (`kyoso.core.outbound`).

The issuer and metadata addresses are chosen by workspace owners, so the server refuses to call
private, loopback or link-local addresses unless ``settings.KYOSO_SSO_ALLOW_PRIVATE`` is on (tests and
development against an identity provider on the same machine). Each request connects to the address
that was vetted (`outbound.request`: the name is resolved once, so DNS rebinding cannot switch it to
an internal address), with TLS verified against the host name. Redirects are not followed.
"""

from __future__ import annotations

import http.client
from typing import Any

import requests
from django.conf import settings
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from kyoso.core import outbound
from kyoso.core.outbound import OutboundRefused, vet

TIMEOUT_SECONDS = 10
MAX_METADATA_BYTES = 1_000_000
# The most an identity provider's answer (discovery, keys, token, user info) may weigh.
MAX_ANSWER_BYTES = 2_000_000


def private_ok() -> bool:
    return bool(getattr(settings, "KYOSO_SSO_ALLOW_PRIVATE", False))


def check_address(url: str) -> None:
    """Raises OutboundRefused (str() names the reason) when the server may not call `url`."""
    vet(url, private_ok=private_ok())


class GuardedAdapter(BaseAdapter):
    """A requests transport that sends every request through `outbound.request`."""

    def send(  # type: ignore[override]
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        url = str(request.url)
        if isinstance(timeout, tuple):
            timeout = max(t for t in timeout if t is not None) if any(timeout) else None
        body = request.body.encode() if isinstance(request.body, str) else request.body
        try:
            answer = outbound.request(
                str(request.method),
                url,
                body=body,  # type: ignore[arg-type]
                headers=dict(request.headers),
                timeout=float(timeout or TIMEOUT_SECONDS),
                max_body=MAX_ANSWER_BYTES + 1,
                private_ok=private_ok(),
            )
        except OutboundRefused as exc:
            raise requests.exceptions.InvalidURL(str(exc), request=request) from None
        except (OSError, http.client.HTTPException) as exc:
            raise requests.exceptions.ConnectionError(str(exc), request=request) from None
        if len(answer.body) > MAX_ANSWER_BYTES:
            raise requests.exceptions.ContentDecodingError("the answer is larger than 2 MB", request=request)
        response = requests.Response()
        response.status_code = answer.status
        response.reason = answer.reason
        response.headers = CaseInsensitiveDict(answer.headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response._content = answer.body
        response.url = url
        response.request = request
        return response

    def close(self) -> None:
        pass


class GuardedSession(requests.Session):
    """A requests session that vets every address, connects only to it and never follows a redirect."""

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False  # no proxy from the environment: the connection goes where it was vetted
        self.headers["Accept-Encoding"] = "identity"  # the answer is read as sent, never decompressed
        adapter = GuardedAdapter()
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs["allow_redirects"] = False
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return super().request(method, url, *args, **kwargs)


def get_text(url: str, *, max_bytes: int = MAX_METADATA_BYTES) -> str:
    """GET a document through the guard; raises OutboundRefused or requests.RequestException."""
    with GuardedSession() as session:
        response = session.get(url)
        response.raise_for_status()
        body = response.content
    if len(body) > max_bytes:
        raise OutboundRefused("the document is larger than 1 MB")
    return body.decode(response.encoding or "utf-8", errors="replace")
