"""Excel (openpyxl) and PDF (ReportLab) files from report sections.

Excel: one sheet per table, bold frozen header, number formats, auto-filter,
a bar chart where it helps; text that starts with = + - @ is stored as text,
never as a formula. PDF: A4, ringi-ready — title, workspace, date, author and
filters on top, page numbers at the foot. Japanese text uses IPAex Gothic,
embedded, when Debian's fonts-ipaexfont-gothic is installed (scripts/setup
installs it); otherwise the CID font HeiseiKakuGo-W5 that every PDF reader
substitutes with its own Japanese font.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kyoso.core.money import format_number, format_percent
from kyoso.reports import sections
from kyoso.reports.sections import Column, Section, Table

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
CID_FONT = "HeiseiKakuGo-W5"
EMBEDDED_FONT = "IPAexGothic"
EMBEDDED_FONT_PATHS = (
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
)


def japanese_font() -> str:
    """Register and return the font for Japanese text: embedded TrueType if present, else CID."""
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    if EMBEDDED_FONT in registered:
        return EMBEDDED_FONT
    for path in EMBEDDED_FONT_PATHS:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, path))
            return EMBEDDED_FONT
    if CID_FONT not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


@dataclass
class Meta:
    title: str
    workspace: str
    author: str
    generated: dt.datetime
    filters: str
    labels: dict[str, str]  # "workspace", "author", "date", "filters", "page", "none"


def cover_labels() -> dict[str, str]:
    """The words of an export's cover sheet and page foot, in the active language."""
    return {
        "workspace": _("Workspace"),
        "author": _("Author"),
        "date": _("Date"),
        "filters": _("Filters"),
        "none": _("none"),
        "page": _("Page %(n)s"),
        "summary": _("Summary"),
    }


def export_parts(key: str, src: sections.Sources, f: Any) -> tuple[list[Section], str]:
    """The sections of export `key` ("portfolio" = every section) and the file's title."""
    keys = list(sections.SECTION_KEYS) if key == "portfolio" else [key]
    parts = [sections.build(k, src, f) for k in keys]
    title = _("Open-innovation portfolio report") if key == "portfolio" else parts[0].title
    return parts, title


def _cell_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind in ("int", "jpy"):
        return int(value) if isinstance(value, (int, float)) else str(value)
    if column.kind in ("pct", "days"):
        return float(value) if isinstance(value, (int, float)) else str(value)
    return str(value)


NUMBER_FORMATS = {"int": "#,##0", "jpy": "#,##0", "pct": "0.0%", "days": "0.0"}


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Sheet"
    base, i = name, 2
    while name in used:
        name = f"{base[:25]} {i}"
        i += 1
    used.add(name)
    return name


def to_xlsx(sections: Sequence[Section], meta: Meta) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    cover = wb.active
    cover.title = _sheet_name(meta.labels.get("summary", "Summary"), used := set())
    cover["A1"] = meta.title
    cover["A1"].font = Font(bold=True, size=14)
    info = [
        (meta.labels["workspace"], meta.workspace),
        (meta.labels["author"], meta.author),
        (meta.labels["date"], meta.generated.strftime("%Y-%m-%d %H:%M")),
        (meta.labels["filters"], meta.filters or meta.labels["none"]),
    ]
    for i, (label, value) in enumerate(info, start=3):
        _put(cover.cell(row=i, column=1), label)
        _put(cover.cell(row=i, column=2), value)
    row = len(info) + 4
    for section in sections:
        for note in section.notes:
            _put(cover.cell(row=row, column=1), section.title)
            _put(cover.cell(row=row, column=2), note)
            row += 1
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 90

    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for section in sections:
        for table in section.tables:
            ws = wb.create_sheet(_sheet_name(table.title, used))
            for j, column in enumerate(table.columns, start=1):
                cell = ws.cell(row=1, column=j)
                _put(cell, column.label)
                cell.font = Font(bold=True)
                cell.fill = header_fill
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                ws.column_dimensions[get_column_letter(j)].width = (
                    40 if j == 1 else max(12, min(30, len(column.label) * 2))
                )
            for i, values in enumerate(table.rows, start=2):
                for j, (column, value) in enumerate(zip(table.columns, values, strict=False), start=1):
                    cell = ws.cell(row=i, column=j)
                    _put(cell, _cell_value(column, value))
                    if column.kind in NUMBER_FORMATS and isinstance(cell.value, (int, float)):
                        cell.number_format = NUMBER_FORMATS[column.kind]
            ws.freeze_panes = "A2"
            if table.rows:
                ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
                numeric = [
                    j for j, c in enumerate(table.columns, start=1) if c.kind in ("int", "jpy", "days")
                ]
                if (
                    numeric
                    and len(table.rows) > 1
                    and section.key in ("pipeline", "time", "sponsors", "events", "lessons")
                ):
                    chart = BarChart()
                    chart.type = "bar" if section.key != "lessons" else "col"
                    chart.title = table.title
                    chart.height, chart.width = 8, 18
                    first = numeric[0]
                    last = numeric[-1] if section.key == "lessons" else first
                    data = Reference(ws, min_col=first, max_col=last, min_row=1, max_row=len(table.rows) + 1)
                    chart.add_data(data, titles_from_data=True)
                    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(table.rows) + 1))
                    if section.key == "lessons":
                        chart.grouping = "stacked"
                        chart.overlap = 100
                    ws.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}2")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _put(cell: Any, value: Any) -> None:
    """Write a value; text that a spreadsheet would read as a formula stays text."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True


# --------------------------------------------------------------------------- PDF


def _pdf_text(column: Column, value: Any) -> str:
    if value is None:
        return "—"
    if column.kind == "pct" and isinstance(value, (int, float)):
        return format_percent(value * 100)
    if column.kind == "jpy" and isinstance(value, (int, float)):
        return f"¥{value:,.0f}"
    if column.kind == "days" and isinstance(value, (int, float)):
        return format_number(value, 1)
    if column.kind == "int" and isinstance(value, (int, float)):
        return f"{value:,}"
    return str(value)


def to_pdf(sections: Sequence[Section], meta: Meta) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    font = japanese_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=6)
    h_style = ParagraphStyle("h", fontName=font, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
    body_style = ParagraphStyle("body", fontName=font, fontSize=9, leading=13, wordWrap="CJK")
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story: list[Any] = [
        Paragraph(esc(meta.title), title_style),
        Paragraph(
            esc(
                f"{meta.labels['workspace']}: {meta.workspace}　{meta.labels['date']}: "
                f"{meta.generated:%Y-%m-%d %H:%M}　{meta.labels['author']}: {meta.author}"
            ),
            body_style,
        ),
        Paragraph(esc(f"{meta.labels['filters']}: {meta.filters or meta.labels['none']}"), body_style),
        Spacer(1, 4 * mm),
    ]
    width = A4[0] - 30 * mm
    for section in sections:
        story.append(Paragraph(esc(section.title), h_style))
        for note in section.notes:
            story.append(Paragraph(esc(note), body_style))
        story.extend(_chart_drawing(section, width))
        for table in section.tables:
            story.append(Paragraph(esc(table.title), body_style))
            data = [[Paragraph(esc(c.label), cell_style) for c in table.columns]]
            for values in table.rows:
                data.append(
                    [
                        Paragraph(esc(_pdf_text(c, v)), cell_style)
                        for c, v in zip(table.columns, values, strict=False)
                    ]
                )
            if len(data) == 1:
                data.append([Paragraph("—", cell_style) for _ in table.columns])
            first = width * (0.34 if len(table.columns) > 3 else 0.5)
            rest = (width - first) / max(1, len(table.columns) - 1)
            pdf_table = PdfTable(data, colWidths=[first] + [rest] * (len(table.columns) - 1), repeatRows=1)
            pdf_table.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0")),
                        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(pdf_table)
            story.append(Spacer(1, 3 * mm))

    page_label = meta.labels["page"]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(15 * mm, 10 * mm, f"{meta.title} — {meta.workspace}")
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, page_label % {"n": doc.page})
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=meta.title,
        author=meta.author,
        subject=meta.workspace,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _chart_drawing(section: Section, width: float) -> list[Any]:
    """A simple bar chart for the sections where one helps (funnel, events)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing

    table: Table | None = section.tables[0] if section.tables else None
    if table is None or len(table.rows) < 2 or section.key not in ("pipeline", "sponsors"):
        return []
    idx = next((j for j, c in enumerate(table.columns) if c.kind in ("int", "jpy")), None)
    if idx is None:
        return []
    values = [float(r[idx] or 0) for r in table.rows][:12]
    labels = [str(r[0])[:20] for r in table.rows][:12]
    height = 20 + 18 * len(values)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 10
    chart.width, chart.height = width - 140, height - 20
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = japanese_font()
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = None
    from reportlab.lib import colors

    chart.bars[0].fillColor = colors.HexColor("#1F5FA8")
    drawing.add(chart)
    return [drawing]
