"""`{{ session.user_agent|device }}`: the browser and system a session runs in, as a person names them."""

from __future__ import annotations

from django import template

from kyoso.accounts.devices import describe

register = template.Library()


@register.filter
def device(user_agent: str | None) -> str:
    return describe(user_agent)
