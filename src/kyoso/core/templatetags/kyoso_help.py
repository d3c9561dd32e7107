from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kyoso.core.help_topics import TOPIC_KEYS

register = template.Library()


@register.simple_tag
def help_link(key: str) -> str:
    """A small “?” link to the help topic `key`."""
    if key not in TOPIC_KEYS:
        raise template.TemplateSyntaxError(f"unknown help topic {key!r}")
    return format_html(
        '<a class="help-link" href="{}#{}" title="{}" aria-label="{}">?</a>',
        reverse("core:help"),
        key,
        _("Help"),
        _("Help"),
    )
