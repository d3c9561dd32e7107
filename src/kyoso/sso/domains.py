"""E-mail domains: normalising what the owner typed and checking the DNS TXT record.

The resolver is a function `name -> list of TXT strings`; tests hand one in (or name one in
``settings.KYOSO_SSO_TXT_RESOLVER``), production asks DNS through dnspython.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

TxtResolver = Callable[[str], list[str]]

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")

# Addresses at these domains belong to the public, never to one company.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "yahoo.co.jp",
        "icloud.com",
        "me.com",
        "aol.com",
        "docomo.ne.jp",
        "ezweb.ne.jp",
        "au.com",
        "softbank.ne.jp",
        "i.softbank.jp",
        "proton.me",
        "protonmail.com",
    }
)


class BadDomain(ValueError):
    """str() is the reason, for the user."""


def normalise(value: str) -> str:
    """`value` as a lower-case ASCII domain name; raises BadDomain."""
    text = (value or "").strip().lower().rstrip(".")
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    if not text:
        raise BadDomain("empty")
    try:
        ascii_name = text.encode("idna").decode("ascii")
    except UnicodeError:
        raise BadDomain("not a domain name") from None
    labels = ascii_name.split(".")
    if len(labels) < 2 or len(ascii_name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise BadDomain("not a domain name")
    if labels[-1].isdigit():
        raise BadDomain("not a domain name")
    return ascii_name


def domain_of_email(email: str) -> str | None:
    if "@" not in (email or ""):
        return None
    try:
        return normalise(email.rsplit("@", 1)[1])
    except BadDomain:
        return None


def dns_txt(name: str) -> list[str]:
    """The TXT strings published at `name` (empty when there are none); raises OSError when DNS fails."""
    import dns.exception
    import dns.resolver

    try:
        answer = dns.resolver.resolve(name, "TXT", lifetime=5)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except dns.exception.DNSException as exc:
        raise OSError(str(exc) or exc.__class__.__name__) from None
    records = []
    for rdata in answer:
        records.append(b"".join(rdata.strings).decode("utf-8", errors="replace"))
    return records


def default_resolver() -> TxtResolver:
    path = getattr(settings, "KYOSO_SSO_TXT_RESOLVER", "")
    return import_string(path) if path else dns_txt


def has_token(domain: str, expected: str, resolver: TxtResolver | None = None) -> bool:
    """Whether `domain` publishes the TXT record `expected`; raises OSError when DNS cannot answer."""
    records = (resolver or default_resolver())(domain)
    return any(record.strip() == expected for record in records)
