"""Yen amounts as a reader expects them: ¥5,000,000 in English, 500万円 in Japanese."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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
    number = Decimal(str(value)) if isinstance(value, (int, float, Decimal)) else None
    if number is not None:
        # Thousands separators for large whole numbers; a stored 96.0 keeps its precision.
        text = (
            f"{int(number):,}" if number == number.to_integral_value() and abs(number) >= 1000 else str(value)
        )
        return f"{text}{unit or ''}"
    return f"{value}{unit or ''}"


def unit_label(unit: str | None, language: str | None = None) -> str:
    """The unit as an axis names it: 件, %, 万円; yen amounts read as ¥ in English."""
    language = (language or get_language() or "ja").split("-")[0]
    if is_yen(unit):
        return "¥" if language != "ja" else "円" if (unit or "").strip() != "万円" else "万円"
    return (unit or "").strip()
