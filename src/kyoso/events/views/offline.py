"""The offline helper of a participant's pages: a service worker limited to one page's path.

Once a participant has opened their agenda (the private link) or their portal page, the worker
keeps a copy of it and of the site's style sheet and scripts, so the agenda reads on the day even
without a connection at the venue.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from kyoso.events import selectors
from kyoso.events.views.agendas import _by_token


def _worker(page: str, key: str) -> HttpResponse:
    body = render_to_string(
        "events/offline-sw.js", {"page": page, "cache_key": hashlib.sha256(key.encode()).hexdigest()[:16]}
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # the worker may control the page's own path only (its folder, which is also the default)
    response["Service-Worker-Allowed"] = page
    response["Cache-Control"] = "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def agenda_worker(request: HttpRequest, token: str) -> HttpResponse:
    _event, participant, _meetings = _by_token(token)  # 404 unless the link is a live agenda
    return _worker(reverse("events:public_agenda", args=[participant.token]), f"agenda:{participant.token}")


@login_required
def portal_worker(request: HttpRequest, pid: int) -> HttpResponse:
    participant = selectors.own_participation(request.user, pid)
    return _worker(reverse("events:portal_participation", args=[participant.pk]), f"portal:{participant.pk}")
