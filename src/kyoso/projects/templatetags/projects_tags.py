"""Template helpers of the project pages."""

from __future__ import annotations

from typing import Any

from django import template

from kyoso.projects import selectors

register = template.Library()


@register.simple_tag
def delete_question(obj: Any) -> str:
    """`data-confirm` text of a record's delete button: what it is and what goes with it."""
    return selectors.deletion_question(obj)
