"""KPI charts: a value axis with the KPI's unit, date ticks in the reader's language, a labelled target."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from kyoso.projects import services
from kyoso.projects.charts import date_ticks, nice_ticks

from .conftest import days_ago


def _svg(html: str) -> str:
    match = re.search(r"<svg.*?</svg>", html, re.S)
    assert match, "no chart on the page"
    return match.group(0)


def _texts(svg: str, group: str) -> list[str]:
    return re.findall(rf'<g class="{group}">.*?<text[^>]*>([^<]*)</text>', svg, re.S)


def test_value_ticks_are_round_and_cover_the_values():
    assert nice_ticks(0, 96) == [0, 25, 50, 75, 100]
    assert nice_ticks(0, 1200) == [0, 500, 1000, 1500]
    ticks = nice_ticks(0, 7)
    assert ticks[0] == 0 and ticks[-1] >= 7 and len(ticks) <= 6


def test_date_ticks_include_the_first_and_last_measurement():
    first, last = dt.date(2026, 9, 1), dt.date(2026, 12, 6)
    ticks = date_ticks(first, last)
    assert ticks[0] == first and ticks[-1] == last and ticks == sorted(ticks)
    assert date_ticks(first, first) == [first]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_chart_has_unit_axis_date_ticks_and_target(project, owner, login, language):
    owner.language = language
    owner.save(update_fields=["language"])
    kpi = services.add_kpi(project=project, by=owner, name="商談件数", target=40, unit="件", horizon_months=6)
    dates = [days_ago(90), days_ago(45), days_ago(2)]
    for d, v in zip(dates, [8.0, 21.0, 33.0], strict=True):
        services.add_measurement(kpi=kpi, by=owner, measured_on=d, value=v)
    html = login(owner).get(reverse("projects:tab", args=[project.pk, "progress"])).content.decode()
    svg = _svg(html)

    assert _texts(svg, "y-tick") == ["0件", "10件", "20件", "30件", "40件"]
    x_labels = _texts(svg, "x-tick")
    first, last = dates[0], dates[-1]
    if language == "ja":
        assert "単位：件" in svg and "目標 40件" in svg
        if first.year == last.year:
            assert (
                x_labels[0] == f"{first.month}月{first.day}日"
                and x_labels[-1] == f"{last.month}月{last.day}日"
            )
        else:
            assert x_labels[0] == f"{first:%Y/%m/%d}"
        assert not re.search(r"[A-Za-z]{3} \d", " ".join(x_labels))
    else:
        assert "Unit: 件" in svg and "Target 40件" in svg
        months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
        assert x_labels[0].startswith(f"{months[first.month - 1]} {first.day}")
        assert x_labels[-1].startswith(f"{months[last.month - 1]} {last.day}")
        assert "月" not in " ".join(x_labels)
    assert len(x_labels) >= 3
    target_line = re.search(r'<g class="target"><line[^>]*y1="([\d.]+)"', svg)
    forty = re.search(r'<g class="y-tick"><line[^>]*y1="([\d.]+)"[^>]*/><text[^>]*>40件<', svg)
    assert target_line and forty and target_line.group(1) == forty.group(1)


@pytest.mark.parametrize(
    ("language", "unit_text", "tick"), [("ja", "単位：万円", "500万円"), ("en", "Unit: ¥", "¥5,000,000")]
)
def test_money_kpi_reads_as_yen_in_each_language(project, owner, login, language, unit_text, tick):
    owner.language = language
    owner.save(update_fields=["language"])
    kpi = services.add_kpi(
        project=project, by=owner, name="受注額", target=1500, unit="万円", horizon_months=12
    )
    services.add_measurement(kpi=kpi, by=owner, measured_on=days_ago(30), value=400.0)
    services.add_measurement(kpi=kpi, by=owner, measured_on=days_ago(3), value=900.0)
    svg = _svg(login(owner).get(reverse("projects:tab", args=[project.pk, "progress"])).content.decode())
    assert unit_text in svg
    assert tick in _texts(svg, "y-tick")


def test_one_measurement_sits_on_its_only_date_tick(project, owner, login):
    kpi = services.add_kpi(project=project, by=owner, name="検出率", target=95, unit="%", horizon_months=6)
    services.add_measurement(kpi=kpi, by=owner, measured_on=days_ago(20), value=80.0)
    from kyoso.projects.charts import kpi_chart

    chart = kpi_chart(kpi, list(kpi.measurements.all()))
    assert chart and [t["value"] for t in chart["y_ticks"]] == [0, 25, 50, 75, 100]
    assert len(chart["x_ticks"]) == 1 and chart["points"][0]["x"] == chart["x_ticks"][0]["x"]
