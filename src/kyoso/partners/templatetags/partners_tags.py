"""Template helpers of the partner directory: match highlighting and facet links."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(text: Any, hit: Any) -> SafeString:
    """Escape `text` and wrap the words the search matched (`Hit.matched` labels) in <mark>."""
    value = escape(str(text or ""))
    labels: set[str] = set()
    for words in getattr(hit, "matched", {}).values():
        labels.update(w for w in words if len(w) >= 2)
    if not labels:
        return mark_safe(value)  # noqa: S308 - escaped above
    pattern = re.compile(
        "|".join(re.escape(escape(w)) for w in sorted(labels, key=len, reverse=True)), re.IGNORECASE
    )
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", value))  # noqa: S308


@register.simple_tag(takes_context=True)
def facet_query(context: Any, name: str, value: str) -> str:
    """The current query string with `name=value` (or without it when already chosen), page reset."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if params.get(name) == value:
        params.pop(name, None)
    else:
        params[name] = value
    return params.urlencode()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def candidate_reasons(row: Any, lang: str) -> list[tuple[str, int, str]]:
    return row.reasons(lang)  # type: ignore[no-any-return]
