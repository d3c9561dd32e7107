"""Download responses: the one way Kyoso names the file a response is saved as."""

from __future__ import annotations

from django.http import HttpResponseBase
from django.utils.http import content_disposition_header


def as_attachment(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    """Mark `response` as a download saved under `filename`.

    File names carry user input (participant ids, report names): Django's helper quotes and
    escapes them and switches to RFC 5987 `filename*` for anything outside plain ASCII, so a
    quote cannot add header parameters and a line break cannot reach the header at all.
    """
    header = content_disposition_header(True, filename)
    assert header is not None  # as_attachment=True always gives a header
    response["Content-Disposition"] = header
    return response
