"""Money and measured values in templates: `{{ project.budget_jpy|yen }}`, `{{ m.value|measure:kpi.unit }}`."""

from __future__ import annotations

from typing import Any

from django import template

from kyoso.core.money import format_measure, format_yen

register = template.Library()


@register.filter
def yen(value: Any) -> str:
    return format_yen(value)


@register.filter
def measure(value: Any, unit: str | None = None) -> str:
    return format_measure(value, unit)
