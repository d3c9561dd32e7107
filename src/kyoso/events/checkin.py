"""Check-in by QR code: the code on a participant's badge and agenda, and reading it back.

The code holds an absolute URL to the organisers' check-in page. Its last part is a token signed
with the site's secret (`django.core.signing`, a salt of its own): it names the event and the
participant, and cannot be forged or altered, so nobody can walk through participants by changing
a number. The token grants nothing by itself: the page behind it asks for a signed-in organiser
of the event's workspace (`selectors.checkin_target`). Participants and outsiders who scan a badge
see a polite refusal.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlsplit

import segno
from django.core import signing
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kyoso.accounts import audit

SALT = "kyoso.events.checkin"


def token_for(participant: Any) -> str:
    """The signed token of the participant's check-in (stable: the same badge prints the same code)."""
    return str(signing.Signer(salt=SALT).sign_object([participant.event_id, participant.pk]))


def read_token(token: str) -> tuple[int, int] | None:
    """(event id, participant id) behind a token, or None when it was not made here or was altered."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token.strip())
    except (signing.BadSignature, ValueError):
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return None
    return value[0], value[1]


def url_for(participant: Any) -> str:
    """The absolute URL the QR code holds (at the address the current request reached the site at)."""
    return audit.absolute_url(reverse("events:checkin", args=[token_for(participant)]))


def token_in(text: str) -> str | None:
    """The token in what a scanner read or a person pasted: the whole URL, its path, or the token."""
    text = (text or "").strip()
    if not text:
        return None
    path = urlsplit(text).path if "/" in text else ""
    if path:
        try:
            match = resolve(path)
        except Resolver404:
            return None
        if match.view_name != "events:checkin":
            return None
        text = match.kwargs["token"]
    return text if read_token(text) is not None else None


def _qr(participant: Any) -> segno.QRCode:
    return segno.make_qr(url_for(participant), error="m")


def svg_markup(participant: Any) -> SafeString:
    """The QR code as inline SVG for a page.

    Inline rather than a `data:` image: pages carry no `data:` URLs at all, so a scripting-URL
    check (and the Content-Security-Policy's img-src) need no exception for it.
    """
    label = escape(gettext("QR code for check-in"))
    svg = str(_qr(participant).svg_inline(scale=4, border=2, svgclass="checkin-qr", lineclass=None))
    # segno's markup comes from the code's modules only; the label is escaped above.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308


def png_bytes(participant: Any, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    _qr(participant).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def matrix(participant: Any) -> list[list[bool]]:
    """The modules of the code, dark = True, without the quiet zone (PDFs draw them as vectors)."""
    return [[bool(cell) for cell in row] for row in _qr(participant).matrix]
