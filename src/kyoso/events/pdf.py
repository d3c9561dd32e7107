"""Printable PDFs for the day: per-participant agendas, table cards (slot × table) and name badges.

Agendas and badges carry the participant's check-in QR code (`kyoso.events.checkin`), drawn as
vector squares from the code's modules so it stays sharp at any print size.

Japanese text uses `kyoso.reports.exports.japanese_font()` (IPAex Gothic embedded when installed).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kyoso.events import checkin, clock
from kyoso.events.models import Event, Meeting, Participant
from kyoso.reports.exports import japanese_font


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4 * mm),
        "h": ParagraphStyle("h", fontName=font, fontSize=13, leading=18, spaceAfter=2 * mm),
        "body": ParagraphStyle("body", fontName=font, fontSize=10, leading=14),
        "small": ParagraphStyle("small", fontName=font, fontSize=8, leading=11, textColor=colors.grey),
        "huge": ParagraphStyle("huge", fontName=font, fontSize=60, leading=70, alignment=1),
        "big": ParagraphStyle("big", fontName=font, fontSize=18, leading=26, alignment=1),
        "mid": ParagraphStyle("mid", fontName=font, fontSize=13, leading=18, alignment=1),
    }


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _time(meeting: Meeting, event: Event) -> str:
    return clock.span(meeting.slot.start, meeting.slot.end, event)


def _event_line(event: Event) -> str:
    return " · ".join(x for x in (f"{event.date:%Y-%m-%d}", event.venue) if x)


QR_BORDER = 2  # modules of white around the code (scanners need a quiet zone)


def qr_drawing(participant: Participant, size: float) -> Drawing:
    """The participant's check-in QR code as a square drawing `size` points wide."""
    rows = checkin.matrix(participant)
    n = len(rows)
    cell = size / (n + 2 * QR_BORDER)
    drawing = Drawing(size, size)
    drawing.add(Rect(0, 0, size, size, fillColor=colors.white, strokeColor=None, strokeWidth=0))
    for y, row in enumerate(rows):
        x = 0
        while x < n:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < n and row[x]:
                x += 1
            drawing.add(
                Rect(
                    (QR_BORDER + start) * cell,
                    size - (QR_BORDER + y + 1) * cell,
                    (x - start) * cell,
                    cell,
                    fillColor=colors.black,
                    strokeColor=None,
                    strokeWidth=0,
                )
            )
    return drawing


PageFn = Callable[[int], None]


def _page_hook(on_page: PageFn | None) -> dict[str, Callable[..., None]]:
    if on_page is None:
        return {}

    def hook(canvas: object, doc: SimpleDocTemplate) -> None:
        on_page(doc.page)

    return {"onFirstPage": hook, "onLaterPages": hook}


def agendas_pdf(
    event: Event, agendas: Sequence[tuple[Participant, Iterable[Meeting]]], on_page: PageFn | None = None
) -> bytes:
    """One page per participant: their meetings in time order, with table and counterpart."""
    font = japanese_font()
    st = _styles(font)
    st["small_c"] = ParagraphStyle("small_c", parent=st["small"], alignment=1)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Agendas: %(event)s") % {"event": event.name},
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    story: list = []  # type: ignore[type-arg]
    for i, (participant, meetings) in enumerate(agendas):
        if i:
            story.append(PageBreak())
        head = [
            _p(event.name, st["title"]),
            _p(_event_line(event), st["small"]),
            Spacer(1, 4 * mm),
            _p(_("Agenda of %(name)s") % {"name": participant.name}, st["h"]),
        ]
        if participant.contact_name:
            head.append(_p(participant.contact_name, st["body"]))
        code = [qr_drawing(participant, 26 * mm), _p(_("Check-in: show this code"), st["small_c"])]
        top = Table([[head, code]], colWidths=[144 * mm, 30 * mm])
        top.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story.append(top)
        story.append(Spacer(1, 3 * mm))
        rows = [
            [
                _p(pgettext("meeting slot", "Time"), st["body"]),
                _p(_("Table"), st["body"]),
                _p(_("With"), st["body"]),
            ]
        ]
        for m in meetings:
            other = m.request.startup if m.request.corporate_id == participant.pk else m.request.corporate
            rows.append(
                [_p(_time(m, event), st["body"]), _p(m.table, st["body"]), _p(other.name, st["body"])]
            )
        if len(rows) == 1:
            story.append(_p(_("No meetings scheduled."), st["body"]))
            continue
        table = Table(rows, colWidths=[35 * mm, 20 * mm, 115 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(table)
    if not story:
        story.append(_p(_("No meetings scheduled."), st["body"]))
    doc.build(story, **_page_hook(on_page))
    return buffer.getvalue()


def table_cards_pdf(event: Event, meetings: Iterable[Meeting], on_page: PageFn | None = None) -> bytes:
    """One A5 card per meeting (slot × table): table number, time, both companies."""
    font = japanese_font()
    st = _styles(font)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A5),
        title=_("Table cards: %(event)s") % {"event": event.name},
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    )
    story: list = []  # type: ignore[type-arg]
    for m in meetings:
        if story:
            story.append(PageBreak())
        story += [
            _p(f"{event.name} · {m.slot.code} {_time(m, event)}", st["mid"]),
            Spacer(1, 4 * mm),
            _p(_("Table %(table)s") % {"table": m.table}, st["huge"]),
            Spacer(1, 6 * mm),
            _p(m.request.corporate.name, st["big"]),
            _p("×", st["mid"]),
            _p(m.request.startup.name, st["big"]),
        ]
    if not story:
        story.append(_p(_("No meetings scheduled."), st["body"]))
    doc.build(story, **_page_hook(on_page))
    return buffer.getvalue()


BADGE_WIDTH = 90 * mm
BADGE_HEIGHT = 62 * mm
BADGE_QR = 24 * mm  # the check-in code at the badge's right
BADGE_TEXT_WIDTH = BADGE_WIDTH - 8 * mm - BADGE_QR - 2 * mm


def _badge(event: Event, participant: Participant, st: dict[str, ParagraphStyle]) -> list:  # type: ignore[type-arg]
    person = participant.contact_name or participant.name
    lines = [
        _p(event.name, st["small_c"]),
        Spacer(1, 5 * mm),
        _p(person, st["big"]),
    ]
    if participant.contact_name:
        lines.append(_p(participant.name, st["mid"]))
    lines += [Spacer(1, 4 * mm), _p(f"{participant.get_side_display()} · {participant.code}", st["small_c"])]
    cell = Table(
        [[lines, qr_drawing(participant, BADGE_QR)]], colWidths=[BADGE_TEXT_WIDTH, BADGE_QR + 2 * mm]
    )
    cell.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [cell]


def badges_pdf(event: Event, participants: Iterable[Participant]) -> bytes:
    """Name badges, eight per A4 page (2 × 4, cut along the grey lines): person, company, side, id
    and the check-in QR code."""
    font = japanese_font()
    st = _styles(font)
    st["small_c"] = ParagraphStyle("small_c", parent=st["small"], alignment=1)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Name badges: %(event)s") % {"event": event.name},
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=15 * mm,
    )
    cells = [_badge(event, p, st) for p in participants]
    if not cells:
        doc.build([_p(_("No participants."), st["body"])])
        return buffer.getvalue()
    if len(cells) % 2:
        cells.append([])
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[BADGE_WIDTH] * 2, rowHeights=[BADGE_HEIGHT] * len(rows))
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
            ]
        )
    )
    doc.build([table])
    return buffer.getvalue()
