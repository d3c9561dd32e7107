"""The one rule for web addresses that users store and Kyoso later shows as links.

A stored address is accepted only when it is an absolute ``http``/``https`` URL with a host and
nothing a browser could read differently from Python: no whitespace or control characters
anywhere (browsers strip them, so ``java\\tscript:`` becomes ``javascript:``), no backslashes
(browsers treat ``\\`` as ``/`` in web URLs, Python does not, so the two disagree on the host),
no user name or password (``https://trusted.example@evil.example``), no character references.

Every entry point uses it: model fields (``validators=[validate_web_url]``), forms
(``WebURLFormField`` or the model field's validator), API schemas (the ``WebURL`` type),
imports and services (``clean_web_url``). Rendering goes through the ``safe_href`` filter
(``{% load safe_urls %}``), which drops anything this module refuses, so a value stored before
the rule existed is inert too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator

from kyoso.core.errors import DomainError

SCHEMES = frozenset({"http", "https"})
MAX_LENGTH = 2048
# Django's own host/port/path grammar, limited to the two web schemes.
_DJANGO_URL = URLValidator(schemes=sorted(SCHEMES))
_WEB_PREFIX = re.compile(r"^https?://", re.IGNORECASE)
_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")
MESSAGE = _("Enter a web address starting with http:// or https://, such as https://example.co.jp.")


class UnsafeWebURL(ValueError):
    """The value is not an address Kyoso may store or link to; str() is the reason for the user."""


def _has_hidden_characters(value: str) -> bool:
    for char in value:
        category = unicodedata.category(char)
        # Cc control, Cf format (zero-width, bidi overrides), Zs/Zl/Zp separators, Co/Cs/Cn.
        if category[0] in {"C", "Z"} or char.isspace():
            return True
    return False


def check_web_url(value: Any) -> str:
    """`value` when it is a safe absolute http(s) URL; raises UnsafeWebURL otherwise."""
    if not isinstance(value, str) or not value:
        raise UnsafeWebURL(str(MESSAGE))
    if len(value) > MAX_LENGTH or _has_hidden_characters(value) or "\\" in value:
        raise UnsafeWebURL(str(MESSAGE))
    match = _SCHEME.match(value)
    if match is None or match["scheme"].lower() not in SCHEMES:
        raise UnsafeWebURL(str(MESSAGE))
    if not value[match.end() :].startswith("//"):
        raise UnsafeWebURL(str(MESSAGE))  # "http:example.com" is relative in some parsers
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise UnsafeWebURL(str(MESSAGE)) from None
    if not parts.hostname or parts.netloc.startswith(("/", ":")):
        raise UnsafeWebURL(str(MESSAGE))
    if "@" in parts.netloc:
        raise UnsafeWebURL(str(_("A web address may not contain a user name or password.")))
    if "&" in parts.netloc or "%" in parts.netloc:
        raise UnsafeWebURL(str(MESSAGE))
    try:
        _DJANGO_URL(value)
    except ValidationError:
        raise UnsafeWebURL(str(MESSAGE)) from None
    return value


def is_safe_web_url(value: Any) -> bool:
    try:
        check_web_url(value)
    except UnsafeWebURL:
        return False
    return True


@deconstructible
class WebURLValidator:
    """Django validator form of `check_web_url`, for model and form fields."""

    code = "unsafe_url"

    def __call__(self, value: Any) -> None:
        try:
            check_web_url(value)
        except UnsafeWebURL as exc:
            raise ValidationError(str(exc), code=self.code) from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WebURLValidator)

    def __hash__(self) -> int:
        return hash(WebURLValidator)


validate_web_url = WebURLValidator()


def with_scheme(value: str) -> str:
    """Typed addresses often lack the scheme ("example.co.jp"): assume https, as forms do."""
    value = value.strip()
    if value and not _WEB_PREFIX.match(value):
        # Safe whatever the text: the result must still pass check_web_url.
        return "https://" + value
    return value


def clean_web_url(value: str | None, *, field: str, assume_scheme: bool = False) -> str:
    """For services: '' stays '', anything else must pass the rule (DomainError naming `field`)."""
    value = (value or "").strip()
    if not value:
        return ""
    if assume_scheme:
        value = with_scheme(value)
    try:
        return check_web_url(value)
    except UnsafeWebURL as exc:
        raise DomainError(str(exc), field=field) from None


class WebURLFormField(forms.URLField):
    """forms.URLField (https assumed when the scheme is left out) plus the stored-address rule."""

    default_validators = [validate_web_url]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


def _pydantic_check(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    return check_web_url(value)  # ValueError → 422 naming the field


# For API schemas: `website: WebURL = ""`. Empty means "no address".
WebURL = Annotated[str, AfterValidator(_pydantic_check)]


def safe_href(value: Any) -> str:
    """The value if it may be a link target, else ''. Never returns a non-http(s) address."""
    return value if is_safe_web_url(value) else ""


def blank_unsafe_urls(apps: Any, *, app_label: str, model_name: str, field: str, workspace_path: str) -> int:
    """Data migration: blank every stored `field` the rule refuses, one audit entry per blanked value.

    The old value is kept in the audit entry so an owner can see what was removed and re-enter a
    proper address. Returns the number of values blanked.
    """
    model = apps.get_model(app_label, model_name)
    audit_event = apps.get_model("accounts", "AuditEvent")
    blanked = 0
    rows = model.objects.exclude(**{field: ""}).values_list("pk", field, workspace_path)
    for pk, value, workspace_id in rows.iterator():
        if is_safe_web_url(value):
            continue
        model.objects.filter(pk=pk).update(**{field: ""})
        audit_event.objects.create(
            workspace_id=workspace_id,
            action="update",
            model=f"{app_label}.{model._meta.object_name}",
            object_id=str(pk),
            object_repr=f"{model._meta.object_name} #{pk}"[:200],
            changes={field: [value, ""], "reason": "unsafe web address removed"},
        )
        blanked += 1
    return blanked
