"""Yen amounts read as money in both languages, through one filter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from kyoso.core.money import format_measure, format_yen


@pytest.mark.parametrize(
    ("value", "ja", "en"),
    [
        (5_000_000, "500万円", "¥5,000,000"),
        (1_234_567, "123万4,567円", "¥1,234,567"),
        (150_000_000, "1億5,000万円", "¥150,000,000"),
        (0, "0円", "¥0"),
        (-30_000, "-3万円", "-¥30,000"),
    ],
)
def test_format_yen(value: int, ja: str, en: str) -> None:
    assert format_yen(value, "ja") == ja
    assert format_yen(value, "en") == en


def test_no_amount_is_empty_and_text_stays_text() -> None:
    assert format_yen(None) == ""
    assert format_yen("about 5M") == "about 5M"


def test_measure_reads_yen_units_as_money_and_keeps_other_units() -> None:
    assert format_measure(Decimal("300"), "万円", "ja") == "300万円"
    assert format_measure(Decimal("3000000"), "円", "en") == "¥3,000,000"
    assert format_measure(Decimal("1200"), "件", "ja") == "1,200件"
    assert format_measure(Decimal("95.5"), "%", "ja") == "95.5%"


def test_template_filter_follows_the_active_language() -> None:
    template = Template("{% load kyoso_format %}{{ v|yen }}")
    with translation.override("ja"):
        assert template.render(Context({"v": 5_000_000})) == "500万円"
    with translation.override("en"):
        assert template.render(Context({"v": 5_000_000})) == "¥5,000,000"
