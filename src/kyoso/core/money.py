"""Numbers as a reader expects them: ¥5,000,000 in English, 500万円 in Japanese; 95% rather than 95.0%.

`format_number` is the one rule for KPI values and percentages (the `measure` and `percent` template
filters and the report cells all go through it): no trailing ".0", the decimals that mean something,
thousands separators.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language

YEN_UNITS = frozenset({"円", "yen", "jpy", "¥", "￥", "万円"})


def is_yen(unit: str | None) -> bool:
    return (unit or "").strip().lower() in YEN_UNITS


def format_yen(value: Any, language: str | None = None) -> str:
    """The amount in the reader's language; '' for no amount, the value itself when it is not a number."""
    if value is None or value == "":
        return ""
    try:
        amount = int(Decimal(str(value)).to_integral_value())
    except (InvalidOperation, ValueError):
        return str(value)
    language = (language or get_language() or "ja").split("-")[0]
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if language != "ja":
        return f"{sign}¥{amount:,}"
    oku, rest = divmod(amount, 10**8)
    man, yen = divmod(rest, 10**4)
    parts = [
        f"{oku:,}億" if oku else "",
        f"{man:,}万" if man else "",
        f"{yen:,}" if yen or not amount else "",
    ]
    return f"{sign}{''.join(parts)}円"


def format_number(value: Any, places: int | None = None) -> str:
    """95.0 as 95, 95.50 as 95.5, 1234.5 as 1,234.5; `places` rounds (half up) before the zeros go.

    Values typed by a person (a KPI measurement) are shown with the decimals they carry; computed
    ones (a rate, a solver gap) pass `places` so that 33.33333 reads 33.3.
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def format_percent(value: Any, places: int | None = 1) -> str:
    """A value already in percent (95.0, not 0.95) as 95%, 33.3%; '' for no value."""
    text = format_number(value, places)
    return f"{text}%" if text else ""


def format_measure(value: Any, unit: str | None, language: str | None = None) -> str:
    """A measured value with its unit; yen units read as money."""
    if value is None or value == "":
        return ""
    if is_yen(unit):
        multiplier = 10**4 if (unit or "").strip() == "万円" else 1
        try:
            return format_yen(Decimal(str(value)) * multiplier, language)
        except InvalidOperation:
            return f"{value}{unit}"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return f"{format_number(value)}{unit or ''}"
    return f"{value}{unit or ''}"


def unit_label(unit: str | None, language: str | None = None) -> str:
    """The unit as an axis names it: 件, %, 万円; yen amounts read as ¥ in English."""
    language = (language or get_language() or "ja").split("-")[0]
    if is_yen(unit):
        return "¥" if language != "ja" else "円" if (unit or "").strip() != "万円" else "万円"
    return (unit or "").strip()
