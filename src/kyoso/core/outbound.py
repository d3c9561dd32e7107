"""The one guard for HTTP requests Kyoso makes to addresses its users choose (webhooks, and any later call).

`vet(url)` checks the URL (the stored web-address rule of `kyoso.core.safe_urls`), refuses IPv4
hosts written in a non-standard form (``2130706433``, ``0x7f.1``, ``127.1``, ``0177.0.0.1``: every
resolver reads them differently), resolves the host once and refuses unless EVERY address is
globally routable. `request()` (and `post()`) then connects to the address that was checked, never resolving the
name again (so DNS rebinding cannot switch it), sends the original ``Host`` header, verifies TLS
against the host name (SNI too), and never follows redirects.

``settings.KYOSO_WEBHOOKS_ALLOW_PRIVATE`` (for development against a local receiver) turns the
address check off; the URL rule, the single resolution and the no-redirect rule stay.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings

from kyoso.core.safe_urls import UnsafeWebURL, check_web_url

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Not reachable on the public internet, or not meant to be called, whatever `is_global` says in
# this Python version (3.11 calls 192.0.0.192 and 192.88.99.1 global, for instance).
_REFUSED_V4 = [
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
]
_REFUSED_V6 = [
    ipaddress.IPv6Network(n)
    for n in (
        "::/96",  # unspecified, loopback and IPv4-compatible (checked for the embedded address first)
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
]
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_V4_COMPATIBLE = ipaddress.IPv6Network("::/96")


class OutboundRefused(Exception):
    """The URL may not be called; str() is the reason, fit for the user who entered the URL."""


def allow_private() -> bool:
    return bool(getattr(settings, "KYOSO_WEBHOOKS_ALLOW_PRIVATE", False))


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, compatible, 6to4, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _V4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(address: str | IPAddress) -> str | None:
    """Why `address` may not be called, or None when it is globally routable."""
    try:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_v4(ip)
        if embedded is not None:
            reason = refusal(embedded)
            return f"it stands for {embedded}, which {reason}" if reason else None
        if any(ip in net for net in _REFUSED_V6):
            return "is not a public address"
    elif any(ip in net for net in _REFUSED_V4):
        return "is not a public address"
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_unspecified:
        return "is not a public address"
    return None


def is_public_address(address: str) -> bool:
    return refusal(address) is None


def _is_odd_ipv4_form(host: str) -> bool:
    """Decimal, hex, octal or shortened IPv4 ("2130706433", "0x7f.1", "127.1", "0177.0.0.1")."""
    try:
        ipaddress.ip_address(host)
        return False
    except ValueError:
        pass
    try:
        socket.inet_aton(host)
    except (OSError, UnicodeError, ValueError):
        return False
    return True


def resolve_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (a module function so tests can stand in a resolver)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True)
class Target:
    """A vetted URL: connect to `address`, speak to `host`."""

    scheme: str
    host: str
    port: int
    address: str
    path: str
    # every vetted address of the host, `address` first (a connection tries them in turn)
    addresses: tuple[str, ...] = ()


def vet(url: str, *, private_ok: bool | None = None) -> Target:
    """The checked target of `url`; raises OutboundRefused with a reason otherwise.

    `private_ok` lets a caller with its own setting decide about private and loopback addresses
    (None: the webhook setting).
    """
    try:
        check_web_url(url)
    except UnsafeWebURL as exc:
        raise OutboundRefused(str(exc)) from None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    port = parts.port or (443 if scheme == "https" else 80)
    if _is_odd_ipv4_form(host):
        raise OutboundRefused(f"{host} is an IPv4 address in a non-standard form; write it as a.b.c.d")
    try:
        addresses = resolve_host(host, port)
    except (OSError, UnicodeError) as exc:
        raise OutboundRefused(f"cannot resolve {host}: {exc}") from None
    if not addresses:
        raise OutboundRefused(f"cannot resolve {host}")
    if not (allow_private() if private_ok is None else private_ok):
        for address in addresses:
            reason = refusal(address)
            if reason:
                raise OutboundRefused(f"{host} resolves to {address}, which {reason}")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(
        scheme=scheme, host=host, port=port, address=addresses[0], path=path, addresses=tuple(addresses)
    )


def _connect(address: str, port: int, timeout: float) -> socket.socket:
    return socket.create_connection((address, port), timeout=timeout)


def _connect_vetted(target: Target, timeout: float) -> socket.socket:
    """A connection to one of the target's vetted addresses, never to a fresh resolution of its name."""
    error: OSError | None = None
    for address in target.addresses or (target.address,):
        try:
            return _connect(address, target.port, timeout)
        except OSError as exc:
            error = exc
    assert error is not None
    raise error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Sends Host: <host> but connects to the vetted address only."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.target = target

    def connect(self) -> None:
        self.sock = _connect_vetted(self.target, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self.target = target

    def connect(self) -> None:
        sock = _connect_vetted(self.target, self.timeout)
        # SNI and certificate verification against the host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.target.host)  # type: ignore[attr-defined]


@dataclass
class Response:
    status: int
    body: bytes
    duration_ms: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
    max_body: int,
    private_ok: bool | None = None,
) -> Response:
    """One request through the guard: `vet` the URL, then connect to the vetted address only.

    Raises OutboundRefused, OSError or http.client.HTTPException. At most `max_body` bytes of the
    answer are read. A 3xx answer is returned as is: redirects are never followed. `private_ok` as
    for `vet`.
    """
    started = time.monotonic()
    target = vet(url, private_ok=private_ok)
    conn_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = conn_class(target, timeout)
    try:
        conn.request(method, target.path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read(max_body)
        status, reason, answer_headers = response.status, response.reason, response.getheaders()
    finally:
        conn.close()
    return Response(
        status=status,
        body=data,
        duration_ms=int((time.monotonic() - started) * 1000),
        headers=answer_headers,
        reason=reason,
    )


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float,
    max_body: int = 2048,
) -> Response:
    """POST through the guard (the webhook setting decides about private addresses)."""
    return request("POST", url, body=body, headers=headers, timeout=timeout, max_body=max_body)
