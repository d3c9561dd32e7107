"""Server-rendered inline SVG charts (no JavaScript). Each page shows a <table> with the same numbers.

Every text is escaped; the result is marked safe for templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f5fa8", "#e07b00", "#2e8b57", "#b03060", "#6a5acd", "#8b6d00")
LEVEL_COLOURS = {"low": "#2e8b57", "medium": "#d4a017", "high": "#e07b00", "critical": "#c0392b"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str = ""


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    t = escape(title)
    return mark_safe(
        f'<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{t}</title>{''.join(body)}</svg>"
    )


def hbars(
    bars: Sequence[Bar],
    *,
    title: str,
    max_value: float | None = None,
    reference: tuple[float, str] | None = None,
    colour: str = PALETTE[0],
    label_width: int = 190,
) -> SafeString:
    """Horizontal bars, one row each; `reference` draws a dashed line at a value (e.g. a benchmark)."""
    width, row_h, top = 640, 28, 10
    plot = width - label_width - 100  # room after the longest bar for a value with its unit (2億3,800万円)
    top_value = max([max_value or 0.0, *[b.value for b in bars], reference[0] if reference else 0.0]) or 1.0
    height = top + row_h * max(1, len(bars)) + (24 if reference else 10)
    body = []
    for i, bar in enumerate(bars):
        y = top + i * row_h
        w = max(0.0, bar.value) / top_value * plot
        body.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" font-size="13">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}" rx="2"/>'
            f'<text x="{label_width + w + 6:.1f}" y="{y + 18}" font-size="12">{escape(bar.display or f"{bar.value:g}")}</text>'
        )
    if reference:
        x = label_width + reference[0] / top_value * plot
        bottom = top + row_h * max(1, len(bars))
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#c0392b" stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" font-size="12" fill="#c0392b">{escape(reference[1])}</text>'
        )
    return _svg(width, height, title, body)


def funnel(bars: Sequence[Bar], *, title: str) -> SafeString:
    """A centred funnel: each stage a bar whose width is its share of the first stage."""
    width, row_h, label_w = 640, 40, 150
    plot = width - label_w - 20
    first = max([b.value for b in bars] + [1.0])
    body = []
    for i, bar in enumerate(bars):
        y = 6 + i * row_h
        w = max(2.0, bar.value / first * plot) if bar.value else 2.0
        x = label_w + (plot - w) / 2
        body.append(
            f'<text x="{label_w - 8}" y="{y + 24}" text-anchor="end" font-size="13">{escape(bar.label)}</text>'
            f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{PALETTE[i % len(PALETTE)]}" rx="3"/>'
            f'<text x="{label_w + plot / 2:.1f}" y="{y + 25}" text-anchor="middle" font-size="13" fill="#fff" '
            f'stroke="#000" stroke-width="0.3">{escape(bar.display or f"{bar.value:g}")}</text>'
        )
    return _svg(width, 12 + row_h * max(1, len(bars)), title, body)


def grouped_hbars(
    groups: Sequence[tuple[str, Sequence[Bar]]], *, title: str, series: Sequence[str]
) -> SafeString:
    """Several bars per group (e.g. median and p90 per stage), with a legend."""
    width, bar_h, label_w = 640, 16, 150
    plot = width - label_w - 70
    top_value = max([b.value for _, bars in groups for b in bars] + [1.0])
    body, y = [], 26
    for j, name in enumerate(series):
        body.append(
            f'<rect x="{label_w + j * 140}" y="4" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
            f'<text x="{label_w + j * 140 + 16}" y="14" font-size="12">{escape(name)}</text>'
        )
    for label, bars in groups:
        body.append(
            f'<text x="{label_w - 8}" y="{y + bar_h * len(bars) / 2 + 5:.1f}" text-anchor="end" font-size="13">{escape(label)}</text>'
        )
        for j, bar in enumerate(bars):
            w = max(0.0, bar.value) / top_value * plot
            body.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 3}" fill="{PALETTE[j % len(PALETTE)]}"/>'
                f'<text x="{label_w + w + 5:.1f}" y="{y + 12}" font-size="11">{escape(bar.display or f"{bar.value:g}")}</text>'
            )
            y += bar_h
        y += 10
    return _svg(width, y + 4, title, body)


def stacked_columns(
    columns: Sequence[tuple[str, Sequence[float]]], *, title: str, series: Sequence[str]
) -> SafeString:
    """One column per x label (e.g. year), stacked by series (e.g. cause), with a legend below."""
    width, plot_h, top = 640, 200, 10
    n = max(1, len(columns))
    col_w = min(80.0, (width - 60) / n * 0.6)
    step = (width - 60) / n
    top_value = max([sum(v) for _, v in columns] + [1.0])
    body = [f'<line x1="40" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#888"/>']
    for i, (label, values) in enumerate(columns):
        x = 50 + i * step + (step - col_w) / 2
        y = top + plot_h
        for j, v in enumerate(values):
            h = v / top_value * plot_h
            y -= h
            if h > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{col_w:.1f}" height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}"/>'
                )
        body.append(
            f'<text x="{x + col_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="12">{sum(values):g}</text>'
            f'<text x="{x + col_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="12">{escape(label)}</text>'
        )
    ly = top + plot_h + 30
    for j, name in enumerate(series):
        lx = 40 + (j % 3) * 200
        yy = ly + (j // 3) * 18
        body.append(
            f'<rect x="{lx}" y="{yy}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
            f'<text x="{lx + 16}" y="{yy + 11}" font-size="12">{escape(name)}</text>'
        )
    return _svg(width, ly + 18 * ((len(series) + 2) // 3) + 6, title, body)


def heat_grid(
    rows: Sequence[tuple[str, Sequence[int]]], *, title: str, columns: Sequence[tuple[str, str]]
) -> SafeString:
    """Rows × level columns of counts; colour intensity by count, hue by level (columns: (level, label))."""
    width, cell_w, cell_h, label_w = 640, 100, 28, 230
    top_value = max([v for _, vs in rows for v in vs] + [1])
    body = []
    for j, (_, label) in enumerate(columns):
        body.append(
            f'<text x="{label_w + j * cell_w + cell_w / 2}" y="16" text-anchor="middle" font-size="12">{escape(label)}</text>'
        )
    for i, (label, values) in enumerate(rows):
        y = 24 + i * cell_h
        body.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" font-size="12">{escape(label)}</text>'
        )
        for j, v in enumerate(values):
            level = columns[j][0]
            opacity = 0.12 + 0.88 * (v / top_value) if v else 0.05
            body.append(
                f'<rect x="{label_w + j * cell_w}" y="{y}" width="{cell_w - 3}" height="{cell_h - 3}" '
                f'fill="{LEVEL_COLOURS.get(level, PALETTE[0])}" fill-opacity="{opacity:.2f}"/>'
                f'<text x="{label_w + j * cell_w + cell_w / 2}" y="{y + 18}" text-anchor="middle" font-size="12">{v}</text>'
            )
    return _svg(width, 30 + cell_h * max(1, len(rows)), title, body)
