"""`{% load safe_urls %}{{ value|safe_href }}`: a stored address as a link target, or '' when unsafe."""

from __future__ import annotations

from typing import Any

from django import template

from kyoso.core import safe_urls

register = template.Library()


@register.filter
def safe_href(value: Any) -> str:
    return safe_urls.safe_href(value)
