"""`{% load kyoso_forms %}{{ form|as_div_cached }}`: `form.as_div` through `kyoso.core.form_cache`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from kyoso.core import form_cache

register = template.Library()


@register.filter
def as_div_cached(form: Any) -> SafeString:
    return form_cache.as_div(form)
