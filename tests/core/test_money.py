"""Yen amounts read as money in both languages, through one filter."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from kyoso.core.money import format_measure, format_number, format_percent, format_yen


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


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (95.0, None, "95"),
        (Decimal("95.50"), None, "95.5"),
        (95.25, None, "95.25"),
        (1234.0, None, "1,234"),
        (1234.5, None, "1,234.5"),
        (0, None, "0"),
        (-2.0, None, "-2"),
        (0.95 * 100, 1, "95"),  # 94.99999999999999 from a computed ratio
        (100 / 3, 1, "33.3"),
        (0.004, 2, "0"),
        (1.205, 2, "1.21"),  # half up, as a reader rounds
        (float("nan"), None, "nan"),
    ],
)
def test_one_rule_for_numbers_drops_a_trailing_zero_and_keeps_meaningful_decimals(
    value: object, places: int | None, text: str
) -> None:
    assert format_number(value, places) == text


def test_percent_and_measure_agree() -> None:
    assert format_percent(95.0) == format_measure(95.0, "%") == format_measure(95, "%") == "95%"
    assert format_percent(33.333) == "33.3%" and format_percent(12.345, 2) == "12.35%"
    assert format_percent(None) == "" and format_measure(None, "%") == ""
    assert format_measure(96.5, "%") == "96.5%"


def test_template_filters_share_the_rule() -> None:
    template = Template("{% load kyoso_format %}{{ a|measure:'%' }} {{ b|percent }} {{ c|percent:2 }}")
    assert template.render(Context({"a": 95.0, "b": 50.0, "c": 0.5})) == "95% 50% 0.5%"


SRC = Path(__file__).resolve().parents[2] / "src" / "kyoso"


def test_no_template_or_view_formats_a_percentage_by_itself() -> None:
    """Percentages go through `|percent`/`|measure` or format_percent, so "95.0%" cannot come back.

    Caught: `floatformat` next to a `%` in a template, and an f-string like f"{x:.1f}%" in Python.
    Integer progress values (`{{ job.progress }}%`) need no rule and are not caught.
    """
    template_hits = []
    for p in SRC.rglob("*.html"):
        text = p.read_text()
        template_hits += [m.group(0) for m in re.finditer(r"floatformat[^}]*\}\}\s*%", text)]
        for args, body in re.findall(r"\{% blocktrans(?:late)? (.*?)%\}(.*?)\{% endblocktrans", text, re.S):
            if "floatformat" in args and re.search(r"\}\}\s*%", body):
                template_hits.append(f"{p.relative_to(SRC)}: {body[:60]}")
    python_hits = [
        f"{p.relative_to(SRC)}: {m.group(0)}"
        for p in SRC.rglob("*.py")
        if "engine" not in p.parts
        for m in re.finditer(r"\{[^{}]*:[,.]?\d*f\}%", p.read_text())
    ]
    assert not template_hits and not python_hits, template_hits + python_hits
