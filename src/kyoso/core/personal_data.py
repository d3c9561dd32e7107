"""Personal data under Japan's APPI: the pieces every app shares to erase and disclose one person.

An app that stores something about a person registers a `PersonalDataHandler` in its
`AppConfig.ready()`. The account owner's erasure (`kyoso.accounts.privacy.erase_user`) and the
disclosure export (`export_person`) call every handler, so each app keeps the knowledge of its own
models. Pseudonyms are keyed hashes (HMAC with SECRET_KEY): stable for one person, not reversible.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

# Addresses in this reserved domain (RFC 2606) never reach anyone and mark a pseudonym.
ERASED_DOMAIN = "erased.invalid"
# Pseudonymous client addresses live in the IPv6 documentation prefix (RFC 3849).
PSEUDONYM_IP_PREFIX = "2001:db8:"
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def keyed_hash(kind: str, value: str) -> str:
    """Hex HMAC-SHA256 of `value` under the site's secret: the same input gives the same output."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def person_tag(email: str) -> str:
    """The short stable tag shown in a pseudonym, e.g. "8f3a2c"."""
    return keyed_hash("person", email.strip().lower())[:6]


def pseudonymous_email(email: str) -> str:
    if not email or is_pseudonymous_email(email):
        return email
    return f"erased-{keyed_hash('person', email.strip().lower())[:12]}@{ERASED_DOMAIN}"


def is_pseudonymous_email(email: str) -> bool:
    return email.lower().endswith("@" + ERASED_DOMAIN)


def pseudonymous_ip(address: str | None) -> str | None:
    """An IPv6 address in 2001:db8::/32 derived from `address`; None stays None."""
    if not address or address.startswith(PSEUDONYM_IP_PREFIX):
        return address
    digest = keyed_hash("ip", address)
    groups = [digest[i : i + 4] for i in range(0, 24, 4)]
    # compressed, as PostgreSQL's inet returns it, so a stored value compares equal
    return ipaddress.ip_address(PSEUDONYM_IP_PREFIX + ":".join(groups)).compressed


def scrub_text(text: str, needles: list[str], replacement: str) -> str:
    """`text` with every needle (case-insensitive, longest first) replaced by `replacement`."""
    if not text:
        return text
    for needle in sorted({n for n in needles if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = re.sub(re.escape(needle.strip()), replacement, text, flags=re.IGNORECASE)
    return text


def scrub_value(value: Any, needles: list[str], replacement: str) -> Any:
    """A JSON value with `scrub_text` applied to every string in it (keys too)."""
    if isinstance(value, str):
        return scrub_text(value, needles, replacement)
    if isinstance(value, list):
        return [scrub_value(v, needles, replacement) for v in value]
    if isinstance(value, dict):
        return {
            scrub_text(str(k), needles, replacement): scrub_value(v, needles, replacement)
            for k, v in value.items()
        }
    return value


def pseudonymise_emails(value: Any) -> Any:
    """A JSON value (or text) with every e-mail address replaced by its pseudonymous address."""
    if isinstance(value, str):
        return EMAIL_PATTERN.sub(lambda m: pseudonymous_email(m.group(0)), value)
    if isinstance(value, list):
        return [pseudonymise_emails(v) for v in value]
    if isinstance(value, dict):
        return {pseudonymise_emails(str(k)): pseudonymise_emails(v) for k, v in value.items()}
    return value


def mentions(value: Any, needles: list[str]) -> bool:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    lowered = text.lower()
    return any(n and len(n.strip()) >= 2 and n.strip().lower() in lowered for n in needles)


_PARENTHESIS = re.compile(r"\s*[(（][^)）]*[)）]\s*")


def name_variants(name: str) -> list[str]:
    """The name as stored and without remarks in parentheses: "佐藤 翔 (ビジョンテック)" → also "佐藤 翔"."""
    variants = [name.strip(), _PARENTHESIS.sub(" ", name).strip()]
    return [v for i, v in enumerate(variants) if len(v) >= 2 and v not in variants[:i]]


@dataclass
class Person:
    """Who an erasure or a disclosure is about: an account (may be None), an e-mail, names."""

    email: str
    user: Any = None
    names: list[str] = field(default_factory=list)
    label: str = ""  # the pseudonym that replaces the name in kept records
    workspace: Any = None  # an export limited to one workspace's records (an owner's request)

    @property
    def needles(self) -> list[str]:
        return [self.email, *self.names]

    def add_names(self, *names: str) -> None:
        """Names the person is also known by, found while erasing (a contact's or a participant's)."""
        for name in names:
            for variant in name_variants(name or ""):
                if variant not in self.names:
                    self.names.append(variant)


@dataclass(frozen=True)
class PersonalDataHandler:
    key: str
    # Remove or pseudonymise what the app stores about the person (inside the caller's transaction).
    erase: Callable[[Person], None]
    # {section: [records as plain dicts]} of what the app stores about the person.
    export: Callable[[Person], dict[str, list[dict[str, Any]]]]
    # Files the person owns: [(name inside the ZIP, storage field file)].
    files: Callable[[Person], list[tuple[str, Any]]] | None = None
    # Take the person's name and e-mail out of free text and stored messages, for the erasure of a
    # record that is no account (a participant, a contact); limited to person.workspace.
    scrub: Callable[[Person], None] | None = None
    order: int = 100


_handlers: dict[str, PersonalDataHandler] = {}


def register_personal_data(handler: PersonalDataHandler) -> None:
    _handlers[handler.key] = handler


def handlers() -> list[PersonalDataHandler]:
    return sorted(_handlers.values(), key=lambda h: (h.order, h.key))


def plain(value: Any) -> Any:
    """A value as JSON can hold it (dates as ISO text)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def rows(queryset: Any, fields: list[str]) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in queryset.values(*fields)]


def scrub_everywhere(person: Person) -> None:
    """Every app's `scrub` for `person` (the erasure of a participant or a contact)."""
    for handler in handlers():
        if handler.scrub is not None:
            handler.scrub(person)
