"""Money, measured values and chart dates in templates.

`{{ project.budget_jpy|yen }}`, `{{ m.value|measure:kpi.unit }}`, `{{ rate|percent }}` (a value in
percent, rounded to one decimal; `|percent:2` for two), `{{ kpi.unit|unit_label }}`,
`{{ tick.date|chart_date:with_year }}` (12月6日 or 2026/12/06 in Japanese, Dec 6 or Dec 6, 2026 in English).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import get_language

from kyoso.core.money import format_measure, format_percent, format_yen
from kyoso.core.money import unit_label as _unit_label

register = template.Library()


@register.filter
def yen(value: Any) -> str:
    return format_yen(value)


@register.filter
def measure(value: Any, unit: str | None = None) -> str:
    return format_measure(value, unit)


@register.filter
def percent(value: Any, places: int = 1) -> str:
    """The one way a template shows a percentage: 95%, 33.3% (see kyoso.core.money.format_number)."""
    return format_percent(value, int(places))


@register.filter
def unit_label(unit: str | None) -> str:
    return _unit_label(unit)


EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter
def chart_date(value: dt.date | None, with_year: bool = False) -> str:
    """A date as an axis tick in the reader's language; the year only where the axis spans years."""
    if value is None:
        return ""
    if (get_language() or "ja").split("-")[0] == "ja":
        return f"{value:%Y/%m/%d}" if with_year else f"{value.month}月{value.day}日"
    text = f"{EN_MONTHS[value.month - 1]} {value.day}"
    return f"{text}, {value.year}" if with_year else text
