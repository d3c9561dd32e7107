"""The geometry of a KPI chart: plot area, value and date ticks, the target line and the points.

Labels are formatted in the template (the value with the KPI's unit through `|measure`, the date
through `|chart_date` in the reader's language), so one geometry serves both languages.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 100, 24, 28, 34


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round values covering lo..hi, about `count` steps of 1, 2, 2.5 or 5 times a power of ten."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks = []
    value = first
    while value < hi + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def date_ticks(first: dt.date, last: dt.date, count: int = 4) -> list[dt.date]:
    """Up to count + 1 dates spread evenly from the first to the last measurement, both included."""
    days = (last - first).days
    if days <= 0:
        return [first]
    steps = min(count, days)
    seen: list[dt.date] = []
    for i in range(steps + 1):
        d = first + dt.timedelta(days=round(i * days / steps))
        if d not in seen:
            seen.append(d)
    return seen


def kpi_chart(kpi: Any, measurements: list[Any]) -> dict[str, Any] | None:
    """Coordinates for the KPI's line chart with labelled axes and its target as a labelled line."""
    if not measurements:
        return None
    values = [m.value for m in measurements] + [kpi.target]
    ticks = nice_ticks(min(0.0, *values), max(values))
    lo, hi = ticks[0], ticks[-1]
    span = (hi - lo) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    d0, d1 = measurements[0].measured_on, measurements[-1].measured_on
    days = (d1 - d0).days

    def y(v: float) -> float:
        return round(TOP + plot_h - (v - lo) / span * plot_h, 1)

    def x(d: dt.date) -> float:
        return round(LEFT + (d - d0).days / days * plot_w if days > 0 else LEFT + plot_w / 2, 1)

    dates = date_ticks(d0, d1)
    points = [{"x": x(m.measured_on), "y": y(m.value), "m": m} for m in measurements]
    latest = measurements[-1].value
    reached = latest >= kpi.target if kpi.higher_is_better else latest <= kpi.target
    target_y = y(kpi.target)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + plot_h,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "y_ticks": [{"y": y(t), "value": t} for t in ticks],
        # the last date ends at the right edge of the plot, so its label ends there too
        "x_ticks": [
            {"x": x(d), "date": d, "anchor": "end" if i and i == len(dates) - 1 else "middle"}
            for i, d in enumerate(dates)
        ],
        "with_year": d0.year != d1.year,
        "target": kpi.target,
        "target_y": target_y,
        # The target's label sits at the left end of its line (where a rising KPI starts, away
        # from the latest points), above the line, or below it when the line runs along the top.
        "target_label_y": round(target_y - 4 if target_y - TOP > 14 else target_y + 12, 1),
        "latest": latest,
        "reached": reached,
    }
