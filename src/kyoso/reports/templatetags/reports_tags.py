"""Template filters for report tables: list index and cell formatting by column kind."""

from __future__ import annotations

from typing import Any

from django import template

from kyoso.core.money import format_number, format_percent, format_yen

register = template.Library()


@register.filter
def index(sequence: Any, i: int) -> Any:
    try:
        return sequence[i]
    except (IndexError, TypeError, KeyError):
        return None


@register.filter
def cell(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "pct" and isinstance(value, (int, float)):
        return format_percent(value * 100)
    if kind == "jpy" and isinstance(value, (int, float)):
        return format_yen(value)  # 3,000万円 in Japanese like the project pages, ¥30,000,000 in English
    if kind == "days" and isinstance(value, (int, float)):
        return format_number(value, 1)
    if kind == "int" and isinstance(value, (int, float)):
        return f"{value:,}"
    return str(value)
